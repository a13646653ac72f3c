/**
 * What the rules look at: the two sides of the change, their grants and the delta, with the
 * lookups the rules share (classification, what the change touches, a principal's identity
 * policies). Rules judge what a change touches, so a violation elsewhere in the account does
 * not block an unrelated pull request.
 */
import type { Catalog } from '../iam/catalog.js';
import type { Delta, Grant, StatementRef } from '../model/access.js';
import { rememberedSameJson, sameJson } from '../access/same-json.js';
import type { Group, Inventory, ManagedPolicy, PolicyDocument, Principal, Resource, SourceLocation, State, UnknownValue, Workload } from '../model/inventory.js';
import type { Config } from './config.js';
import { arnResourcePart, quote, resourceKind } from './labels.js';
import { statementsOf, type PolicyStatement } from './statements.js';

export interface RuleInput {
  config: Config;
  state: State;
  /** Effective access before and after the change (src/access). */
  before: Grant[];
  after: Grant[];
  /**
   * Who holds access to each resource asked by a route of their own, before and after
   * (`computeDelta`'s `holders`). Without it, the grants in `before` and `after` that show no
   * role chain.
   */
  holders?: (arns: readonly string[]) => Record<Side, Grant[]>;
  delta: Delta;
  /**
   * What each side leaves undecided: the inventory's unknowns, and what effective access adds
   * (policies its principals use that the inputs do not hold; `computeDelta`'s).
   */
  unknowns: Record<Side, UnknownValue[]>;
  /** The review's date, `YYYY-MM-DD`: waivers apply up to and including their `expires` day. */
  today: string;
  /** The action catalog (`loadCatalog()`), for wildcard expansion and unknown actions. */
  catalog: Catalog;
}

export type Side = 'before' | 'after';

/** The identity-based policies that apply to a principal: its own and its groups', and its boundary. */
export interface IdentityPolicies {
  principal: Principal;
  /** The documents: inline, attached managed, and the same of each group. */
  documents: PolicyDocument[];
  statements: PolicyStatement[];
  boundaryDocument?: PolicyDocument;
  /** The permissions boundary's statements; undefined when there is none or its document is unknown. */
  boundary?: PolicyStatement[];
  /** ARNs of attached managed policies whose document neither the inventory nor the built-in table has. */
  unresolved: string[];
}

/** One side's entities by ARN, built once per review. */
interface SideIndex {
  principals: Map<string, Principal>;
  resources: Map<string, Resource>;
  groups: Map<string, Group>;
  managed: Map<string, PolicyDocument>;
  awsManaged: Map<string, ManagedPolicy>;
}

export class RuleContext {
  private gainedGrants?: Grant[];
  private afterByResource?: Map<string, Grant[]>;
  private gainedByResource?: Map<string, Grant[]>;
  private touched?: string[];
  private memo = new Map<string, unknown>();
  private owners?: Map<string, { principal?: string; resource?: string }>;
  private identities = { before: new Map<string, IdentityPolicies>(), after: new Map<string, IdentityPolicies>() };
  private indexes: Partial<Record<Side, SideIndex>> = {};

  constructor(readonly input: RuleInput) {}

  get config(): Config {
    return this.input.config;
  }

  inventory(side: Side): Inventory {
    return this.input.state[side];
  }

  /** Grants the change adds, and the after side of grants it changes. */
  get gained(): Grant[] {
    this.gainedGrants ??= [...this.input.delta.added, ...this.input.delta.changed.map((c) => c.after)];
    return this.gainedGrants;
  }

  /** Every grant on a resource after the change. */
  grantsAfterOn(arn: string): Grant[] {
    this.afterByResource ??= groupBy(this.input.after, (g) => g.resource);
    return this.afterByResource.get(arn) ?? [];
  }

  /**
   * Who holds access to each resource themselves (no role chain), by side and resource: asked
   * of effective access once for the whole list.
   */
  holdersOn(arns: readonly string[]): Record<Side, Map<string, Grant[]>> {
    const asked = new Set(arns);
    const ownOn = (grants: readonly Grant[]) => grants.filter((g) => asked.has(g.resource) && showsNoChain(g));
    const found = this.input.holders ? this.input.holders(arns) : { before: ownOn(this.input.before), after: ownOn(this.input.after) };
    return { before: groupBy(found.before, (g) => g.resource), after: groupBy(found.after, (g) => g.resource) };
  }

