/**
 * Actors: everyone effective access is computed for. The inventory's users and roles with
 * their policies, principals that resource and trust policies name but the inventory does not
 * hold, and the aggregates (another account, an organization, everyone, a service, an
 * identity provider) that stand for members nobody can enumerate (DESIGN.md §1).
 */
import { parsePrincipal } from '../iam/arn.js';
import type { CompiledPolicy } from '../iam/policy.js';
import type { EvaluationOptions, RequestContext } from '../iam/types.js';
import type { PrincipalType } from '../model/access.js';
import type { Inventory, PolicyDocument, Principal, UnknownValue } from '../model/inventory.js';
import type { PolicyCompiler } from './compiled.js';
import type { Outliner, PolicyOutline } from './outline.js';
import type { Grantee } from './grantees.js';
import type { Organization } from './organization.js';

export interface Actor {
  /** The grant's principal: an ARN, `org:o-…`, `*`, a service or an identity provider. */
  principal: string;
  type: PrincipalType;
  /** The principal the evaluator is asked about. */
  requestPrincipal: string;
  /** Account of an IAM principal or account aggregate. */
  account?: string;
  identity: readonly CompiledPolicy[];
  boundaries: readonly CompiledPolicy[];
  /** Guardrails of the principal's account: SCP levels, and whether SCPs apply at all. */
  scps: readonly (readonly CompiledPolicy[])[];
  outsideOrganization: boolean;
  inManagementAccount: boolean;
  /** Principal-side context keys the inputs know (tags, organization). */
  context: RequestContext;
  options: EvaluationOptions;
  /**
   * Actors with the same class key are decided alike on every target whose policy names none
   * of them: same traits (below) and identity policies.
   */
  classKey: string;
  /** Type, account, boundary and the tags policies read: what besides policies decides. */
  traitsKey: string;
  /** The inventory principal, for users and roles of the inventory. */
  member?: Principal;
  /** The grants of this actor depend on a value known only after apply (an inventory unknown). */
  unknown: boolean;
  /** For the aggregate of a principal entry known only at deploy or apply time: that entry. */
  unknownEntry?: string;
}

/** Principal keys AWS sets from the principal itself: known once the principal is. */
const PRINCIPAL_KEYS = new Set(['aws:principalarn', 'aws:principalaccount', 'kms:calleraccount', 'aws:principaltype', 'aws:username', 'aws:principalisawsservice', 'aws:principalservicename']);
const RESOURCE_KEYS = new Set(['aws:resourceaccount']);

const isTagKey = (key: string): boolean => key.startsWith('aws:resourcetag/');

/**
 * Options for a principal whose ARN is known; its tags too when the inventory holds it, its
 * organization when its account is a member. The request's own keys stay unknown.
 */
function knownPrincipalOptions(orgKnown: boolean, tagsKnown: boolean): EvaluationOptions {
  return KNOWN_PRINCIPAL_OPTIONS[Number(orgKnown)]![Number(tagsKnown)]!;
}

function buildKnownPrincipalOptions(orgKnown: boolean, tagsKnown: boolean): EvaluationOptions {
  return {
    unknownKeys: (key) => !(PRINCIPAL_KEYS.has(key) || RESOURCE_KEYS.has(key) || isTagKey(key) || (tagsKnown && key.startsWith('aws:principaltag/')) || (orgKnown && key === 'aws:principalorgid')),
    unknownValueKeys: (key) => key === 'aws:userid',
  };
}

/** The four option sets, by organization known and tags known: built once, shared by every actor. */
const KNOWN_PRINCIPAL_OPTIONS = [false, true].map((orgKnown) => [false, true].map((tagsKnown) => buildKnownPrincipalOptions(orgKnown, tagsKnown)));

/** Options for an aggregate: its members' ARNs (and more) are unknown but present. */
function aggregateOptions(unknownValues: ReadonlySet<string>): EvaluationOptions {
  return {
    unknownKeys: (key) => !(RESOURCE_KEYS.has(key) || isTagKey(key) || key === 'aws:principalisawsservice'),
    unknownValueKeys: (key) => unknownValues.has(key),
  };
}

const AGGREGATE_UNKNOWN = new Set(['aws:principalarn', 'aws:principaltype', 'aws:userid']);
const ORG_UNKNOWN = new Set([...AGGREGATE_UNKNOWN, 'aws:principalaccount', 'kms:calleraccount']);
const OPEN_OPTIONS: EvaluationOptions = { unknownKeys: (key) => !(RESOURCE_KEYS.has(key) || isTagKey(key)) };

/** An account no organization or inventory holds: stands for "some account" of an org. */
const SOME_ACCOUNT = '000000000000';

