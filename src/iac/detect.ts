/**
 * What kind of input a file is, from its content: a Terraform plan, a CloudFormation template,
 * a get-account-authorization-details dump, a CDK manifest, or something else (with the
 * reason). Used where files arrive without a flag saying what they are.
 */
import { parse as parseYaml } from 'yaml';
import type { InputFile } from '../model/input.js';
import type { Inventory, State } from '../model/inventory.js';
import { readAuthorizationDetails } from './authorization/details.js';
import { readCloudFormation } from './cloudformation/read.js';
import { isObject, parseJsonLoosely } from './json.js';
import { readTerraformPlan } from './terraform/plan.js';
import { decodeInput } from './text.js';

export type InputKind = 'terraform-plan' | 'cloudformation' | 'authorization-details' | 'cdk-manifest';

export type Detected = { kind: InputKind } | { kind: 'other'; reason: string };

export function detectInputKind(file: InputFile): Detected {
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.path)?.[1]?.toLowerCase();
  if (extension !== undefined && !DATA_EXTENSIONS.has(extension)) return { kind: 'other', reason: `a .${extension} file, not JSON or YAML` };
  let text: string;
  try {
    text = decodeInput(file).text;
  } catch {
    // An undecodable file is reported by the reader that tries it.
    return { kind: 'terraform-plan' };
  }
  const start = text.trimStart();
  if (start.startsWith('[command]')) return { kind: 'terraform-plan' };
  const value = start.startsWith('{') || start.startsWith('[') ? parseJsonLoosely(start) : parseYamlLoosely(start);
  if (value === undefined) {
    return start.startsWith('{') ? { kind: 'terraform-plan' } : { kind: 'other', reason: 'neither JSON nor YAML' };
  }
  if (Array.isArray(value)) return { kind: 'other', reason: 'a JSON list (e.g. resource policies or parameters), not a plan, template or inventory' };
  if (!isObject(value)) return { kind: 'other', reason: 'not a JSON or YAML object' };
  if ('format_version' in value || 'terraform_version' in value || 'resource_changes' in value || 'planned_values' in value) return { kind: 'terraform-plan' };
  if (isObject(value['Resources'])) return { kind: 'cloudformation' };
  if ('Children' in value && 'PolicyTypes' in value) return { kind: 'other', reason: 'an AWS Organizations tree export (IAMSpy format), not a plan, template or inventory' };
  if (['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => k in value)) return { kind: 'authorization-details' };
  if (isObject(value['artifacts']) && 'version' in value) return { kind: 'cdk-manifest' };
  return { kind: 'other', reason: describe(value) };
}

/** Reads a single file of a known kind (a CDK manifest needs its templates: see readCdkOut). */
export function readInputFile(file: InputFile, kind: Exclude<InputKind, 'cdk-manifest'>): State | Inventory {
  switch (kind) {
    case 'terraform-plan':
      return readTerraformPlan(file);
    case 'cloudformation':
      return readCloudFormation({ head: file });
    case 'authorization-details':
      return readAuthorizationDetails(file);
  }
}

function describe(value: Record<string, unknown>): string {
  if ('Parameters' in value || (Array.isArray(value['Parameters']) && 'Tags' in value)) return 'CloudFormation parameters or template configuration, not a template';
  const keys = Object.keys(value).slice(0, 5);
  return `an object with keys ${keys.map((k) => JSON.stringify(k)).join(', ')}${Object.keys(value).length > 5 ? ', ...' : ''}: not a plan, template or inventory`;
}

const DATA_EXTENSIONS = new Set(['json', 'yaml', 'yml', 'template', 'tfplan', 'txt']);

/** YAML with CloudFormation short-form tags read as plain values (only the shape matters here). */
function parseYamlLoosely(text: string): unknown {
  try {
    return parseYaml(text, { logLevel: 'silent', uniqueKeys: false, customTags: SHORT_FORMS_AS_PLAIN });
  } catch {
    return undefined;
  }
}

const SHORT_FORMS_AS_PLAIN = ['Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString'].flatMap((name) => [
  { tag: `!${name}`, resolve: (text: string) => text },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (node: unknown) => node },
  { tag: `!${name}`, collection: 'map' as const, resolve: (node: unknown) => node },
]);