  /** The grants the change adds or changes on a resource. */
  gainedOn(arn: string): Grant[] {
    this.gainedByResource ??= groupBy(this.gained, (g) => g.resource);
    return this.gainedByResource.get(arn) ?? [];
  }

  resource(arn: string, side: Side = 'after'): Resource | undefined {
    return this.index(side).resources.get(arn);
  }

  principal(arn: string, side: Side = 'after'): Principal | undefined {
    return this.index(side).principals.get(arn);
  }

  private index(side: Side): SideIndex {
    if (!this.indexes[side]) {
      const inventory = this.inventory(side);
      this.indexes[side] = {
        principals: new Map(inventory.principals.map((p) => [p.arn, p])),
        resources: new Map(inventory.resources.map((r) => [r.arn, r])),
        groups: new Map(inventory.groups.map((g) => [g.arn, g])),
        managed: new Map(inventory.managedPolicies.map((m) => [m.arn, m.policy])),
        awsManaged: new Map(inventory.managedPolicies.flatMap((m) => (m.awsManaged ? [[m.arn, m] as const] : []))),
      };
    }
    return this.indexes[side];
  }

  /** The classification tag's value after the change (or the configured value for untagged resources). */
  classificationOf(arn: string): string | undefined {
    const { tag, untagged } = this.config.classification;
    return this.resource(arn)?.tags[tag] ?? untagged;
  }

  /** `bucket \`credit-applications\``, for messages. */
  describeResource(arn: string): string {
    const type = this.resource(arn)?.type ?? this.grantsAfterOn(arn)[0]?.resourceType;
    return type ? `${resourceKind(type)} ${quote(this.resourceName(arn))}` : quote(this.resourceName(arn));
  }

  /** `credit-applications`, for messages. */
  resourceName(arn: string): string {
    return this.resource(arn)?.name || this.resource(arn, 'before')?.name || arnResourcePart(arn);
  }

  /**
   * ARNs of the resources the change touches: those with added, removed or changed grants,
   * and those whose tags or policy change (e.g. a bucket newly classified Confidential).
   */
  touchedResources(): string[] {
    if (!this.touched) {
      const { added, removed, changed } = this.input.delta;
      const arns = new Set([...added, ...removed, ...changed.map((c) => c.after)].map((g) => g.resource));
      for (const resource of this.inventory('after').resources) {
        const old = this.resource(resource.arn, 'before');
        if (!old || !sameResource(old, resource)) arns.add(resource.arn);
      }
      this.touched = [...arns].sort();
    }
    return this.touched;
  }

  /**
   * Policy documents of the after side that are new or whose document changed, of those the
   * inputs write: an AWS managed policy's text is AWS's, and whether it is "new" only says
   * whether another principal already used it (`newAwsManagedAttachments` judges attaching it).
   */
  changedPolicies(): PolicyDocument[] {
    return this.once('changedPolicies', () => {
      const before = new Map(allPolicies(this.inventory('before')).map((p) => [p.id, p]));
      const awsManaged = new Set([...this.index('after').awsManaged.values()].map((m) => m.policy.id));
      return allPolicies(this.inventory('after')).filter((p) => !awsManaged.has(p.id) && !sameDocument(before.get(p.id), p));
    });
  }

  /** AWS managed policies (those the inputs hold) that the change attaches to a user, role or group that did not have them. */
  newAwsManagedAttachments(): { holder: Principal | Group; policy: ManagedPolicy }[] {
    return this.once('newAwsManagedAttachments', () => {
      const after = this.index('after');
      const attached = (holders: readonly (Principal | Group)[], previous: (arn: string) => Principal | Group | undefined) =>
        holders.flatMap((holder) => {
          const had = new Set(previous(holder.arn)?.managedPolicyArns);
          return holder.managedPolicyArns.flatMap((arn) => {
            const policy = after.awsManaged.get(arn);
            return policy && !had.has(arn) ? [{ holder, policy }] : [];
          });
        });
      const before = this.index('before');
      return [
        ...attached(this.inventory('after').principals, (arn) => before.principals.get(arn)),
        ...attached(this.inventory('after').groups, (arn) => before.groups.get(arn)),
      ];
    });
  }

