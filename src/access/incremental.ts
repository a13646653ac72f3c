/**
 * The incremental delta: only the grants a change can affect are recomputed on each side,
 * and the result equals the difference of two full computations.
 *
 * A grant (principal, resource, capability) can change only when the resource changed
 * (policy, tags, Block Public Access, guardrails, unknowns), or the principal's own policies
 * changed, or a role chain from the principal changed or reaches a role whose policies
 * changed. Every other pair is decided by the same actor and target on both sides.
 */
import type { Catalog } from '../iam/catalog.js';
import type { Delta, Grant } from '../model/access.js';
import type { State, UnknownValue } from '../model/inventory.js';
import { byActor, directAccess } from './access.js';
import type { Actor } from './actors.js';
import { assumeEdges, reachable, type Reach } from './chains.js';
import { conditionKey, statementKey } from './decide.js';
import { diffAccess } from './delta.js';
import { GrantCollector } from './grants.js';
import { sameJson } from './same-json.js';
import { Engine, Side, type AccessOptions } from './side.js';
import type { Target } from './targets.js';

export interface DeltaResult {
  delta: Delta;
  /**
   * The grants recomputed on each side: every grant on a resource the change touches and
   * every grant of a principal it affects (its policies, or a role chain it takes).
   */
  before: Grant[];
  after: Grant[];
  /** The after side's unknowns. */
  unknowns: UnknownValue[];
  /** What was recomputed: resource ARNs and principals. */
  scope: { resources: string[]; principals: string[] };
}

export function computeDelta(state: State, catalog: Catalog, options: AccessOptions = {}): DeltaResult {
  const engine = new Engine(catalog, options);
  const before = new Side(state.before, engine);
  const after = new Side(state.after, engine);
  const resources = changedTargets(before, after);
  const beforeReach = reachable(assumeEdges(before));
  const afterReach = reachable(assumeEdges(after));
  const principals = affectedPrincipals(changedMembers(before, after), beforeReach, afterReach);
  const beforeGrants = scopedGrants(before, beforeReach, principals, resources);
  const afterGrants = scopedGrants(after, afterReach, principals, resources);
  return {
    delta: diffAccess(beforeGrants, afterGrants),
    before: beforeGrants,
    after: afterGrants,
    unknowns: after.unknowns,
    scope: { resources: [...resources].sort(), principals: [...principals].sort() },
  };
}

/** Grants of the affected principals, and every grant on the changed resources. */
function scopedGrants(side: Side, reaches: Map<Actor, Reach[]>, principals: ReadonlySet<string>, resources: ReadonlySet<string>): Grant[] {
  // An affected principal's chains need everything the roles it reaches hold.
  const needed = new Set(principals);
  for (const [origin, list] of reaches) if (principals.has(origin.principal)) for (const reach of list) needed.add(reach.role.principal);
  const direct = directAccess(side, { actors: needed, targets: resources });
  const wanted = (actor: Actor, target: Target): boolean => principals.has(actor.principal) || resources.has(target.arn);
  const collector = new GrantCollector(side.unknownSubjects);
  collector.addDirect(direct.filter((result) => wanted(result.actor, result.target)));
  collector.addChains(reaches, byActor(direct), wanted);
  return collector.grants();
}

/** Resources added, removed, or changed in anything the evaluation reads. */
function changedTargets(before: Side, after: Side): Set<string> {
  const changed = new Set<string>();
  const old = new Map(before.targets.map((target) => [target.arn, target]));
  for (const target of after.targets) {
    const previous = old.get(target.arn);
    if (!previous || !sameTarget(previous, target, before, after)) changed.add(target.arn);
    old.delete(target.arn);
  }
  for (const arn of old.keys()) changed.add(arn);
  return changed;
}

function sameTarget(a: Target, b: Target, before: Side, after: Side): boolean {
  return (
    a.policy === b.policy &&
    a.resource.type === b.resource.type &&
    a.account === b.account &&
    a.inManagementAccount === b.inManagementAccount &&
    a.ownAccountOnly === b.ownAccountOnly &&
    sameLevels(a.rcps ?? [], b.rcps ?? []) &&
    sameJson(a.context, b.context) &&
    before.unknownSubjects.has(a.arn) === after.unknownSubjects.has(b.arn)
  );
}

/** Inventory principals added, removed, or changed in anything the evaluation reads. */
function changedMembers(before: Side, after: Side): Set<string> {
  const changed = new Set<string>();
  for (const actor of after.members) {
    const previous = before.memberByArn.get(actor.principal);
    if (!previous || !sameMember(previous, actor, before, after)) changed.add(actor.principal);
  }
  for (const actor of before.members) if (!after.memberByArn.has(actor.principal)) changed.add(actor.principal);
  return changed;
}

function sameMember(a: Actor, b: Actor, before: Side, after: Side): boolean {
  const trust = (side: Side, actor: Actor) => (actor.member?.trustPolicy ? side.engine.compiler.compile(actor.member.trustPolicy) : undefined);
  return (
    a.type === b.type &&
    a.account === b.account &&
    a.unknown === b.unknown &&
    a.classKey === b.classKey &&
    a.outsideOrganization === b.outsideOrganization &&
    a.inManagementAccount === b.inManagementAccount &&
    sameList(a.identity, b.identity) &&
    sameList(a.boundaries, b.boundaries) &&
    sameLevels(a.scps, b.scps) &&
    sameJson(a.context, b.context) &&
    sameJson(a.member?.tags, b.member?.tags) &&
    trust(before, a) === trust(after, b)
  );
}

/**
 * The changed principals, and every origin whose role chains differ between the sides or
 * reach a changed role.
 */
function affectedPrincipals(changed: ReadonlySet<string>, before: Map<Actor, Reach[]>, after: Map<Actor, Reach[]>): Set<string> {
  const affected = new Set(changed);
  const signatures = (reaches: Map<Actor, Reach[]>) => new Map([...reaches].map(([origin, list]) => [origin.principal, list.map(reachSignature).join('\n')]));
  const old = signatures(before);
  const now = signatures(after);
  for (const origin of new Set([...old.keys(), ...now.keys()])) if (old.get(origin) !== now.get(origin)) affected.add(origin);
  for (const reaches of [before, after]) {
    for (const [origin, list] of reaches) if (list.some((reach) => changed.has(reach.role.principal))) affected.add(origin.principal);
  }
  return affected;
}

function reachSignature(reach: Reach): string {
  const edges = reach.edges.map((edge) => [edge.held.conditional, edge.held.conditions.map(conditionKey).sort(), edge.held.via.map(statementKey).sort()]);
  return JSON.stringify([reach.path.map((actor) => actor.principal), edges]);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameLevels<T>(a: readonly (readonly T[])[], b: readonly (readonly T[])[]): boolean {
  return a.length === b.length && a.every((level, i) => sameList(level, b[i] as readonly T[]));
}
