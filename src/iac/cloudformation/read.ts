/**
 * Reads CloudFormation templates (JSON or YAML) and CDK cloud assemblies (`cdk.out`) into
 * Inventories; a PR is read at its base and at its head (DESIGN.md §1).
 */
import { posix } from 'node:path';
import { InputError } from '../../model/errors.js';
import type { InputFile } from '../../model/input.js';
import { type Inventory, type State, unknownPlace } from '../../model/inventory.js';
import { InventoryBuilder, placeholderNotice, UNKNOWN_ACCOUNT, UNKNOWN_REGION } from '../builder.js';
import { isObject, parseJson } from '../json.js';
import { OrganizationCollector } from '../organization.js';
import { decodeInput } from '../text.js';
import { NARROWING_ONLY_TYPES, recordUnread, unsupportedPolicyReason } from '../unread.js';
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

/**
 * The template at the PR's base (before) and head (after); a missing side is an empty inventory.
 * Both sides are one stack: without a `stackName`, both take the head's file name (the base's
 * when the head is gone), so that a renamed template, or two paths given, generate the same names.
 */
export function readCloudFormation(pair: { base?: InputFile; head?: InputFile }, options: CloudFormationOptions = {}): State {
  const named = pair.head ?? pair.base;
  const stack = { ...options, ...(options.stackName === undefined && named ? { stackName: stackNameOf(named.path) } : {}) };
  const after = pair.head ? readTemplates([pair.head], stack, keptEverything) : emptyFor(stack);
  return { before: pair.base ? readTemplates([pair.base], stack, keptIn(after)) : emptyFor(stack), after };
}

/** A CDK cloud assembly (`manifest.json` and the templates it lists) at the PR's base and head. */
export function readCdkOut(pair: { base?: InputFile[]; head?: InputFile[] }, options: Omit<CloudFormationOptions, 'stackName' | 'parameters'> = {}): State {
  const after = pair.head ? readAssembly(pair.head, options, keptEverything) : emptyFor(options);
  return { before: pair.base ? readAssembly(pair.base, options, keptIn(after)) : emptyFor(options), after };
}

/** Whether the after side still has an unknown of the side being read (see recordUnread). */
type Kept = (unknown: { address: string; attribute: string }) => boolean;

const keptEverything: Kept = () => true;

function keptIn(after: Inventory): Kept {
  const places = new Set(after.unknowns.map(unknownPlace));
  return (unknown) => places.has(unknownPlace(unknown));
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

function readTemplates(files: InputFile[], options: CloudFormationOptions, kept: Kept): Inventory {
  return readStacks(
    files.map((file) => ({ file, stackName: options.stackName ?? stackNameOf(file.path), ...definedOptions(options) })),
    options.accountId,
    kept,
  );
}

function definedOptions(options: CloudFormationOptions): Partial<StackInput> {
  return {
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.parameters ? { parameters: options.parameters } : {}),
  };
}

function readStacks(inputs: StackInput[], accountId: string | undefined, kept: Kept): Inventory {
  const builder = new InventoryBuilder(accountId ?? inputs.find((i) => i.accountId)?.accountId);
  const org = new OrganizationCollector();
  for (const input of inputs) readStack(input, builder, org, kept);
  org.finish(builder, { file: inputs[0]?.file.path ?? '' });
  const inventory = builder.build();
  const placeholders = placeholderNotice(inputs.map((i) => i.file.path).join(', '), [inventory]);
  if (placeholders) inventory.notices.push(placeholders);
  return inventory;
}

