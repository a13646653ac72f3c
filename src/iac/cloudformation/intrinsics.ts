/**
 * CloudFormation intrinsic functions, evaluated the way CloudFormation would for one stack:
 * `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If` with the
 * template's `Conditions`, `Fn::FindInMap`, pseudo parameters and parameters. What cannot be
 * known from the template (`Fn::ImportValue`, a parameter without value, an attribute only AWS
 * knows) becomes an unknown value naming the intrinsic (`${Fn::GetAtt Log.Arn}`, see
 * iam/unknown-value.ts), known only at deploy time, and a notice naming it.
 */
import { hasUnknownValue, referenceOf, unknownValue, unknownValuesIn } from '../../iam/unknown-value.js';
import type { Notice } from '../../model/inventory.js';
import { isObject } from '../json.js';

/** Resolves `Ref` and `Fn::GetAtt` of the template's resources. */
export interface ResourceResolver {
  ref(logicalId: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
  has(logicalId: string): boolean;
}

export interface StackValues {
  file: string;
  /** Parameter values; a string in `unreadable` says why a parameter's value is not used instead. */
  parameters: Record<string, unknown>;
  unreadable: Record<string, string>;
  pseudo: Record<string, string>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
}

/** Marks a property or list element to be removed (`AWS::NoValue`). */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export class Evaluator {
  private readonly conditionValues = new Map<string, boolean>();
  /** Each unresolvable thing and the places (resource logical IDs, sections) that use it. */
  private readonly unresolvedUses = new Map<string, Set<string>>();
  private resources: ResourceResolver | undefined;

  constructor(private readonly stack: StackValues) {}

  useResources(resources: ResourceResolver): void {
    this.resources = resources;
  }

  /** The value with every intrinsic evaluated; `where` names the place for notices. */
  evaluate(value: unknown, where: string): unknown {
    const result = this.eval(value, where);
    return result === NO_VALUE ? undefined : result;
  }

  /** The value of a named condition of the template's `Conditions`. */
  condition(name: string, where: string): boolean {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    if (!(name in this.stack.conditions)) {
      this.unresolved(`condition ${name}`, where);
      return false;
    }
    this.conditionValues.set(name, false); // a cycle reads false
    const value = this.truth(this.stack.conditions[name], `Conditions.${name}`);
    this.conditionValues.set(name, value);
    return value;
  }

  private truth(value: unknown, where: string): boolean {
    const result = this.eval(value, where);
    return result === true || result === 'true';
  }

  private eval(value: unknown, where: string): unknown {
    if (Array.isArray(value)) {
      return value.map((v, i) => this.eval(v, `${where}[${i}]`)).filter((v) => v !== NO_VALUE);
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const fn = FUNCTIONS[key];
      if (fn) return fn(this, value[key], `${where}.${key}`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const evaluated = this.eval(v, `${where}.${key}`);
      if (evaluated !== NO_VALUE) out[key] = evaluated;
    }
    return out;
  }

  /**
   * Records an unresolvable part, and returns the unknown value that stands for it: the
   * intrinsic and its argument (`Fn::GetAtt Log.Arn`, `Ref Param`); `why` is for the notice.
   */
  unresolved(reference: string, where: string, why?: string): string {
    const value = unknownValue(reference);
    const description = why === undefined ? referenceOf(value) : `${referenceOf(value)} (${why})`;
    const place = /^Resources\.([^.]+)/.exec(where)?.[1] ?? where.split('.')[0]!;
    const uses = this.unresolvedUses.get(description) ?? new Set();
    uses.add(place);
    this.unresolvedUses.set(description, uses);
    return value;
  }

  /** One notice per unresolvable thing, naming where it is used. */
  notices(): Notice[] {
    return [...this.unresolvedUses].map(([description, uses]) => ({
      level: 'warning',
      message: `${this.stack.file}: ${description} cannot be resolved from the template (used by ${[...uses].join(', ')}); access that depends on it is known only at deploy time`,
      source: { file: this.stack.file },
    }));
  }

  ref(name: string, where: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const pseudo = this.stack.pseudo[name];
    if (pseudo !== undefined) return pseudo;
    const unreadable = this.stack.unreadable[name];
    if (unreadable !== undefined) return this.unresolved(`Ref ${name}`, where, `parameter: ${unreadable}`);
    if (name in this.stack.parameters) {
      const parameter = this.stack.parameters[name];
      return parameter === undefined ? this.unresolved(`Ref ${name}`, where, 'parameter: no value given, no default') : parameter;
    }
    if (this.resources?.has(name)) return this.resources.ref(name);
    return this.unresolved(`Ref ${name}`, where);
  }

  getAtt(args: unknown, where: string): unknown {
    const list = Array.isArray(args) ? args : typeof args === 'string' ? splitOnce(args) : [];
    const [id, attribute] = list.map((v, i) => this.eval(v, `${where}[${i}]`));
    if (typeof id !== 'string' || typeof attribute !== 'string') return this.unresolved('Fn::GetAtt with an invalid argument', where);
    if (!this.resources?.has(id)) return this.unresolved(`Fn::GetAtt ${id}.${attribute}`, where);
    const value = this.resources.getAtt(id, attribute);
    return value === undefined ? this.unresolved(`Fn::GetAtt ${id}.${attribute}`, where) : value;
  }

  sub(args: unknown, where: string): unknown {
    const [template, variables] = Array.isArray(args) ? args : [args, {}];
    const text = this.eval(template, where);
    if (typeof text !== 'string') return this.unresolved('Fn::Sub of a non-string', where);
    const values = isObject(variables) ? (this.eval(variables, where) as Record<string, unknown>) : {};
    // `${Name}`, `${Logical.Attribute}`, and `${!Literal}` for a literal `${Literal}`.
    return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      const value = name in values ? values[name] : name.includes('.') && !name.startsWith('AWS::') ? this.getAtt(name, where) : this.ref(name, where);
      return value === NO_VALUE ? '' : stringOf(value, whole);
    });
  }