  /** Who a policy of the after side belongs to: the principal (user, group, role) or the resource it is attached to. */
  ownerOf(policyId: string): { principal?: string; resource?: string } {
    if (!this.owners) {
      const after = this.inventory('after');
      this.owners = new Map();
      for (const p of after.principals) for (const d of [...p.inlinePolicies, ...optional(p.trustPolicy)]) this.owners.set(d.id, { principal: p.arn });
      for (const g of after.groups) for (const d of g.inlinePolicies) this.owners.set(d.id, { principal: g.arn });
      for (const m of after.managedPolicies) this.owners.set(m.policy.id, { resource: m.arn });
      for (const r of after.resources) if (r.policy) this.owners.set(r.policy.id, { resource: r.arn });
    }
    return this.owners.get(policyId) ?? {};
  }

  /** Users and roles of the after side that are new or whose policies, groups, boundary or trust changed. */
  changedPrincipals(): Principal[] {
    return this.once('changedPrincipals', () =>
      this.inventory('after').principals.filter((principal) => {
        const old = this.principal(principal.arn, 'before');
        return !old || !this.samePrincipal(old, principal);
      }),
    );
  }

  /** Workloads of the after side that are new or changed. */
  changedWorkloads(): Workload[] {
    return this.once('changedWorkloads', () => {
      const before = new Map(this.inventory('before').workloads.map((w) => [w.id, w]));
      return this.inventory('after').workloads.filter((w) => !sameJson(before.get(w.id), w));
    });
  }

  /** Computes a value the rules share once per review. */
  private once<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  /** The identity policies of a principal on one side, resolved through groups and managed policies. */
  identity(principal: Principal, side: Side): IdentityPolicies {
    let found = this.identities[side].get(principal.arn);
    if (!found) {
      found = resolveIdentity(principal, this.index(side));
      this.identities[side].set(principal.arn, found);
    }
    return found;
  }

  /**
   * Do both sides give the principal the same path, trust, boundary, groups and identity
   * documents? Compared part by part, so that a principal costs a few lookups: documents of
   * what the change leaves alone are the same objects on both sides (the inventory's), and
   * managed policies and groups are compared once for all the principals that use them.
   */
  private samePrincipal(old: Principal, now: Principal): boolean {
    const { managed, groups } = this.sharedChanges();
    return (
      old.path === now.path &&
      old.permissionsBoundaryArn === now.permissionsBoundaryArn &&
      !(now.permissionsBoundaryArn !== undefined && managed.has(now.permissionsBoundaryArn)) &&
      sameDocument(old.trustPolicy, now.trustPolicy) &&
      sameAttachments(old, now, managed) &&
      sameJson(old.groupArns, now.groupArns) &&
      !now.groupArns.some((arn) => groups.has(arn))
    );
  }

  /** ARNs of the managed policies and groups that differ between the sides (or exist on one only). */
  private sharedChanges(): { managed: Set<string>; groups: Set<string> } {
    return this.once('sharedChanges', () => {
      const before = this.index('before');
      const after = this.index('after');
      const managed = new Set<string>();
      for (const arn of new Set([...before.managed.keys(), ...after.managed.keys()])) {
        if (!sameDocument(before.managed.get(arn), after.managed.get(arn))) managed.add(arn);
      }
      const groups = new Set<string>();
      for (const arn of new Set([...before.groups.keys(), ...after.groups.keys()])) {
        const old = before.groups.get(arn);
        const now = after.groups.get(arn);
        if (!old || !now || !sameAttachments(old, now, managed)) groups.add(arn);
      }
      return { managed, groups };
    });
  }
}

