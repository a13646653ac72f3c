/**
 * The plan's `configuration` block: each resource's expressions (constant values and the
 * references they are computed from), module calls and provider settings. Used to tell a value
 * the configuration sets from one the provider computes, and to resolve values only known after
 * apply from what they reference.
 */
import { isObject } from '../json.js';

export interface ConfigResource {
  expressions: Record<string, unknown>;
  providerConfigKey?: string;
}

/** A reference to a resource attribute: `aws_iam_role.app.arn`, `data.aws_x.y["k"].json`. */
export interface AttributeReference {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** The instance key written in the reference (`[0]`, `["k"]`), if any. */
  key?: string;
  /** True for `aws_x.y[each.key]` / `aws_x.y[count.index]`: the referring instance's own key. */
  sameKey?: boolean;
  /** Absent when the reference names the resource only (Terraform before 1.0 lists no attribute). */
  attribute?: string;
}

interface ConfigModule {
  resources: Map<string, ConfigResource>;
  calls: Map<string, ModuleCall>;
  /** The module's input variables: `{"default": ...}`, without `default` when one is required. */
  variables: Record<string, unknown>;
  /** The module's outputs: `{"expression": ...}`. */
  outputs: Record<string, unknown>;
}

interface ModuleCall {
  source?: string;
  module: ConfigModule;
  /** The inputs the call passes, by variable name. */
  expressions: Record<string, unknown>;
}

export class TerraformConfiguration {
  private readonly root: ConfigModule;
  private readonly providers: Record<string, unknown>;

  constructor(raw: unknown) {
    const config = isObject(raw) ? raw : {};
    this.root = readModule(config['root_module']);
    this.providers = isObject(config['provider_config']) ? config['provider_config'] : {};
  }

  /** The configuration block of a resource, by module names (see moduleNames) and local address. */
  resource(modules: readonly string[], mode: 'managed' | 'data', type: string, name: string): ConfigResource | undefined {
    return this.module(modules)?.resources.get(`${mode === 'data' ? 'data.' : ''}${type}.${name}`);
  }

  /** The `source` of the call of the module at `modules` (the last name). */
  moduleSource(modules: readonly string[]): string | undefined {
    const parent = this.module(modules.slice(0, -1));
    return parent?.calls.get(modules[modules.length - 1] ?? '')?.source;
  }

  /**
   * True when an expression written in the module at `modules` can only be null: a constant
   * null, or one that reads nothing but input variables that are null there (the call passes
   * none, or null, and the default is null), through any depth of module calls. A template or
   * function of a null variable is an error in Terraform, so such an expression is the variable.
   */
  isNull(modules: readonly string[], expression: unknown): boolean {
    if (!isObject(expression)) return false;
    if ('constant_value' in expression) return expression['constant_value'] === null;
    const refs = referencesOf(expression);
    return refs.length > 0 && refs.every((ref) => {
      const variable = variableName(ref);
      return variable !== undefined && this.variableIsNull(modules, variable);
    });
  }

  private variableIsNull(modules: readonly string[], name: string): boolean {
    const call = this.call(modules);
    const variable = call && Object.hasOwn(call.module.variables, name) ? call.module.variables[name] : undefined;
    if (!call || !isObject(variable)) return false;
    if (Object.hasOwn(call.expressions, name)) return this.isNull(modules.slice(0, -1), call.expressions[name]);
    return 'default' in variable && variable['default'] === null;
  }

  /** The expression of the output `name` of the module at `modules`, if any. */
  output(modules: readonly string[], name: string): unknown {
    const outputs = this.module(modules)?.outputs;
    const output = outputs && Object.hasOwn(outputs, name) ? outputs[name] : undefined;
    return isObject(output) ? output['expression'] : undefined;
  }

  /** The expression the caller of the module at `modules` passes for its input `name`, if any. */
  input(modules: readonly string[], name: string): unknown {
    const expressions = this.call(modules)?.expressions;
    return expressions && Object.hasOwn(expressions, name) ? expressions[name] : undefined;
  }

  /**
   * The call of the module at `modules`, in its caller. None for the root module, whose
   * variables are given values when planning: an unknown never comes from one.
   */
  private call(modules: readonly string[]): ModuleCall | undefined {
    if (modules.length === 0) return undefined;
    return this.module(modules.slice(0, -1))?.calls.get(modules[modules.length - 1]!);
  }

  /** The region a resource's provider configuration sets as a constant. */
  region(providerConfigKey: string | undefined): string | undefined {
    const key = providerConfigKey ?? 'aws';
    // Terraform 0.12/0.13 prefix module resources' keys with the module name: `iam:aws`.
    const candidates = [key, key.slice(key.lastIndexOf(':') + 1)];
    for (const candidate of candidates) {
      const provider = this.providers[candidate];
      const expressions = isObject(provider) ? provider['expressions'] : undefined;
      const region = isObject(expressions) ? constantOf(expressions['region']) : undefined;
      if (typeof region === 'string' && region !== '') return region;
    }
    return undefined;
  }