/** An actor another side built for the principal and the documents its access rests on, if it can serve. */
type ReuseMember = (principal: Principal, documents: readonly PolicyDocument[]) => MemberActor | undefined;

export interface ActorSet {
  actors: MemberActor[];
  unknowns: UnknownValue[];
}

/**
 * A user or role of the inventory. Its policies are compiled only when a pair of it is
 * decided; pruning reads their outlines.
 */
export class MemberActor implements Actor {
  readonly principal: string;
  readonly type: PrincipalType;
  readonly requestPrincipal: string;
  readonly account: string;
  readonly context: RequestContext = {};
  readonly options: EvaluationOptions;
  classKey = '';
  traitsKey = '';
  unknown = false;
  /** Outlines of its identity policies, and of its boundary and SCPs. */
  readonly identityOutlines: readonly PolicyOutline[];
  readonly guardOutlines: readonly PolicyOutline[];
  readonly scps: readonly (readonly CompiledPolicy[])[];
  readonly outsideOrganization: boolean;
  readonly inManagementAccount: boolean;
  private compiledIdentity: readonly CompiledPolicy[] | undefined;
  private compiledBoundaries: readonly CompiledPolicy[] | undefined;

  constructor(
    readonly member: Principal,
    private readonly identityDocuments: readonly PolicyDocument[],
    private readonly boundaryDocuments: readonly PolicyDocument[],
    private readonly compiler: PolicyCompiler,
    outliner: Outliner,
    organization: Organization,
  ) {
    this.principal = member.arn;
    this.type = member.type;
    this.requestPrincipal = member.arn;
    this.account = member.accountId;
    const orgId = organization.orgIdOf(member.accountId);
    for (const [key, value] of Object.entries(member.tags)) this.context[`aws:PrincipalTag/${key}`] = value;
    if (orgId) this.context['aws:PrincipalOrgID'] = orgId;
    this.options = knownPrincipalOptions(orgId !== undefined, true);
    this.scps = organization.scpsOf(member.accountId);
    this.outsideOrganization = !organization.isMember(member.accountId);
    this.inManagementAccount = organization.isManagementAccount(member.accountId);
    this.identityOutlines = identityDocuments.map((d) => outliner.outline(d));
    this.guardOutlines = [...boundaryDocuments, ...organization.scpDocumentsOf(member.accountId)].map((d) => outliner.outline(d));
  }

  get identity(): readonly CompiledPolicy[] {
    this.compiledIdentity ??= this.identityDocuments.map((d) => this.compiler.compile(d));
    return this.compiledIdentity;
  }

  get boundaries(): readonly CompiledPolicy[] {
    this.compiledBoundaries ??= this.boundaryDocuments.map((d) => this.compiler.compile(d));
    return this.compiledBoundaries;
  }

  /** Ids of its identity policies and boundary: principals with equal ids share policies. */
  policyIds(): { identity: string[]; boundary: string[] } {
    return { identity: this.identityDocuments.map((d) => d.id).sort(), boundary: this.boundaryDocuments.map((d) => d.id) };
  }

  /** Every policy document it uses (to validate them, or to compare sides). */
  documents(): readonly PolicyDocument[] {
    return [...this.identityDocuments, ...this.boundaryDocuments];
  }
}

/** Builds the actors of the inventory's users and roles. */
export class ActorFactory {
  private readonly managed: Map<string, PolicyDocument>;
  private readonly groups: Map<string, Inventory['groups'][number]>;
  private readonly allowAll: CompiledPolicy;
  private readonly externals: Map<string, Actor>;

  constructor(
    private readonly inventory: Inventory,
    private readonly compiler: PolicyCompiler,
    private readonly outliner: Outliner,
    private readonly organization: Organization,
    /** A factory of the same organization whose outside principals this one shares. */
    sharing?: ActorFactory,
  ) {
    this.externals = sharing?.externals ?? new Map();
    this.managed = new Map(inventory.managedPolicies.map((p) => [p.arn, p.policy]));
    this.groups = new Map(inventory.groups.map((g) => [g.arn, g]));
    this.allowAll = compiler.compile(ASSUMED_IDENTITY);
  }

  /**
   * Actors of the inventory's principals, and the unknowns their missing policies leave.
   * `reuse` may give, for a principal and every document its access rests on, an actor
   * already built for it (another side's) instead of a new one.
   */
  members(reuse: ReuseMember = () => undefined): ActorSet {
    const unknowns: UnknownValue[] = [];
    const actors = this.inventory.principals.map((principal) => this.member(principal, unknowns, reuse));
    return { actors, unknowns };
  }

