/**
 * The incremental delta: only the grants a change can affect are recomputed on each side,
 * and the result equals the difference of two full computations.
 *
 * A grant (principal, resource, capability) can change only when the resource changed
 * (policy, tags, Block Public Access, guardrails, unknowns), or the principal's own policies
 * changed, or a role chain from the principal changed or reaches a role whose policies
 * changed. Every other pair is decided by the same actor and target on both sides.
 */
import { splitArn } from '../iam/arn.js';
import type { Catalog } from '../iam/catalog.js';
import { conditionKey, statementKey, type Delta, type Grant } from '../model/access.js';
import type { State, UnknownValue } from '../model/inventory.js';
import { directAccess } from './access.js';
import type { Actor } from './actors.js';
import { AssumeGraph, reachable, type Reach } from './chains.js';
import { diffAccess } from './delta.js';
import type { Grantee } from './grantees.js';
import { buildGrants } from './grants.js';
import { ListedPrincipals, type DirectResult } from './pairs.js';
import { Engine, sameGuardrails, Side, type AccessOptions } from './side.js';
import { strayPrincipals, type StrayPrincipal } from './strays.js';
import type { Target } from './targets.js';

export interface DeltaResult {
  delta: Delta;
  /**
   * The grants recomputed on each side: every grant on a resource the change touches (a
   * changed resource, or one whose grants the delta changes) and every grant of a principal
   * it affects (its policies, or a role chain it takes). Enough to show each resource the
   * delta touches with all who hold access to it.
   */
  before: Grant[];
  after: Grant[];
  /**
   * Who holds access to each resource asked, on each side, by a route of their own (their own
   * policies, or the resource's policy names them): the grants of those routes alone, without
   * role chains. Counting rules count these (a chain's origin acts as a role already counted).
   * Worked out when asked, for any resource: a resource whose tags alone changed, say, needs
   * no more than this, and only if a rule counts its holders.
   */
  holders(arns: readonly string[]): { before: Grant[]; after: Grant[] };
  /**
   * The after side's unknowns: the inventory's, and the policies its principals use that the
   * inputs do not hold (whose access is not counted).
   */
  unknowns: UnknownValue[];
  /** The same of the before side: what the change leaves undecided anew is what it lacks. */
  beforeUnknowns: UnknownValue[];
  /**
   * Principals of the after grants that a policy names in an account held in full, but that the
   * inputs do not hold (see strays.ts).
   */
  strays: StrayPrincipal[];
  /** What was recomputed: resource ARNs and principals. */
  scope: { resources: string[]; principals: string[] };
}

export function computeDelta(state: State, catalog: Catalog, options: AccessOptions = {}): DeltaResult {
  const engine = new Engine(catalog, options);
  const before = new Side(state.before, engine);
  // The after side reuses every actor and target that did not change: what differs is new.
  const after = new Side(state.after, engine, before);
  const changedActors = after.members.filter((actor) => before.memberByArn.get(actor.principal) !== actor);
  const beforeTargets = new Set(before.targets);
  const changedResources = after.targets.filter((target) => !beforeTargets.has(target));
  after.validate(changedActors, changedResources);
  const principals = new Set(changedActors.map((actor) => actor.principal));
  for (const actor of before.members) if (!after.memberByArn.has(actor.principal)) principals.add(actor.principal);
  const resources = new Set(changedResources.map((target) => target.arn));
  const afterTargets = new Set(after.targets);
  for (const target of before.targets) if (!afterTargets.has(target)) resources.add(target.arn);
  if (!after.organizationUnchanged) for (const arn of resourcesOfOutsiders(before, after)) resources.add(arn);
  const beforeGraph = new AssumeGraph(before);
  const afterGraph = new AssumeGraph(after);
  const affected = new ListedPrincipals(affectedPrincipals(principals, after.organizationUnchanged, beforeGraph, afterGraph));
  const beforeAccess = scopedAccess(before, beforeGraph, affected, resources);
  const afterAccess = scopedAccess(after, afterGraph, affected, resources);
  let beforeGrants = beforeAccess.grants;
  let afterGrants = afterAccess.grants;
  const delta = diffAccess(beforeGrants, afterGrants);
  // Shown with all who hold access to them: the resources the delta touches. On them only the
  // affected principals' grants differ, and those are in already; the others are the same on
  // both sides (so the delta stands), and are computed once.
  const touched = [...delta.added, ...delta.removed, ...delta.changed.map((c) => c.after)].map((grant) => grant.resource);
  const holders = new Holders({ side: before, direct: beforeAccess.direct }, { side: after, direct: afterAccess.direct }, affected, new Set(resources));
  const extra = new Set(touched.filter((arn) => !resources.has(arn)));
  if (extra.size > 0) {
    const others = scopedAccess(before, beforeGraph, new ListedPrincipals(new Set()), extra);
    holders.share(extra, others.direct);
    const shared = others.grants.filter((grant) => !affected.has(grant.principal));
    beforeGrants = [...beforeGrants, ...shared];
    afterGrants = [...afterGrants, ...shared];
    extra.forEach((arn) => resources.add(arn));
  }
  return {
    delta,
    before: beforeGrants,
    after: afterGrants,
    holders: (arns) => holders.on(arns),
    unknowns: after.unknowns,
    beforeUnknowns: before.unknowns,
    strays: strayPrincipals(after, new Set(afterGrants.map((grant) => grant.principal))),
    scope: { resources: [...resources].sort(), principals: [...affected.arns].sort() },
  };
}

