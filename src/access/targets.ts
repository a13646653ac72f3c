/**
 * Targets: the inventory's resources as the evaluator sees them: capability probes, the
 * context keys they set (tags, account), guardrails, S3 Block Public Access, the principals
 * their policy names, and (compiled when a pair of it is decided) their policy.
 */
import { identityKey, splitArn } from '../iam/arn.js';
import { ArnPattern } from '../iam/resource-pattern.js';
import type { Catalog } from '../iam/catalog.js';
import { probesFor, RESOURCE_TYPE_TARGETS } from '../iam/capability-probes.js';
import type { CompiledPolicy } from '../iam/policy.js';
import type { CapabilityProbe, RequestContext } from '../iam/types.js';
import type { Inventory, PolicyDocument, Resource } from '../model/inventory.js';
import type { PolicyCompiler } from './compiled.js';
import type { Decider } from './decide.js';
import { granteesOf, trustedAccounts, type Grantee } from './grantees.js';
import type { Outliner, PolicyOutline } from './outline.js';
import type { PairTarget } from './pairs.js';
import type { Organization } from './organization.js';
import { isPublicPolicy } from './public-access.js';
import { policyShape } from './shapes.js';
import type { TouchTarget } from './touch-index.js';

const NO_ACCOUNTS: ReadonlySet<string> = new Set();

/** Which principals a policy names: such principals are evaluated one by one. */
export class PrincipalNames {
  private readonly exact: ReadonlySet<string>;
  /** Roles (account and lower-cased name) one of whose sessions it names: the evaluator matches their sessions to it. */
  private readonly sessionRoles: ReadonlySet<string>;
  private readonly patternTexts: readonly string[];
  /** Compiled when first asked: most targets' names are never asked about. */
  private compiledPatterns: readonly ArnPattern[] | undefined;

  constructor(
    arns: readonly string[],
    /** The policy reads per-principal values other than the ARN (`aws:userid`, variables). */
    readonly everyone: boolean,
  ) {
    this.exact = new Set(arns.filter((arn) => !arn.includes('*') && !arn.includes('?')));
    this.sessionRoles = new Set([...this.exact].flatMap((arn) => (arn.includes(':assumed-role/') ? (identityKey(arn) ?? []) : [])));
    this.patternTexts = arns.filter((arn) => arn.includes('*') || arn.includes('?'));
  }

  static readonly NONE = new PrincipalNames([], false);
  static readonly EVERYONE = new PrincipalNames([], true);

  /** The principals the outlines' statements name (everyone when one reads per-principal values). */
  static of(outlines: readonly PolicyOutline[]): PrincipalNames {
    const statements = outlines.flatMap((outline) => outline.statements);
    const named = statements.flatMap((s) => s.named);
    const everyone = statements.some((s) => s.perMember);
    return named.length === 0 && !everyone ? PrincipalNames.NONE : new PrincipalNames(named, everyone);
  }

  names(arn: string): boolean {
    if (this.everyone || this.exact.has(arn)) return true;
    if (this.sessionRoles.size > 0 && arn.includes(':role/') && this.sessionRoles.has(identityKey(arn) ?? '')) return true;
    if (this.patternTexts.length === 0) return false;
    this.compiledPatterns ??= this.patternTexts.map((text) => ArnPattern.of(text));
    const parts = splitArn(arn);
    return this.compiledPatterns.some((pattern) => pattern.matches(arn, parts));
  }
}

const namesOfRcps = new WeakMap<readonly PolicyDocument[], PrincipalNames>();

/** The principals an account's RCPs name: once per account (per list of its RCP documents), not per target. */
function rcpNames(documents: readonly PolicyDocument[], outliner: Outliner): PrincipalNames {
  let names = namesOfRcps.get(documents);
  if (!names) {
    names = PrincipalNames.of(documents.map((document) => outliner.outline(document)));
    namesOfRcps.set(documents, names);
  }
  return names;
}

/**
 * A target with a policy of its own (a resource policy, a role's trust policy), compiled the
 * first time a pair of it is decided. Its tags and its account's guardrails are set here.
 */