  /** The documents a principal's access rests on: its own, its groups', managed, boundary. */
  private member(principal: Principal, unknowns: UnknownValue[], reuse: ReuseMember): MemberActor {
    const documents: PolicyDocument[] = [...principal.inlinePolicies];
    for (const arn of principal.managedPolicyArns) this.attach(principal, arn, 'managed policy', documents, unknowns);
    for (const groupArn of principal.groupArns) {
      const group = this.groups.get(groupArn);
      if (!group) {
        unknowns.push(missing(principal, 'groups', `group ${groupArn}`));
        continue;
      }
      documents.push(...group.inlinePolicies);
      for (const arn of group.managedPolicyArns) this.attach(principal, arn, `managed policy of group ${group.name}`, documents, unknowns);
    }
    const boundary = principal.permissionsBoundaryArn ? this.managed.get(principal.permissionsBoundaryArn) : undefined;
    if (principal.permissionsBoundaryArn && !boundary) {
      unknowns.push(missing(principal, 'permissions_boundary', `permissions boundary ${principal.permissionsBoundaryArn}`, 'the limits it sets are not applied'));
    }
    const identity = unique(documents);
    const boundaries = boundary ? [boundary] : [];
    return reuse(principal, [...identity, ...boundaries]) ?? new MemberActor(principal, identity, boundaries, this.compiler, this.outliner, this.organization);
  }

  /** Adds the managed policy `arn` to the documents, or the unknown its absence leaves. */
  private attach(principal: Principal, arn: string, via: string, documents: PolicyDocument[], unknowns: UnknownValue[]): void {
    const policy = this.managed.get(arn);
    if (policy) documents.push(policy);
    else unknowns.push(missing(principal, 'managed_policy_arns', `${via} ${arn}`));
  }

  /**
   * Sets the class keys of the members once it is known whether any policy reads principal
   * tags (then tags tell classes apart too).
   */
  static assignClasses(members: readonly MemberActor[], readsPrincipalTags: boolean): void {
    for (const actor of members) {
      const ids = actor.policyIds();
      actor.traitsKey = JSON.stringify([actor.type, actor.account, ids.boundary, readsPrincipalTags ? actor.member.tags : null]);
      actor.classKey = JSON.stringify([actor.traitsKey, ids.identity]);
    }
  }

  /**
   * The actor for a grantee a policy names that is not an inventory principal. Principals of
   * other accounts, and aggregates, are assumed to be allowed by their own identity policies:
   * the inputs cannot see them, and the access the resource side gives is what it controls.
   */
  external(grantee: Grantee, resourceAccount: string | undefined): Actor | undefined {
    // A principal's actor differs only by whether the resource is in its own account (its identity
    // policies are assumed to allow only across accounts); aggregates but accounts, by the resource's account.
    const where = grantee.kind === 'arn' ? parsePrincipal(grantee.arn)?.account === resourceAccount : grantee.kind === 'account' ? null : resourceAccount;
    const key = JSON.stringify([grantee, where]);
    let actor = this.externals.get(key);
    if (!actor) {
      actor = this.buildExternal(grantee, resourceAccount);
      if (actor) this.externals.set(key, actor);
    }
    return actor;
  }

  private guardrails(account: string | undefined): Pick<Actor, 'scps' | 'outsideOrganization' | 'inManagementAccount'> {
    return {
      scps: this.organization.scpsOf(account),
      outsideOrganization: account === undefined || !this.organization.isMember(account),
      inManagementAccount: this.organization.isManagementAccount(account),
    };
  }

  private buildExternal(grantee: Grantee, resourceAccount: string | undefined): Actor | undefined {
    switch (grantee.kind) {
      case 'arn': {
        const parsed = parsePrincipal(grantee.arn);
        if (!parsed) return undefined;
        const type = ARN_TYPES[parsed.kind];
        if (!type) return undefined;
        const foreign = parsed.account !== resourceAccount;
        const orgId = this.organization.orgIdOf(parsed.account);
        const context: RequestContext = orgId ? { 'aws:PrincipalOrgID': orgId } : {};
        return new OutsideActor({ principal: grantee.arn, type, requestPrincipal: grantee.arn, account: parsed.account, identity: foreign ? [this.allowAll] : [], context, options: knownPrincipalOptions(orgId !== undefined, false), ...this.guardrails(parsed.account) });
      }
      case 'account': {
        const root = `arn:aws:iam::${grantee.account}:root`;
        const orgId = this.organization.orgIdOf(grantee.account);
        return new OutsideActor({ principal: root, type: 'Account', requestPrincipal: root, account: grantee.account, identity: [this.allowAll], context: orgId ? { 'aws:PrincipalOrgID': orgId } : {}, options: aggregateOptions(AGGREGATE_UNKNOWN), ...this.guardrails(grantee.account) });
      }
      case 'organization':
        return new OutsideActor({ principal: `org:${grantee.orgId}`, type: 'Organization', requestPrincipal: `arn:aws:iam::${SOME_ACCOUNT}:root`, identity: [this.allowAll], context: { 'aws:PrincipalOrgID': grantee.orgId }, options: aggregateOptions(ORG_UNKNOWN), ...this.guardrails(undefined) });
      case 'public':
        return new OutsideActor({ principal: '*', type: 'Public', requestPrincipal: 'anonymous', options: OPEN_OPTIONS, ...this.guardrails(undefined) });
      case 'service':
        return new OutsideActor({ principal: grantee.service, type: 'Service', requestPrincipal: grantee.service, options: OPEN_OPTIONS, ...this.guardrails(undefined) });
      case 'federated':
        return parsePrincipal(grantee.provider) ? new OutsideActor({ principal: grantee.provider, type: 'WebIdentity', requestPrincipal: grantee.provider, options: OPEN_OPTIONS, ...this.guardrails(undefined) }) : undefined;
      case 'unknown':
        // Like an account aggregate of an account nobody knows: its ARN, account and organization are unknown.
        return new OutsideActor({ principal: grantee.value, type: 'Unknown', requestPrincipal: `arn:aws:iam::${SOME_ACCOUNT}:root`, identity: [this.allowAll], options: aggregateOptions(ORG_UNKNOWN), unknownEntry: grantee.value, ...this.guardrails(undefined) });
      case 'arn-pattern':
        return undefined;
    }
  }
}