  findInMap(args: unknown, where: string): unknown {
    const list = Array.isArray(args) ? args.map((v, i) => this.eval(v, `${where}[${i}]`)) : [];
    const [map, top, second, options] = list;
    const level1 = typeof map === 'string' ? this.stack.mappings[map] : undefined;
    const level2 = isObject(level1) && typeof top === 'string' ? level1[top] : undefined;
    const value = isObject(level2) && typeof second === 'string' ? level2[second] : undefined;
    if (value !== undefined) return value;
    if (isObject(options) && 'DefaultValue' in options) return options['DefaultValue'];
    return this.unresolved(`Fn::FindInMap ${[map, top, second].map(String).join('.')}`, where);
  }
}

type Fn = (evaluator: Evaluator, args: unknown, where: string) => unknown;

const FUNCTIONS: Record<string, Fn> = {
  Ref: (e, args, where) => (typeof args === 'string' ? e.ref(args, where) : e.unresolved('Ref with an invalid argument', where)),
  'Fn::GetAtt': (e, args, where) => e.getAtt(args, where),
  'Fn::Sub': (e, args, where) => e.sub(args, where),
  'Fn::Join': (e, args, where) => {
    const [delimiter, list] = Array.isArray(args) ? args.map((v, i) => e.evaluate(v, `${where}[${i}]`)) : [];
    // A list known only at deploy time stays one unknown value, joined or not.
    if (typeof list === 'string' && hasUnknownValue(list)) return list;
    if (typeof delimiter !== 'string' || !Array.isArray(list)) return e.unresolved('Fn::Join with an invalid argument', where);
    return list.map((item) => stringOf(item, '')).join(delimiter);
  },
  'Fn::Select': (e, args, where) => {
    const [index, list] = Array.isArray(args) ? args.map((v, i) => e.evaluate(v, `${where}[${i}]`)) : [];
    const at = Number(index);
    if (Array.isArray(list) && Number.isInteger(at) && at >= 0 && at < list.length) return list[at];
    const unknown = typeof list === 'string' ? hasUnknownValue(list) : Array.isArray(list) && list.some(isUnknownText);
    return e.unresolved(unknown ? `Fn::Select ${String(index)} of ${stringOf(list, '?')}` : 'Fn::Select out of range', where);
  },
  'Fn::Split': (e, args, where) => {
    const [delimiter, text] = Array.isArray(args) ? args.map((v, i) => e.evaluate(v, `${where}[${i}]`)) : [];
    return typeof delimiter === 'string' && typeof text === 'string' && delimiter !== '' ? splitKnown(text, delimiter) : e.unresolved('Fn::Split with an invalid argument', where);
  },
  'Fn::If': (e, args, where) => {
    if (!Array.isArray(args) || typeof args[0] !== 'string') return e.unresolved('Fn::If with an invalid argument', where);
    return e.evaluate(e.condition(args[0], where) ? args[1] : args[2], where) ?? NO_VALUE;
  },
  'Fn::Equals': (e, args, where) => {
    const [a, b] = Array.isArray(args) ? args.map((v, i) => e.evaluate(v, `${where}[${i}]`)) : [];
    return JSON.stringify(a) === JSON.stringify(b);
  },
  'Fn::And': (e, args, where) => Array.isArray(args) && args.every((v, i) => truthy(e.evaluate(v, `${where}[${i}]`))),
  'Fn::Or': (e, args, where) => Array.isArray(args) && args.some((v, i) => truthy(e.evaluate(v, `${where}[${i}]`))),
  'Fn::Not': (e, args, where) => !truthy(e.evaluate(Array.isArray(args) ? args[0] : args, where)),
  Condition: (e, args, where) => (typeof args === 'string' ? e.condition(args, where) : false),
  'Fn::FindInMap': (e, args, where) => e.findInMap(args, where),
  'Fn::Base64': (e, args, where) => e.evaluate(args, where),
  'Fn::ToJsonString': (e, args, where) => JSON.stringify(e.evaluate(args, where)),
  'Fn::Length': (e, args, where) => {
    const list = e.evaluate(args, where);
    if (Array.isArray(list) && !list.some(isUnknownText)) return list.length;
    return e.unresolved(Array.isArray(list) || typeof list === 'string' ? `Fn::Length of ${stringOf(list, '?')}` : 'Fn::Length of a non-list', where);
  },
  'Fn::ImportValue': (e, args, where) => e.unresolved(`Fn::ImportValue ${stringOf(e.evaluate(args, where), '?')}`, where),
  'Fn::GetAZs': (e, _args, where) => e.unresolved('Fn::GetAZs', where),
  'Fn::Cidr': (e, _args, where) => e.unresolved('Fn::Cidr', where),
  'Fn::Transform': (e, _args, where) => e.unresolved('Fn::Transform', where, 'macros are not run'),
};

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

function stringOf(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => stringOf(v, fallback)).join(',');
  return fallback;
}

/** A list element, or a whole list, that holds a value known only at deploy time. */
function isUnknownText(value: unknown): boolean {
  return typeof value === 'string' && hasUnknownValue(value);
}

/**
 * `Fn::Split` that never cuts an unknown value: the delimiter is looked for in the known text
 * only, so an unknown list parameter stays one element (were the unknown value to hold the
 * delimiter, the elements after it would be numbered differently at deploy time).
 */
function splitKnown(text: string, delimiter: string): string[] {
  const unknowns = unknownValuesIn(text);
  const masked = unknowns.reduce((t, value, i) => t.replace(value, `\u0000${i}\u0000`), text);
  return masked.split(delimiter).map((part) => part.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => unknowns[Number(i)]!));
}

function splitOnce(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