function resolveIdentity(principal: Principal, index: SideIndex): IdentityPolicies {
  const unresolved: string[] = [];
  const lookup = (arn: string): PolicyDocument | undefined => {
    const policy = index.managed.get(arn);
    if (!policy) unresolved.push(arn);
    return policy;
  };
  const documents: PolicyDocument[] = [...principal.inlinePolicies];
  for (const arn of principal.managedPolicyArns) documents.push(...optional(lookup(arn)));
  for (const groupArn of principal.groupArns) {
    const group = index.groups.get(groupArn);
    if (!group) continue;
    documents.push(...group.inlinePolicies);
    for (const arn of group.managedPolicyArns) documents.push(...optional(lookup(arn)));
  }
  const boundaryDocument = principal.permissionsBoundaryArn ? lookup(principal.permissionsBoundaryArn) : undefined;
  return {
    principal,
    documents,
    statements: documents.flatMap(statementsOf),
    ...(boundaryDocument ? { boundaryDocument, boundary: statementsOf(boundaryDocument) } : {}),
    unresolved,
  };
}

/** The same inline policies (ids and documents, in order) and the same attached managed policies, none of them `changed`. */
function sameAttachments(old: Principal | Group, now: Principal | Group, changed: ReadonlySet<string>): boolean {
  return (
    old.inlinePolicies.length === now.inlinePolicies.length &&
    old.inlinePolicies.every((document, i) => document.id === now.inlinePolicies[i]!.id && sameDocument(document, now.inlinePolicies[i])) &&
    sameJson(old.managedPolicyArns, now.managedPolicyArns) &&
    !now.managedPolicyArns.some((arn) => changed.has(arn))
  );
}

/** Equal documents (by content, compared once per pair; the id is the caller's business), or both absent. */
function sameDocument(a: PolicyDocument | undefined, b: PolicyDocument | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return rememberedSameJson(a.document, b.document);
}

/** Every policy document of an inventory: identity, trust, managed and resource policies. */
export function allPolicies(inventory: Inventory): PolicyDocument[] {
  // Pushed one by one rather than through an array per principal: it lists whole accounts.
  const policies: PolicyDocument[] = [];
  for (const principal of inventory.principals) {
    policies.push(...principal.inlinePolicies);
    if (principal.trustPolicy) policies.push(principal.trustPolicy);
  }
  for (const group of inventory.groups) policies.push(...group.inlinePolicies);
  for (const managed of inventory.managedPolicies) policies.push(managed.policy);
  for (const resource of inventory.resources) if (resource.policy) policies.push(resource.policy);
  return policies;
}

/** Same tags, policy and Block Public Access settings. */
function sameResource(a: Resource, b: Resource): boolean {
  return a === b || (sameJson(a.tags, b.tags) && sameDocument(a.policy, b.policy) && sameJson(a.publicAccessBlock, b.publicAccessBlock));
}

/** The distinct source locations of grants' statements (what annotations point at). */
export function grantLocations(grants: readonly Grant[]): SourceLocation[] {
  return refLocations(grants.flatMap((g) => g.via));
}

/** The distinct source locations of statements. */
export function refLocations(refs: readonly StatementRef[]): SourceLocation[] {
  return uniqueLocations(refs.flatMap((ref) => optional(ref.source)));
}

/**
 * Where a principal's (or group's) statements are written. An AWS managed policy's have no
 * source: they are shown where the inputs attach the policy, else at the principal's own
 * declaration.
 */
export function principalStatementLocations(principal: Principal | Group, statements: readonly PolicyStatement[]): SourceLocation[] {
  const locations = uniqueLocations(statements.flatMap((s) => optional(s.ref.source ?? principal.managedPolicySources?.[s.ref.policy])));
  return locations.length > 0 ? locations : optional(principal.source);
}

export function uniqueLocations(locations: readonly SourceLocation[]): SourceLocation[] {
  const seen = new Map<string, SourceLocation>();
  for (const location of locations) {
    const key = `${location.file}\u0000${location.line ?? ''}\u0000${location.address ?? ''}`;
    if (!seen.has(key)) seen.set(key, location);
  }
  return [...seen.values()];
}

/** A grant that shows no role chain: the principal's own route (or one of them). */
export function showsNoChain(grant: Grant): boolean {
  return grant.path === undefined || grant.path.length === 0;
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}