/** One side's direct results of the pairs `scopedAccess` evaluated. */
interface SideResults {
  side: Side;
  direct: readonly DirectResult<Target>[];
}

/**
 * Who holds access by a route of their own (DeltaResult.holders). On a changed resource, each
 * side's own results hold every pair. On another, each side's own results hold the affected
 * principals' pairs, and the other principals' pairs are alike on both sides (their actors and
 * targets are shared): decided once, on the before side, when a resource is first asked about.
 */
class Holders {
  /** The unaffected principals' results, by resource ARN. */
  private readonly shared = new Map<string, DirectResult<Target>[]>();

  constructor(
    private readonly before: SideResults,
    private readonly after: SideResults,
    private readonly affected: ListedPrincipals,
    private readonly changed: ReadonlySet<string>,
  ) {}

  /** Results of every principal on these resources, worked out already. */
  share(arns: ReadonlySet<string>, results: readonly DirectResult<Target>[]): void {
    for (const arn of arns) this.shared.set(arn, []);
    for (const result of results) if (!this.affected.has(result.actor.principal)) this.shared.get(result.target.arn)?.push(result);
  }

  on(arns: readonly string[]): { before: Grant[]; after: Grant[] } {
    const asked = new Set(arns);
    const missing = new Set([...asked].filter((arn) => !this.changed.has(arn) && !this.shared.has(arn)));
    if (missing.size > 0) this.share(missing, directAccess(this.before.side, { actors: new Set(), targets: missing }));
    // Their actors and targets are the same on both sides, unknown flags included: one set of grants serves both.
    const shared = buildGrants([...asked].flatMap((arn) => this.shared.get(arn) ?? []), new Map(), this.before.side.unknownSubjects);
    const own = ({ side, direct }: SideResults): Grant[] => {
      const ownResults = direct.filter((result) => asked.has(result.target.arn) && (this.changed.has(result.target.arn) || this.affected.has(result.actor.principal)));
      return [...buildGrants(ownResults, new Map(), side.unknownSubjects), ...shared];
    };
    return { before: own(this.before), after: own(this.after) };
  }
}

/**
 * Grants of the affected principals (direct, and through every chain they take), and every
 * grant on the changed resources (through chains too), with the direct results they come
 * from. Only the role chains these need are worked out.
 */
function scopedAccess(side: Side, graph: AssumeGraph, listed: ListedPrincipals, resources: ReadonlySet<string>): { grants: Grant[]; direct: DirectResult<Target>[] } {
  const principals = listed.arns;
  // An affected principal's chains need everything the roles it reaches hold.
  graph.closeOutOf(principals);
  const needed = new Set(principals);
  for (const [origin, list] of reachable(graph.edges())) if (principals.has(origin.principal)) for (const reach of list) needed.add(reach.role.principal);
  const direct = directAccess(side, { actors: needed, targets: resources });
  // Whoever reaches a role that holds something on the resources holds it too.
  graph.closeInto(direct.filter((result) => resources.has(result.target.arn)).map((result) => result.actor.principal));
  const wanted = (actor: Actor, target: Target): boolean => listed.has(actor.principal) || resources.has(target.arn);
  return { grants: buildGrants(direct, reachable(graph.edges()), side.unknownSubjects, wanted), direct };
}

/**
 * The changed principals, and every origin whose role chains can differ between the sides.
 * An edge whose ends are both unchanged is decided alike on both sides, so with the same
 * organization on both sides these are the origins that reach a changed role on either side.
 * When the organization differs, the guardrails of principals outside the inventory may too:
 * every origin's chains are compared.
 */
function affectedPrincipals(changed: ReadonlySet<string>, sameOrganization: boolean, before: AssumeGraph, after: AssumeGraph): Set<string> {
  const affected = new Set(changed);
  if (!sameOrganization) {
    const signatures = (graph: AssumeGraph) => new Map([...reachable(graph.all())].map(([origin, list]) => [origin.principal, list.map(reachSignature).join('\n')]));
    const old = signatures(before);
    const now = signatures(after);
    for (const origin of new Set([...old.keys(), ...now.keys()])) if (old.get(origin) !== now.get(origin)) affected.add(origin);
  }
  for (const graph of [before, after]) {
    graph.closeInto(changed);
    for (const [origin, list] of reachable(graph.edges())) if (list.some((reach) => changed.has(reach.role.principal))) affected.add(origin.principal);
  }
  return affected;
}

/**
 * Resources whose policy admits principals outside the inventory whose guardrails differ
 * between the sides (an SCP of their account changed): what those principals hold there may
 * differ.
 */
function resourcesOfOutsiders(before: Side, after: Side): string[] {
  const accounts = new Set([...before.organization.accounts(), ...after.organization.accounts()].filter((account) => !sameGuardrails(account, before, after)));
  const admitted = (grantee: Grantee): boolean => {
    if (grantee.kind === 'account') return accounts.has(grantee.account);
    if (grantee.kind === 'arn') return accounts.has(splitArn(grantee.arn)?.account ?? '');
    if (grantee.kind === 'arn-pattern') return accounts.has(splitArn(grantee.pattern)?.account ?? '');
    return false;
  };
  return [before, after].flatMap((side) => side.targets.filter((target) => target.grantees.some(admitted)).map((target) => target.arn));
}

function reachSignature(reach: Reach): string {
  const edges = reach.edges.map((edge) => [edge.held.conditional, edge.held.conditions.map(conditionKey).sort(), edge.held.via.map(statementKey).sort()]);
  return JSON.stringify([reach.path.map((actor) => actor.principal), edges]);
}
