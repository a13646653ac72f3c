/**
 * Reads a `terraform show -json` plan into the before and after Inventories (DESIGN.md §1).
 */
import { InputError } from '../../model/errors.js';
import type { InputFile } from '../../model/input.js';
import type { Inventory, Notice, State, UnknownValue } from '../../model/inventory.js';
import { parseArn } from '../arn.js';
import { placeholderNotice } from '../builder.js';
import { isObject, parseJson } from '../json.js';
import { decodeInput } from '../text.js';
import { NARROWING_ONLY_TYPES, recordUnread, unsupportedPolicyReason } from '../unread.js';
import { TerraformConfiguration } from './configuration.js';
import { type Handler, PHASES } from './handler.js';
import { IAM_HANDLERS, separatelyManaged } from './iam.js';
import { planInstances, type TfInstance, type TfSides } from './instances.js';
import { finishOrganization, ORGANIZATION_HANDLERS } from './organizations.js';
import { RESOURCE_HANDLERS, separatelySetPolicies } from './resources.js';
import { type PlanFacts, PlanSide } from './side.js';
import { TerraformSources } from './sources.js';
import { WORKLOAD_HANDLERS } from './workloads.js';

export interface TerraformPlanOptions {
  /** The repository's `.tf` files, to find the line where each resource is declared. */
  terraformSources?: InputFile[];
  /** The account the plan deploys into, when the plan does not tell. */
  accountId?: string;
  /** The region of resources whose provider configuration does not set one. */
  region?: string;
}

/** Handlers by resource type (`data.TYPE` for data sources); a type may have several (a Lambda function is a resource and a workload). */
const HANDLERS = new Map<string, Handler[]>();
for (const table of [IAM_HANDLERS, RESOURCE_HANDLERS, WORKLOAD_HANDLERS, ORGANIZATION_HANDLERS, { 'data.aws_iam_policy': { phase: 'declare', read: existingManagedPolicy } } satisfies Record<string, Handler>]) {
  for (const [type, handler] of Object.entries(table)) HANDLERS.set(type, [...(HANDLERS.get(type) ?? []), handler]);
}

export function readTerraformPlan(file: InputFile, options: TerraformPlanOptions = {}): State {
  const decoded = decodeInput(file);
  const { text, notices } = unwrapSetupTerraform(decoded.text, file.path);
  const plan = parseJson(text, file.path);
  checkIsCompletePlan(plan, file.path);
  const sides = planInstances(plan, file.path);
  const configuration = new TerraformConfiguration(plan['configuration']);
  const instances = [...sides.before, ...sides.after];
  const rootResources = instances.filter((i) => i.module === '');
  const accountId = options.accountId ?? accountFrom(sides);
  const arnSample = instances.flatMap((i) => (typeof i.values['arn'] === 'string' ? [parseArn(i.values['arn'])] : []));
  const region = options.region ?? regionFrom(sides) ?? mostCommon(arnSample.map((a) => a?.region ?? ''));
  const facts: PlanFacts = {
    file: file.path,
    configuration,
    sources: options.terraformSources?.length ? new TerraformSources(options.terraformSources, configuration, rootResources) : undefined,
    accountId,
    region,
    partition: mostCommon(arnSample.map((a) => a?.partition ?? '')) ?? 'aws',
    separate: { before: new Set(), after: new Set() },
    parsedPolicies: new Map(),
  };
  const before = new PlanSide('before', sides.before, facts);
  const after = new PlanSide('after', sides.after, facts);
  for (const side of [before, after]) {
    separatelyManaged(side, facts.separate[side.side]);
    separatelySetPolicies(side, facts.separate[side.side]);
  }
  const fileNotices = [...decoded.notices, ...notices, ...incompletePlanNotices(plan, file.path)];
  const afterAddresses = new Set(sides.after.map((i) => i.address));
  for (const unknown of deferredUnknowns(plan, file.path)) after.builder.addUnknown(unknown);
  const state = {
    before: readSide(before, [], (inst) => !afterAddresses.has(inst.address)),
    after: readSide(after, fileNotices, () => false),
  };
  const placeholders = placeholderNotice(file.path, [state.before, state.after]);
  if (placeholders) state.after.notices.push(placeholders);
  return state;
}