export abstract class PolicyTarget implements PairTarget, TouchTarget {
  readonly guardNames: PrincipalNames;
  readonly wholeAccounts: ReadonlySet<string>;
  /** Its outline says the policy may be public for S3 Block Public Access (only compiling it tells). */
  protected readonly mayBePublic: boolean;
  readonly context: RequestContext = {};
  readonly rcps: readonly (readonly CompiledPolicy[])[];
  readonly inManagementAccount: boolean;
  private readonly outline: PolicyOutline | undefined;
  private compiled: CompiledPolicy | undefined;
  private granteeList: readonly Grantee[] | undefined;
  private trustedList: ReadonlySet<string> | 'any' | undefined;
  private principalNames: PrincipalNames | undefined;

  protected constructor(
    readonly arn: string,
    readonly account: string,
    tags: Record<string, string>,
    readonly policyDocument: PolicyDocument | undefined,
    private readonly compiler: PolicyCompiler,
    outliner: Outliner,
    organization: Organization,
  ) {
    const outline = policyDocument ? outliner.outline(policyDocument) : undefined;
    this.outline = outline;
    this.guardNames = rcpNames(organization.rcpDocumentsOf(account), outliner);
    let whole: Set<string> | undefined;
    const statements = outline?.statements ?? [];
    const letsEveryoneIn = statements.some((statement) => statement.admitsEveryone);
    this.mayBePublic = statements.some((statement) => statement.mayBePublic);
    for (const statement of statements) {
      for (const account of statement.wholeAccounts) (whole ??= new Set()).add(account);
      // The accounts a NotPrincipal Deny spares hold, principal by principal, what the policy lets everyone have.
      if (letsEveryoneIn) for (const account of statement.sparedAccounts) (whole ??= new Set()).add(account);
    }
    this.wholeAccounts = whole ?? NO_ACCOUNTS;
    for (const [key, value] of Object.entries(tags)) this.context[`aws:ResourceTag/${key}`] = value;
    this.rcps = organization.rcpsOf(account);
    this.inManagementAccount = organization.isManagementAccount(account);
  }

  abstract readonly probes: readonly CapabilityProbe[];
  abstract readonly probeSet: number;
  abstract readonly ownAccountOnly: boolean;
  abstract readonly services: ReadonlySet<string>;
  abstract readonly requestArns: readonly string[];

  /** Principals its own policy names: worked out when first asked (most targets never are). */
  get names(): PrincipalNames {
    this.principalNames ??= PrincipalNames.of(this.outline ? [this.outline] : []);
    return this.principalNames;
  }

  get policy(): CompiledPolicy | undefined {
    if (this.compiled === undefined && this.policyDocument) this.compiled = this.compiler.compile(this.policyDocument);
    return this.compiled;
  }

  get grantees(): readonly Grantee[] {
    this.granteeList ??= this.policy ? granteesOf(this.policy) : [];
    return this.granteeList;
  }

  get trusted(): ReadonlySet<string> | 'any' {
    this.trustedList ??= trustedAccounts(this.grantees);
    return this.trustedList;
  }
}

/** Where a resource's probes act: their services and request ARNs (a superset for mapped types). */
export interface ProbeLayout {
  services: ReadonlySet<string>;
  requestArns: readonly string[];
}

/**
 * A resource of the inventory, ready for pair evaluation. Its probes are listed only when a
 * pair of it is decided; pruning needs only where they act.
 */
export class Target extends PolicyTarget {
  readonly services: ReadonlySet<string>;
  readonly requestArns: readonly string[];
  private probeList: readonly CapabilityProbe[] | undefined;
  private probeSetId: number | undefined;
  private publicRestricted: boolean | undefined;
  private readonly shapes = new Map<boolean, string>();

