/**
 * The one function every front end calls: input files and configuration in, Review out
 * (DESIGN.md §2). It never throws on bad input: what cannot be read becomes `Review.errors` and
 * the conclusion fails closed.
 */
import { computeDelta, type AccessOptions, type StrayPrincipal } from './access/index.js';
import { loadCatalog } from './iam/catalog.js';
import { mergeStates, overlayState, readCloudFormation, readTerraformPlan, withKnownAwsManagedPolicies } from './iac/index.js';
import type { Grant } from './model/access.js';
import type { InputFile } from './model/input.js';
import { type Inventory, type Notice, type Resource, type State } from './model/inventory.js';
import { blockingFindings, toAnalysisError, type AnalysisError, type Conclusion, type Review, type ReviewedResource } from './model/review.js';
import { evaluateRules, type Config } from './rules/index.js';

/** A CloudFormation/CDK template at the PR's base and head (a side is absent when the file is). */
export interface TemplatePair {
  base?: InputFile;
  head?: InputFile;
}

export interface ReviewInput {
  /** `terraform show -json` outputs. */
  plans: InputFile[];
  templates: TemplatePair[];
  /** The repository's `.tf` files, to point findings at the lines that grant access. */
  terraformSources: InputFile[];
  /** An account inventory already read (file or live API); the IaC is laid over it. */
  inventory?: Inventory;
  config: Config;
  /** The review's date, `YYYY-MM-DD` (waiver expiry). */
  today: string;
}

export async function review(input: ReviewInput): Promise<Review> {
  const inputs = inputPaths(input);
  if (inputs.length === 0) return emptyReview('neutral', inputs, []);
  try {
    const read = readState(input);
    if ('errors' in read) return emptyReview('failure', inputs, read.errors);
    return await judge(input, inputs, read.state);
  } catch (error) {
    return emptyReview('failure', inputs, [toAnalysisError(error, inputs.join(', '))]);
  }
}

/** Effective access of the change, the rules' verdict, and the Review that reports them. */
async function judge(input: ReviewInput, inputs: string[], state: State): Promise<Review> {
  const catalog = await loadCatalog();
  const access = computeDelta(state, catalog, accessOptions(input.inventory));
  const { delta } = access;
  const findings = evaluateRules({
    config: input.config,
    state,
    before: access.before,
    after: access.after,
    holders: access.holders,
    delta,
    unknowns: { before: access.beforeUnknowns, after: access.unknowns },
    today: input.today,
    catalog,
  });
  return {
    conclusion: blockingFindings(findings).length > 0 ? 'failure' : 'success',
    inputs,
    delta,
    findings,
    resources: touchedResources(state, access.after, [...delta.added, ...delta.removed, ...delta.changed.map((c) => c.after)], input.config),
    unknowns: access.unknowns,
    notices: [...state.before.notices, ...state.after.notices, ...access.strays.map(strayNotice)].filter(uniqueNotice()),
    errors: [],
  };
}

/** A principal a policy names that the inventory of its account lacks: its access is only partly known. */
function strayNotice({ principal, policy }: StrayPrincipal): Notice {
  return {
    level: 'warning',
    message:
      `${policy.name} names ${principal}, which the account inventory does not hold (it may be older than the principal, or the principal was deleted): ` +
      'its own policies are unknown, so the review shows only what the policies naming it grant it; update the inventory, or remove the name',
    ...(policy.source ? { source: policy.source } : {}),
  };
}

export type StateInput = Omit<ReviewInput, 'today'>;

/**
 * Reads every input into one State: before = inventory ⊕ each input's before, after =
 * inventory ⊕ each input's after (DESIGN.md §1). Every unreadable input is reported, not only
 * the first.
 */
export function readState(input: StateInput): { state: State } | { errors: AnalysisError[] } {
  const accountId = input.config.accountId === undefined ? {} : { accountId: input.config.accountId };
  const region = input.config.region === undefined ? {} : { region: input.config.region };
  const parameters = input.config.templateParameters === undefined ? {} : { parameters: input.config.templateParameters };
  const states: State[] = [];
  const errors: AnalysisError[] = [];
  const read = (path: string, reader: () => State): void => {
    try {
      states.push(reader());
    } catch (error) {
      errors.push(toAnalysisError(error, path));
    }
  };
  for (const plan of input.plans) read(plan.path, () => readTerraformPlan(plan, { terraformSources: input.terraformSources, ...accountId, ...region }));
  for (const pair of input.templates) read(templatePath(pair).join(''), () => readCloudFormation(pair, { ...accountId, ...region, ...parameters }));
  if (errors.length > 0) return { errors };
  if (states.length === 0) return { errors: [{ file: '(inputs)', message: 'no plan or template to read' }] };
  const iac = mergeStates(states);
  const state = input.inventory === undefined ? iac : overlayState(input.inventory, iac);
  return { state: { before: withKnownAwsManagedPolicies(state.before), after: withKnownAwsManagedPolicies(state.after) } };
}

/**
 * An account inventory lists every user and role of its account: a policy trusting that
 * account then reaches its principals one by one rather than the account aggregate.
 */
export function accessOptions(inventory: Inventory | undefined): AccessOptions {
  return inventory?.accountId === undefined ? {} : { completeAccounts: [inventory.accountId] };
}

function inputPaths(input: StateInput): string[] {
  return [...input.plans.map((plan) => plan.path), ...input.templates.flatMap(templatePath)];
}

function templatePath(pair: TemplatePair): string[] {
  const path = pair.head?.path ?? pair.base?.path;
  return path === undefined ? [] : [path];
}

function emptyReview(conclusion: Conclusion, inputs: string[], errors: AnalysisError[]): Review {
  return { conclusion, inputs, delta: { added: [], removed: [], changed: [] }, findings: [], resources: [], unknowns: [], notices: [], errors };
}

/**
 * The resources whose access the change touches, each with its complete after-state; one the
 * change deletes is described as it was.
 */
function touchedResources(state: State, afterGrants: readonly Grant[], changed: readonly Grant[], config: Config): ReviewedResource[] {
  const touched = new Set(changed.map((grant) => grant.resource));
  const byResource = new Map<string, Grant[]>();
  for (const grant of afterGrants) {
    if (!touched.has(grant.resource)) continue;
    const list = byResource.get(grant.resource) ?? [];
    list.push(grant);
    byResource.set(grant.resource, list);
  }
  const known = new Map<string, Resource>();
  // The after side's description wins; the before side's describes a resource the change deletes.
  for (const side of [state.before, state.after]) {
    for (const resource of side.resources) if (touched.has(resource.arn)) known.set(resource.arn, resource);
  }
  return [...touched].sort().map((arn) => {
    const resource = known.get(arn);
    const grant = changed.find((g) => g.resource === arn)!;
    const classification = resource?.tags[config.classification.tag] ?? config.classification.untagged;
    return {
      arn,
      type: resource?.type ?? grant.resourceType,
      name: resource?.name ?? arn,
      ...(classification === undefined ? {} : { classification }),
      ...(resource?.source === undefined ? {} : { source: resource.source }),
      after: byResource.get(arn) ?? [],
    };
  });
}

function uniqueNotice(): (notice: Notice) => boolean {
  const seen = new Set<string>();
  return (notice) => {
    const key = `${notice.level}\u0000${notice.message}\u0000${notice.source?.file ?? ''}\u0000${notice.source?.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
