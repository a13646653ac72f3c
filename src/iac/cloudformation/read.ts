/**
 * Reads CloudFormation templates (JSON or YAML) and CDK cloud assemblies (`cdk.out`) into
 * Inventories; a PR is read at its base and at its head (DESIGN.md §1).
 */
import { posix } from 'node:path';
import { InputError } from '../../model/errors.js';
import type { InputFile } from '../../model/input.js';
import type { Inventory, State } from '../../model/inventory.js';
import { InventoryBuilder, placeholderNotice, UNKNOWN_ACCOUNT, UNKNOWN_REGION } from '../builder.js';
import { isObject, parseJson } from '../json.js';
import { OrganizationCollector } from '../organization.js';
import { decodeInput } from '../text.js';
import { CFN_HANDLERS } from './resources.js';
import { Stack, stackEnvironment } from './stack.js';
import { parseTemplate } from './template.js';

export interface CloudFormationOptions {
  /** Values of the template's parameters; parameters not given take their defaults. */
  parameters?: Record<string, string>;
  /** The account the stack deploys into (`AWS::AccountId`). */
  accountId?: string;
  /** The region (`AWS::Region`). */
  region?: string;
  /** The stack name (`AWS::StackName`, and generated names); default: the template's file name. */
  stackName?: string;
}

const PHASES = ['declare', 'attach', 'extend', 'use'] as const;

/** The template at the PR's base (before) and head (after); a missing side is an empty inventory. */
export function readCloudFormation(pair: { base?: InputFile; head?: InputFile }, options: CloudFormationOptions = {}): State {
  return {
    before: pair.base ? readTemplates([pair.base], options) : emptyFor(options),
    after: pair.head ? readTemplates([pair.head], options) : emptyFor(options),
  };
}

/** A CDK cloud assembly (`manifest.json` and the templates it lists) at the PR's base and head. */
export function readCdkOut(pair: { base?: InputFile[]; head?: InputFile[] }, options: Omit<CloudFormationOptions, 'stackName' | 'parameters'> = {}): State {
  return {
    before: pair.base ? readAssembly(pair.base, options) : emptyFor(options),
    after: pair.head ? readAssembly(pair.head, options) : emptyFor(options),
  };
}

function emptyFor(options: CloudFormationOptions): Inventory {
  return new InventoryBuilder(options.accountId).build();
}

interface StackInput {
  file: InputFile;
  stackName: string;
  accountId?: string;
  region?: string;
  parameters?: Record<string, string>;
}

function readTemplates(files: InputFile[], options: CloudFormationOptions): Inventory {
  return readStacks(
    files.map((file) => ({ file, stackName: options.stackName ?? stackNameOf(file.path), ...definedOptions(options) })),
    options.accountId,
  );
}

function definedOptions(options: CloudFormationOptions): Partial<StackInput> {
  return {
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.parameters ? { parameters: options.parameters } : {}),
  };
}

function readStacks(inputs: StackInput[], accountId: string | undefined): Inventory {
  const builder = new InventoryBuilder(accountId ?? inputs.find((i) => i.accountId)?.accountId);
  const org = new OrganizationCollector();
  for (const input of inputs) readStack(input, builder, org);
  org.finish(builder, { file: inputs[0]?.file.path ?? '' });
  const inventory = builder.build();
  const placeholders = placeholderNotice(inputs.map((i) => i.file.path).join(', '), [inventory]);
  if (placeholders) inventory.notices.push(placeholders);
  return inventory;
}

function readStack(input: StackInput, builder: InventoryBuilder, org: OrganizationCollector): void {
  const { file } = input;
  const parsed = parseTemplate(file);
  for (const notice of parsed.notices) builder.addNotice(notice);
  const env = stackEnvironment(input.stackName, input.accountId ?? builder.accountId ?? UNKNOWN_ACCOUNT, input.region ?? UNKNOWN_REGION);
  const stack = new Stack(file.path, env, parsed, parameterValues(parsed.template, input.parameters ?? {}), builder);
  const transform = parsed.template['Transform'];
  if (transform !== undefined) {
    builder.addNotice({ level: 'warning', message: `${file.path}: the template uses Transform ${JSON.stringify(transform)}, which is not expanded; resources it generates are not read`, source: { file: file.path } });
  }
  const created = [...stack.resources.keys()].filter((id) => stack.created(id));
  for (const phase of PHASES) {
    for (const id of created) {
      for (const handler of CFN_HANDLERS[stack.resources.get(id)!.Type] ?? []) {
        if (handler.phase === phase) handler.read(stack, id, stack.properties(id), org);
      }
    }
  }
  for (const id of created) reportUnsupported(stack, id);
  for (const notice of stack.evaluator.notices()) builder.addNotice(notice);
}

/**
 * Parameter values: given, else the default; list types split on commas. A `NoEcho` parameter
 * (a secret) is never read, and an SSM parameter type's value is only known at deploy time.
 */