function readSide(side: PlanSide, notices: Notice[], removed: (inst: TfInstance) => boolean): Inventory {
  const handled = side.instances.flatMap((inst) => {
    const handlers = HANDLERS.get(inst.mode === 'data' ? `data.${inst.type}` : inst.type);
    return handlers ? [{ inst, handlers }] : [];
  });
  for (const phase of PHASES) {
    for (const { inst, handlers } of handled) {
      for (const handler of handlers) {
        if (handler.phase === phase) handler.read(side, inst);
      }
    }
  }
  for (const inst of side.instances) {
    if (HANDLERS.has(inst.type) || inst.mode !== 'managed' || NARROWING_ONLY_TYPES.has(inst.type)) continue;
    const attributes = policyAttributes(side, inst);
    if (attributes.length === 0) continue;
    const unread = { reason: unsupportedPolicyReason(inst.type), subject: side.string(inst, 'arn'), source: side.source(inst) };
    for (const attribute of attributes) {
      recordUnread(side.builder, { ...unread, address: inst.address, attribute, content: inst.values[attribute] }, removed(inst));
    }
  }
  finishOrganization(side);
  for (const notice of notices) side.builder.addNotice(notice);
  return side.builder.build();
}

/** Attributes of an unsupported resource that hold a policy document, or will (a configured `*polic*` attribute known after apply). */
function policyAttributes(side: PlanSide, inst: TfInstance): string[] {
  const names = new Set([...Object.keys(inst.values), ...(isObject(inst.unknown) ? Object.keys(inst.unknown) : [])]);
  return [...names].filter((name) => {
    if (side.isSensitive(inst, name)) return false;
    if (side.isUnknown(inst, name)) return /polic/i.test(name) && side.config(inst) !== undefined && side.isConfigured(inst, name);
    const value = inst.values[name];
    return typeof value === 'string' && looksLikePolicy(value);
  });
}

function looksLikePolicy(text: string): boolean {
  if (!text.includes('Statement')) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) && 'Statement' in parsed;
  } catch {
    return false;
  }
}

const HOW_TO_PLAN = 'produce one with `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`';

/**
 * A plan has `planned_values` (Terraform always writes it), `resource_changes` or `prior_state`;
 * `terraform show -json` of a state has only `values`. A plan whose planning failed
 * (`errored`, Terraform 1.4+) is partial: reviewing it could pass what the full plan would not.
 */
function checkIsCompletePlan(plan: unknown, file: string): asserts plan is Record<string, unknown> {
  if (!isObject(plan)) throw new InputError(file, undefined, `not a Terraform plan: expected the JSON of \`terraform show -json\` on a plan file; ${HOW_TO_PLAN}`);
  if (plan['errored'] === true) {
    throw new InputError(file, undefined, 'the plan is partial: Terraform could not finish planning ("errored": true), so it cannot be reviewed; fix the errors and plan again');
  }
  if (['planned_values', 'resource_changes', 'prior_state'].some((key) => key in plan)) return;
  if ('values' in plan) {
    throw new InputError(file, undefined, `this is Terraform state (\`terraform show -json\` without a plan file), not a plan: it holds no change to review; ${HOW_TO_PLAN}`);
  }
  throw new InputError(file, undefined, `not a Terraform plan: expected the JSON of \`terraform show -json\` on a plan file; ${HOW_TO_PLAN}`);
}

/** `"complete": false` (Terraform 1.8+): some changes are deferred to a later plan and apply. */
function incompletePlanNotices(plan: Record<string, unknown>, file: string): Notice[] {
  if (plan['complete'] !== false) return [];
  const deferred = deferredChanges(plan).map((change) => change.address);
  const shown = deferred.slice(0, MAX_DEFERRED_NAMED).join(', ') + (deferred.length > MAX_DEFERRED_NAMED ? `, and ${deferred.length - MAX_DEFERRED_NAMED} more` : '');
  return [
    {
      level: 'warning',
      message: `${file}: the plan is incomplete ("complete": false): Terraform deferred some changes to a later plan and apply; resources deferred to a later plan are not analysed${deferred.length > 0 ? ` (deferred: ${shown})` : ''}`,
      source: { file },
    },
  ];
}