function readStack(input: StackInput, builder: InventoryBuilder, org: OrganizationCollector, kept: Kept): void {
  const { file } = input;
  const parsed = parseTemplate(file);
  for (const notice of parsed.notices) builder.addNotice(notice);
  const env = stackEnvironment(input.stackName, input.accountId ?? builder.accountId ?? UNKNOWN_ACCOUNT, input.region ?? UNKNOWN_REGION);
  const stack = new Stack(file.path, env, parsed, parameterValues(parsed.template, input.parameters ?? {}), builder);
  const transforms = macrosOf(parsed.template['Transform']);
  if (transforms.length > 0) {
    const reason = `the template uses Transform ${transforms.join(', ')}, which is not expanded; the resources it generates and the access they grant are not analysed`;
    const unread = { address: input.stackName, attribute: 'Transform', reason, source: { file: file.path }, content: parsed.template };
    recordUnread(builder, unread, !kept(unread));
  }
  const created = [...stack.resources.keys()].filter((id) => stack.created(id));
  for (const phase of PHASES) {
    for (const id of created) {
      for (const handler of CFN_HANDLERS[stack.resources.get(id)!.Type] ?? []) {
        if (handler.phase === phase) handler.read(stack, id, stack.properties(id), org);
      }
    }
  }
  for (const id of created) recordUnsupported(stack, id, kept);
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

/**
 * The template-level Transform's macros other than the Serverless transform, whose only effect
 * is to expand the SAM resources (each recorded by recordUnsupported). `AWS::Include` is written
 * as `{Name, Parameters}`.
 */
function macrosOf(transform: unknown): string[] {
  const entries = Array.isArray(transform) ? transform : transform === undefined ? [] : [transform];
  return entries
    .map((entry: unknown) => (typeof entry === 'string' ? entry : isObject(entry) && typeof entry['Name'] === 'string' ? entry['Name'] : JSON.stringify(entry)))
    .filter((name) => name !== SERVERLESS_TRANSFORM);
}

const SERVERLESS_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Policy-bearing resources of types not read yet, and SAM resources, leave access unknown. */
function recordUnsupported(stack: Stack, id: string, kept: Kept): void {
  const { Type: type, Properties: properties } = stack.resources.get(id)!;
  if (CFN_HANDLERS[type] || NARROWING_ONLY_TYPES.has(type)) return;
  const record = (attribute: string, reason: string, content: unknown): void => {
    const unread = { address: id, attribute, reason, subject: stack.arn(id), source: stack.source(id), content };
    recordUnread(stack.builder, unread, !kept(unread));
  };
  if (type.startsWith('AWS::Serverless::')) {
    record('Type', `${type} is a SAM resource; the Serverless transform is not expanded, so the access it grants is not analysed`, accessProperties(properties));
    return;
  }
  // The written properties: evaluating them would report intrinsics that decide no access.
  for (const key of Object.keys(properties)) {
    if (/polic/i.test(key) && looksLikePolicy(properties[key])) record(key, unsupportedPolicyReason(type), properties[key]);
  }
}

/**
 * SAM properties that decide no access (the code, its runtime and sizing): a change to them alone
 * is not new unknown access. Everything else counts, also what SAM turns into permissions
 * (`Policies`, `Role`, `Events`, `FunctionUrlConfig`, `Auth`, `DeadLetterQueue`, `VpcConfig`, ...).
 */
const SAM_NON_ACCESS_PROPERTIES = new Set([
  'CodeUri', 'InlineCode', 'ImageUri', 'ImageConfig', 'Handler', 'Runtime', 'Architectures', 'MemorySize', 'Timeout',
  'EphemeralStorage', 'Environment', 'Description', 'Tracing', 'Layers', 'ReservedConcurrentExecutions',
  'ProvisionedConcurrencyConfig', 'SnapStart', 'LoggingConfig', 'StageName',
]);

function accessProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !SAM_NON_ACCESS_PROPERTIES.has(key)));
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
function readAssembly(files: InputFile[], options: Omit<CloudFormationOptions, 'stackName' | 'parameters'>, kept: Kept): Inventory {
  const byPath = new Map(files.map((f) => [posix.normalize(f.path.replaceAll('\\', '/')), f]));
  const manifests = [...byPath.keys()].filter((p) => posix.basename(p) === 'manifest.json');
  // The top manifest is the one no other manifest nests.
  const top = manifests.sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!top) throw new InputError(files[0]?.path ?? 'cdk.out', undefined, 'not a CDK cloud assembly: no manifest.json');
  const stacks: StackInput[] = [];
  collectStacks(byPath, top, options, stacks, new Set());
  return readStacks(stacks, options.accountId ?? stacks.find((s) => s.accountId)?.accountId, kept);
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