type OutsideActorFields = Pick<Actor, 'principal' | 'type' | 'requestPrincipal' | 'options' | 'scps' | 'outsideOrganization' | 'inManagementAccount'> &
  Partial<Pick<Actor, 'account' | 'identity' | 'context' | 'unknownEntry'>>;

/**
 * A principal outside the inventory, or an aggregate. One class, every field always set in
 * the same order: the evaluation's hot functions then see two kinds of actor (this and
 * MemberActor) instead of one object shape per kind of grantee.
 */
class OutsideActor implements Actor {
  readonly principal: string;
  readonly type: PrincipalType;
  readonly requestPrincipal: string;
  readonly account: string | undefined;
  readonly identity: readonly CompiledPolicy[];
  readonly boundaries: readonly CompiledPolicy[] = [];
  readonly scps: readonly (readonly CompiledPolicy[])[];
  readonly outsideOrganization: boolean;
  readonly inManagementAccount: boolean;
  readonly context: RequestContext;
  readonly options: EvaluationOptions;
  readonly classKey: string;
  readonly traitsKey: string;
  readonly member: undefined = undefined;
  readonly unknown: boolean;
  readonly unknownEntry: string | undefined;

  constructor(fields: OutsideActorFields) {
    this.principal = fields.principal;
    this.type = fields.type;
    this.requestPrincipal = fields.requestPrincipal;
    this.account = fields.account;
    this.identity = fields.identity ?? [];
    this.scps = fields.scps;
    this.outsideOrganization = fields.outsideOrganization;
    this.inManagementAccount = fields.inManagementAccount;
    this.context = fields.context ?? {};
    this.options = fields.options;
    this.classKey = fields.principal;
    this.traitsKey = fields.principal;
    this.unknown = fields.unknownEntry !== undefined;
    this.unknownEntry = fields.unknownEntry;
  }
}

const ARN_TYPES: Partial<Record<string, PrincipalType>> = { user: 'IAMUser', role: 'IAMRole', session: 'RoleSession', 'federated-user': 'FederatedUser', root: 'Account' };

/**
 * The identity policies of principals outside the inputs, assumed to allow: shown in a
 * grant's reasons so that a reader sees the grant rests on the resource side alone.
 */
const ASSUMED_IDENTITY: PolicyDocument = {
  id: 'access-delta:assumed-identity-policies',
  name: 'identity policies outside the inputs (assumed to allow)',
  kind: 'inline',
  document: { Version: '2012-10-17', Statement: [{ Sid: 'AssumedToAllow', Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/**
 * A policy a principal uses that the inputs do not hold (an AWS managed policy a plan attaches
 * by ARN, a group outside the inputs): what it allows is not counted, and the review says so.
 * A missing permissions boundary limits nothing: its principal's access is counted unbounded.
 * What is missing is its content: a second policy missing at the same place is new.
 */
function missing(principal: Principal, attribute: string, what: string, effect = 'the access it gives is not counted'): UnknownValue {
  return {
    address: principal.source?.address ?? principal.arn,
    attribute,
    reason: `not in the inputs (${what}), so ${effect}`,
    content: what,
    subject: principal.arn,
    ...(principal.source ? { source: principal.source } : {}),
  };
}


function unique(documents: PolicyDocument[]): PolicyDocument[] {
  const seen = new Set<string>();
  return documents.filter((d) => !seen.has(d.id) && seen.add(d.id) !== undefined);
}
