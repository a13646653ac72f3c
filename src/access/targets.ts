/**
 * Targets: the inventory's resources as the evaluator sees them: compiled policy, capability
 * probes, the context keys they set (tags, account), guardrails, S3 Block Public Access, and
 * the principals their policy names.
 */
import { splitArn } from '../iam/arn.js';
import { ArnPattern } from '../iam/resource-pattern.js';
import type { Catalog } from '../iam/catalog.js';
import { probesFor } from '../iam/capability-probes.js';
import type { CompiledPolicy, CompiledStatement } from '../iam/policy.js';
import type { RequestContext } from '../iam/types.js';
import type { Inventory, Resource } from '../model/inventory.js';
import type { PolicyCompiler } from './compiled.js';
import type { Decider } from './decide.js';
import { granteesOf, namedArns, trustedAccounts } from './grantees.js';
import type { PairTarget } from './pairs.js';
import type { Organization } from './organization.js';
import { isPublicPolicy } from './public-access.js';
import type { TouchTarget } from './touch-index.js';

/** A resource of the inventory, ready for pair evaluation. */
export interface Target extends TouchTarget, PairTarget {
  resource: Resource;
  context: RequestContext;
}

/** Which principals a policy names: such principals are evaluated one by one. */
export class PrincipalNames {
  private readonly exact: ReadonlySet<string>;
  private readonly patterns: readonly ArnPattern[];

  constructor(
    arns: readonly string[],
    /** The policy reads per-principal values other than the ARN (`aws:userid`, variables). */
    readonly everyone: boolean,
  ) {
    this.exact = new Set(arns.filter((arn) => !arn.includes('*') && !arn.includes('?')));
    this.patterns = arns.filter((arn) => arn.includes('*') || arn.includes('?')).map((arn) => ArnPattern.of(arn));
  }

  static readonly NONE = new PrincipalNames([], false);
  static readonly EVERYONE = new PrincipalNames([], true);

  get empty(): boolean {
    return !this.everyone && this.exact.size === 0 && this.patterns.length === 0;
  }

  names(arn: string): boolean {
    if (this.everyone || this.exact.has(arn)) return true;
    if (this.patterns.length === 0) return false;
    const parts = splitArn(arn);
    return this.patterns.some((pattern) => pattern.matches(arn, parts));
  }
}

/** Keys whose value no two principals share. */
const PER_MEMBER_KEYS: ReadonlySet<string> = new Set(['aws:userid', 'aws:username']);

/** A statement reading values every principal has its own of: `${aws:username}`, `aws:userid`. */
export function readsPerMemberValues(statement: CompiledStatement): boolean {
  return statement.conditions.some((c) => PER_MEMBER_KEYS.has(c.lowerKey) || c.variableKeys.length > 0) || (statement.resources?.some((entry) => entry.template !== null) ?? false);
}

/** The principals a policy names, or everyone when it reads per-principal values. */
export function policyNames(policy: CompiledPolicy | undefined): PrincipalNames {
  if (!policy) return PrincipalNames.NONE;
  return new PrincipalNames(policy.statements.flatMap(namedArns), policy.statements.some(readsPerMemberValues));
}

export class TargetFactory {
  constructor(
    private readonly inventory: Inventory,
    private readonly catalog: Catalog,
    private readonly compiler: PolicyCompiler,
    private readonly organization: Organization,
    private readonly decider: Decider,
  ) {}

  target(resource: Resource): Target {
    const policy = resource.policy ? this.compiler.compile(resource.policy) : undefined;
    const probes = probesFor(resource, this.catalog);
    const context: RequestContext = {};
    for (const [key, value] of Object.entries(resource.tags)) context[`aws:ResourceTag/${key}`] = value;
    const orgId = this.organization.orgIdOf(resource.accountId);
    if (orgId) context['aws:ResourceOrgID'] = orgId;
    const grantees = policy ? granteesOf(policy) : [];
    return {
      resource,
      arn: resource.arn,
      grantees,
      trusted: trustedAccounts(grantees),
      account: resource.accountId,
      policy,
      probes,
      probeSet: this.decider.probeSetOf(probes),
      context,
      rcps: this.organization.rcpsOf(resource.accountId),
      inManagementAccount: this.organization.isManagementAccount(resource.accountId),
      ownAccountOnly: this.restrictsPublicBuckets(resource) && policy !== undefined && isPublicPolicy(policy),
      names: policyNames(policy),
      services: new Set(probes.map((probe) => probe.action.slice(0, probe.action.indexOf(':')).toLowerCase())),
      requestArns: [...new Set(probes.map((probe) => probe.requestResource))],
    };
  }

  /** RestrictPublicBuckets of the bucket or of its account (the inventory's account). */
  private restrictsPublicBuckets(resource: Resource): boolean {
    if (resource.type !== 'AWS::S3::Bucket') return false;
    const account = resource.accountId === this.inventory.accountId ? this.inventory.accountPublicAccessBlock : undefined;
    return resource.publicAccessBlock?.restrictPublicBuckets === true || account?.restrictPublicBuckets === true;
  }
}