  constructor(
    readonly resource: Resource,
    layout: ProbeLayout,
    private readonly listProbes: () => readonly CapabilityProbe[],
    private readonly decider: Decider,
    compiler: PolicyCompiler,
    outliner: Outliner,
    organization: Organization,
    /** Block Public Access restricts public bucket policies of this bucket (or account). */
    private readonly restrictsPublic: boolean,
  ) {
    super(resource.arn, resource.accountId, resource.tags, resource.policy, compiler, outliner, organization);
    const orgId = organization.orgIdOf(resource.accountId);
    if (orgId) this.context['aws:ResourceOrgID'] = orgId;
    this.services = layout.services;
    this.requestArns = layout.requestArns;
  }

  get probes(): readonly CapabilityProbe[] {
    this.probeList ??= this.listProbes();
    return this.probeList;
  }

  get probeSet(): number {
    this.probeSetId ??= this.decider.probeSetOf(this.probes);
    return this.probeSetId;
  }

  /** Resources of one shape decide alike for principals their policies do not name (shapes.ts). */
  shape(readsResourceTags: boolean): string {
    let shape = this.shapes.get(readsResourceTags);
    if (shape === undefined) {
      const policy = this.policyDocument ? policyShape(this.policyDocument.document, this.arn) : null;
      shape = JSON.stringify([this.resource.type, this.requestArns.length, this.account, this.inManagementAccount, this.restrictsPublic, readsResourceTags ? this.resource.tags : null, policy, this.rcpFootprint()]);
      this.shapes.set(readsResourceTags, shape);
    }
    return shape;
  }

  /** For each statement of the account's RCPs, which request ARNs it can apply to: an RCP may single out some resources. */
  private rcpFootprint(): string {
    let footprint = '';
    for (const level of this.rcps) {
      for (const policy of level) for (const statement of policy.statements) footprint += `${this.requestArns.map((arn) => (statement.mayTouchResource(arn) ? 1 : 0)).join('')},`;
    }
    return footprint;
  }

  /** Block Public Access restricts the bucket to its own account and AWS services. */
  get ownAccountOnly(): boolean {
    this.publicRestricted ??= this.restrictsPublic && this.mayBePublic && this.policy !== undefined && isPublicPolicy(this.policy);
    return this.publicRestricted;
  }
}

export class TargetFactory {
  constructor(
    private readonly inventory: Inventory,
    private readonly catalog: Catalog,
    private readonly compiler: PolicyCompiler,
    private readonly outliner: Outliner,
    private readonly organization: Organization,
    private readonly decider: Decider,
  ) {}

  target(resource: Resource): Target {
    const list = () => probesFor(resource, this.catalog);
    return new Target(resource, layoutOf(resource) ?? layoutOfProbes(list()), list, this.decider, this.compiler, this.outliner, this.organization, this.restrictsPublicBuckets(resource));
  }

  /** RestrictPublicBuckets of the bucket or of its account (the inventory's account). */
  private restrictsPublicBuckets(resource: Resource): boolean {
    if (resource.type !== 'AWS::S3::Bucket') return false;
    const account = resource.accountId === this.inventory.accountId ? this.inventory.accountPublicAccessBlock : undefined;
    return resource.publicAccessBlock?.restrictPublicBuckets === true || account?.restrictPublicBuckets === true;
  }
}

/**
 * Where the probes of a resource of a mapped type act, from the capability map's type table
 * without listing them: every request ARN its types derive (a superset of the probes' own,
 * which is all pruning needs). Undefined for a type the table does not map.
 */
function layoutOf(resource: Resource): ProbeLayout | undefined {
  const targets = RESOURCE_TYPE_TARGETS[resource.type];
  if (!targets) return undefined;
  const requestArns = targets.map((target) => target.requestArn.of(resource.arn)).filter((arn): arn is string => arn !== undefined);
  return { services: new Set(targets.map((target) => target.service)), requestArns: [...new Set(requestArns)] };
}

function layoutOfProbes(probes: readonly CapabilityProbe[]): ProbeLayout {
  return {
    services: new Set(probes.map((probe) => probe.action.slice(0, probe.action.indexOf(':')).toLowerCase())),
    requestArns: [...new Set(probes.map((probe) => probe.requestResource))],
  };
}