const MAX_DEFERRED_NAMED = 5;

/** The resource changes of `deferred_changes` (Terraform 1.9+), with why each was deferred. */
function deferredChanges(plan: Record<string, unknown>): { address: string; type: string; reason: string }[] {
  const deferred = plan['deferred_changes'];
  if (!Array.isArray(deferred)) return [];
  return deferred.flatMap((entry: unknown) => {
    if (!isObject(entry)) return [];
    const change = entry['resource_change'];
    if (!isObject(change) || typeof change['address'] !== 'string') return [];
    const type = typeof change['type'] === 'string' ? change['type'] : '';
    return [{ address: change['address'], type: change['mode'] === 'data' ? `data.${type}` : type, reason: typeof entry['reason'] === 'string' ? entry['reason'] : 'deferred' }];
  });
}

/**
 * A deferred change to a resource that grants or holds access (a type the readers read) is
 * undecided access: it is applied later, unreviewed, so the review does not pass over it.
 */
function deferredUnknowns(plan: Record<string, unknown>, file: string): UnknownValue[] {
  return deferredChanges(plan)
    .filter((change) => HANDLERS.has(change.type))
    .map((change) => ({
      address: change.address,
      attribute: 'change',
      reason: `Terraform deferred this change to a later plan and apply (${change.reason}), so the access it grants is not analysed`,
      remediation: 'Plan again once what it waits for is known, and review that plan, or split the change so that nothing is deferred.',
      source: { file, address: change.address },
    }));
}

/** `data.aws_iam_policy`: an existing managed policy the configuration reads. */
function existingManagedPolicy(side: PlanSide, inst: TfInstance): void {
  const arn = side.string(inst, 'arn');
  if (!arn) return;
  const name = side.string(inst, 'name') ?? arn.slice(arn.lastIndexOf('/') + 1);
  const policy = side.policy(inst, 'policy', { id: arn, name, kind: 'managed', subject: arn });
  if (policy) side.builder.putManagedPolicy({ arn, name, awsManaged: arn.includes(':iam::aws:'), policy, source: side.source(inst) });
}

/**
 * The setup-terraform GitHub Action's wrapper prints `[command]…terraform-bin show -json …`
 * before the JSON and `::debug::`/`::set-output` lines after it; the plan is the line that
 * starts with `{`.
 */
function unwrapSetupTerraform(text: string, file: string): { text: string; notices: Notice[] } {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('[command]')) return { text, notices: [] };
  const lines = trimmed.split('\n');
  const index = lines.findIndex((line) => line.trimStart().startsWith('{'));
  if (index < 0) throw new InputError(file, undefined, 'setup-terraform wrapper output without a JSON plan line');
  return {
    text: lines[index]!,
    notices: [
      {
        level: 'notice',
        message: `${file} is the output of the setup-terraform wrapper; the plan was read from its line ${index + 1}`,
        source: { file, line: index + 1 },
      },
    ],
  };
}

/** The account from `data.aws_caller_identity`, else the most common account in the plan's IAM ARNs. */
function accountFrom(sides: TfSides): string | undefined {
  const all = [...sides.after, ...sides.before];
  for (const inst of all) {
    const id = inst.values['account_id'];
    if (inst.mode === 'data' && inst.type === 'aws_caller_identity' && typeof id === 'string' && id !== '') return id;
  }
  const accounts = all
    .filter((i) => i.mode === 'managed' && typeof i.values['arn'] === 'string')
    .map((i) => parseArn(i.values['arn'] as string)?.account ?? '')
    .filter((a) => /^\d{12}$/.test(a));
  return mostCommon(accounts);
}

function regionFrom(sides: TfSides): string | undefined {
  for (const inst of [...sides.after, ...sides.before]) {
    const name = inst.values['name'] ?? inst.values['region'];
    if (inst.mode === 'data' && inst.type === 'aws_region' && typeof name === 'string' && name !== '') return name;
  }
  return undefined;
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