  private module(modules: readonly string[]): ConfigModule | undefined {
    let current: ConfigModule | undefined = this.root;
    for (const name of modules) current = current?.calls.get(name)?.module;
    return current;
  }
}

function readModule(raw: unknown): ConfigModule {
  const module: ConfigModule = { resources: new Map(), calls: new Map(), variables: {}, outputs: {} };
  if (!isObject(raw)) return module;
  for (const entry of Array.isArray(raw['resources']) ? raw['resources'] : []) {
    if (!isObject(entry) || typeof entry['address'] !== 'string') continue;
    module.resources.set(entry['address'], {
      expressions: isObject(entry['expressions']) ? entry['expressions'] : {},
      ...(typeof entry['provider_config_key'] === 'string' ? { providerConfigKey: entry['provider_config_key'] } : {}),
    });
  }
  if (isObject(raw['variables'])) module.variables = raw['variables'];
  if (isObject(raw['outputs'])) module.outputs = raw['outputs'];
  const calls = isObject(raw['module_calls']) ? raw['module_calls'] : {};
  for (const [name, call] of Object.entries(calls)) {
    if (!isObject(call)) continue;
    module.calls.set(name, {
      ...(typeof call['source'] === 'string' ? { source: call['source'] } : {}),
      module: readModule(call['module']),
      expressions: isObject(call['expressions']) ? call['expressions'] : {},
    });
  }
  return module;
}

/** The `constant_value` of an expression, if it has one. */
function constantOf(expression: unknown): unknown {
  return isObject(expression) ? expression['constant_value'] : undefined;
}

/** The `references` of an expression. */
export function referencesOf(expression: unknown): string[] {
  const refs = isObject(expression) ? expression['references'] : undefined;
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * The resource (attribute) an expression refers to when it is a plain reference to one resource
 * (`role = aws_iam_role.app.arn`, `data.x.y[each.key].json`), as Terraform lists it: the
 * attribute, then the resource. Expressions that mix references to several things return
 * undefined.
 */
export function directReference(expression: unknown): AttributeReference | undefined {
  const all = referencesOf(expression);
  const refs = all.filter((r) => !SAME_KEY.has(r));
  if (refs.length === 0 || refs.length > 3) return undefined;
  const parsed = parseReference(refs[0]!);
  if (!parsed) return undefined;
  // The rest may only be the same resource, with or without the instance key.
  const resource = parsed.attribute === undefined ? refs[0]! : refs[0]!.slice(0, refs[0]!.length - parsed.attribute.length - 1);
  const base = resource.replace(/\[[^\]]*\]$/, '');
  if (!refs.slice(1).every((r) => r === resource || r === base)) return undefined;
  return all.length > refs.length && parsed.key === undefined ? { ...parsed, sameKey: true } : parsed;
}

const SAME_KEY = new Set(['each.key', 'count.index']);

/**
 * The module and output an expression reads when it reads one module output and nothing else
 * (`module.iam.role_arn`, which Terraform lists with `module.iam`).
 */
export function moduleOutput(expression: unknown): { module: string; output: string } | undefined {
  const refs = referencesOf(expression);
  const output = refs.length > 0 ? /^module\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)$/.exec(refs[0]!) : null;
  return output && refs.every((ref) => ref === refs[0] || ref === `module.${output[1]}`) ? { module: output[1]!, output: output[2]! } : undefined;
}

/** `x` when an expression reads one input variable and nothing else (`var.x`). */
export function inputVariable(expression: unknown): string | undefined {
  return soleReference(expression, variableName);
}

/** `x` when an expression reads one local value and nothing else (`local.x`). */
export function localValue(expression: unknown): string | undefined {
  return soleReference(expression, localName);
}

/** `x` of the reference `local.x`. */
export function localName(reference: string): string | undefined {
  return /^local\.([A-Za-z_][\w-]*)$/.exec(reference)?.[1];
}

function soleReference(expression: unknown, nameOf: (reference: string) => string | undefined): string | undefined {
  const refs = referencesOf(expression);
  const name = refs.length > 0 ? nameOf(refs[0]!) : undefined;
  return refs.every((ref) => ref === refs[0]) ? name : undefined;
}

/** `x` of the reference `var.x`. */
function variableName(reference: string): string | undefined {
  return /^var\.([A-Za-z_][\w-]*)$/.exec(reference)?.[1];
}

/** `aws_iam_role.app["k"].arn` → parts; undefined for `var.x`, `local.x`, `module.m.out`, `each.value`. */
export function parseReference(reference: string): AttributeReference | undefined {
  const match = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?(?:\.([a-z_][a-z0-9_]*))?$/.exec(reference);
  if (!match) return undefined;
  const [, data, type, name, key, attribute] = match as unknown as [string, string | undefined, string, string, string | undefined, string | undefined];
  if (!data && NOT_RESOURCES.has(type)) return undefined;
  return { mode: data ? 'data' : 'managed', type, name, ...(key ? { key } : {}), ...(attribute ? { attribute } : {}) };
}

const NOT_RESOURCES = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self']);