function parameterValues(template: Record<string, unknown>, given: Record<string, string>): { values: Record<string, unknown>; unreadable: Record<string, string> } {
  const declared = isObject(template['Parameters']) ? template['Parameters'] : {};
  const values: Record<string, unknown> = {};
  const unreadable: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const type = isObject(spec) && typeof spec['Type'] === 'string' ? spec['Type'] : 'String';
    if (isObject(spec) && (spec['NoEcho'] === true || spec['NoEcho'] === 'true')) {
      unreadable[name] = 'NoEcho: a secret, not read';
      continue;
    }
    if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      unreadable[name] = 'read from SSM Parameter Store at deploy time';
      continue;
    }
    const raw = name in given ? given[name] : isObject(spec) ? spec['Default'] : undefined;
    const value = raw === undefined || raw === null ? undefined : typeof raw === 'string' || typeof raw === 'number' ? String(raw) : raw;
    values[name] = typeof value === 'string' && (type.startsWith('List<') || type === 'CommaDelimitedList') ? value.split(',').map((v) => v.trim()) : value;
  }
  return { values, unreadable };
}

/** Policy-bearing resources of types not read yet, and SAM resources, are named in a notice. */
function reportUnsupported(stack: Stack, id: string): void {
  const type = stack.resources.get(id)!.Type;
  if (CFN_HANDLERS[type]) return;
  if (type.startsWith('AWS::Serverless::')) {
    stack.builder.addNotice({ level: 'warning', message: `${id}: ${type} is a SAM resource; the Serverless transform is not expanded, so its access is not analysed`, source: stack.source(id) });
    return;
  }
  // The written properties: evaluating them would report intrinsics that decide no access.
  const properties = stack.resources.get(id)!.Properties;
  const policies = Object.keys(properties).filter((key) => /polic/i.test(key) && looksLikePolicy(properties[key]));
  if (policies.length > 0) {
    stack.builder.addNotice({
      level: 'warning',
      message: `${id}: ${type} carries a policy (${policies.join(', ')}) that Access Delta does not read yet; the access it grants is not analysed`,
      source: stack.source(id),
    });
  }
}

function looksLikePolicy(value: unknown): boolean {
  if (isObject(value)) return 'Statement' in value || Object.values(value).some(looksLikePolicy);
  if (Array.isArray(value)) return value.some(looksLikePolicy);
  return typeof value === 'string' && value.includes('"Statement"');
}

function stackNameOf(path: string): string {
  const base = posix.basename(path.replaceAll('\\', '/')).replace(/\.(template\.)?(json|ya?ml)$/i, '');
  const name = base.replace(/[^A-Za-z0-9-]/g, '-').replace(/^[^A-Za-z]+/, '');
  return name === '' ? 'stack' : name.slice(0, 128);
}

/**
 * A cloud assembly: `manifest.json` lists CloudFormation stack artifacts (template file,
 * environment `aws://ACCOUNT/REGION`) and nested assemblies (CDK stages).
 */
function readAssembly(files: InputFile[], options: Omit<CloudFormationOptions, 'stackName' | 'parameters'>): Inventory {
  const byPath = new Map(files.map((f) => [posix.normalize(f.path.replaceAll('\\', '/')), f]));
  const manifests = [...byPath.keys()].filter((p) => posix.basename(p) === 'manifest.json');
  // The top manifest is the one no other manifest nests.
  const top = manifests.sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!top) throw new InputError(files[0]?.path ?? 'cdk.out', undefined, 'not a CDK cloud assembly: no manifest.json');
  const stacks: StackInput[] = [];
  collectStacks(byPath, top, options, stacks, new Set());
  return readStacks(stacks, options.accountId ?? stacks.find((s) => s.accountId)?.accountId);
}

function collectStacks(byPath: Map<string, InputFile>, manifestPath: string, options: Omit<CloudFormationOptions, 'stackName' | 'parameters'>, out: StackInput[], seen: Set<string>): void {
  if (seen.has(manifestPath)) return;
  seen.add(manifestPath);
  const manifestFile = byPath.get(manifestPath)!;
  const manifest = parseJson(decodeInput(manifestFile).text, manifestFile.path);
  const artifacts = isObject(manifest) && isObject(manifest['artifacts']) ? manifest['artifacts'] : {};
  const dir = posix.dirname(manifestPath);
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact)) continue;
    const properties = isObject(artifact['properties']) ? artifact['properties'] : {};
    if (artifact['type'] === 'cdk:cloud-assembly' && typeof properties['directoryName'] === 'string') {
      collectStacks(byPath, posix.join(dir, properties['directoryName'], 'manifest.json'), options, out, seen);
      continue;
    }
    if (artifact['type'] !== 'aws:cloudformation:stack' || typeof properties['templateFile'] !== 'string') continue;
    const templatePath = posix.join(dir, properties['templateFile']);
    const file = byPath.get(templatePath);
    if (!file) throw new InputError(manifestFile.path, `artifacts.${artifactId}`, `template ${properties['templateFile']} is not among the files given`);
    const environment = /^aws:\/\/([^/]+)\/(.+)$/.exec(typeof artifact['environment'] === 'string' ? artifact['environment'] : '');
    const account = environment?.[1] !== undefined && /^\d{12}$/.test(environment[1]) ? environment[1] : options.accountId;
    const region = environment?.[2] !== undefined && !environment[2].startsWith('unknown-') ? environment[2] : options.region;
    const parameters = isObject(properties['parameters']) ? (properties['parameters'] as Record<string, string>) : undefined;
    out.push({
      file,
      stackName: typeof properties['stackName'] === 'string' ? properties['stackName'] : artifactId,
      ...(account ? { accountId: account } : {}),
      ...(region ? { region } : {}),
      ...(parameters ? { parameters } : {}),
    });
  }
}
