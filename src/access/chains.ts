/**
 * Role chains: who can assume which role (the role's trust policy, and for IAM principals
 * their own `sts:AssumeRole` permission, boundaries and SCPs: the evaluator decides), and the
 * transitive closure: whoever reaches a role reaches what that role can do.
 *
 * Edges come from IAM principals, the principals and aggregates trust policies name, and
 * identity providers (SAML, OIDC such as GitHub Actions, whose `sub` conditions become the
 * conditions of the edge). AWS services that assume a role for a workload are not origins:
 * the workload's identity is the role itself.
 */
import type { CapabilityProbe } from '../iam/types.js';
import type { Actor, MemberActor } from './actors.js';
import type { Held } from './decide.js';
import { evaluatePairs, trusts, type DirectResult, type Scope } from './pairs.js';
import type { Side } from './side.js';
import { PolicyTarget } from './targets.js';
import type { TouchIndex } from './touch-index.js';

/** One role assumption: `from` can assume `to` (maybe only under conditions). */
export interface Edge {
  from: Actor;
  to: Actor;
  held: Held;
}

/** A role reached from an origin through a shortest chain of assumptions. */
export interface Reach {
  role: Actor;
  /** The actors from the origin to the role, both included. */
  path: Actor[];
  edges: Edge[];
}

const STS: ReadonlySet<string> = new Set(['sts']);

const assume = (action: string, role: string): CapabilityProbe => ({ action, requestResource: role, capabilities: ['use-resource'], fallback: false });

/** A role as the target of `sts:AssumeRole*`: its trust policy decides with the caller's. */
class RoleTarget extends PolicyTarget {
  readonly probes: readonly CapabilityProbe[];
  readonly probeSet: number;
  readonly ownAccountOnly = false;
  readonly services = STS;
  readonly requestArns: readonly string[];
  private readonly variants = new Map<string, RoleTarget>();

  constructor(
    readonly role: MemberActor,
    side: Side,
    action = 'sts:AssumeRole',
  ) {
    super(role.principal, role.account, role.member.tags, role.member.trustPolicy, side.engine.compiler, side.engine.outliner, side.organization);
    this.probes = [assume(action, role.principal)];
    this.probeSet = side.engine.decider.probeSetOf(this.probes);
    this.requestArns = [role.principal];
  }

  /** The same role asked with another action (identity providers federate with their own). */
  variant(action: string, side: Side): RoleTarget {
    let variant = this.variants.get(action);
    if (!variant) {
      variant = new RoleTarget(this.role, side, action);
      this.variants.set(action, variant);
    }
    return variant;
  }
}

/** Role targets are kept with their role, so a side that reuses the role reuses them too. */
const roleTargets = new WeakMap<MemberActor, RoleTarget>();

/**
 * The assumption edges of one side, worked out only as far as asked: every edge; or the
 * edges into some roles and into every role that can reach them; or the edges out of some
 * principals and out of every role they reach. Edges already worked out are kept.
 *
 * With the edges into some roles R and into every role that can reach them, a breadth-first
 * search from any origin finds the same shortest chains to R as over all edges: every node
 * of a chain to R can reach R, so all edges into it are known, and no other node has an
 * edge into one of them. Likewise a search from an origin whose edges out are known (and
 * out of every role it reaches) finds all it reaches.
 */
export class AssumeGraph {
  private readonly targets: RoleTarget[] = [];
  private readonly positions = new Map<string, number>();
  private readonly known = new Map<string, Edge>();
  private readonly into = new Set<string>();
  private readonly outOf = new Set<string>();
  private complete = false;

  constructor(private readonly side: Side) {
    for (const role of side.members) {
      // Only trust policies naming AWS principals or identity providers can start a chain.
      if (role.type !== 'IAMRole' || !role.member.trustPolicy) continue;
      if (!side.engine.outliner.outline(role.member.trustPolicy).statements.some((s) => s.admitsIamOrFederated)) continue;
      let target = roleTargets.get(role);
      if (!target) {
        target = new RoleTarget(role, side);
        roleTargets.set(role, target);
      }
      this.positions.set(role.principal, this.targets.length);
      this.targets.push(target);
    }
  }

  /** Every edge of the side. */
  all(): Edge[] {
    if (!this.complete) {
      this.add(this.evaluate());
      this.complete = true;
    }
    return this.edges();
  }

  /** The edges worked out so far. */
  edges(): Edge[] {
    return [...this.known.values()];
  }

  /** Works out the edges into the roles (by principal) and into every role that can reach them. */
  closeInto(roles: Iterable<string>): void {
    let frontier = new Set([...roles].filter((role) => this.positions.has(role) && !this.into.has(role)));
    while (!this.complete && frontier.size > 0) {
      frontier.forEach((role) => this.into.add(role));
      const found = this.evaluate({ actors: new Set(), targets: frontier });
      this.add(found);
      frontier = new Set(found.map((edge) => edge.from.principal).filter((from) => this.positions.has(from) && !this.into.has(from)));
    }
  }

  /** Works out the edges out of the principals and out of every role they reach. */
  closeOutOf(principals: Iterable<string>): void {
    let frontier = new Set([...principals].filter((principal) => !this.outOf.has(principal)));
    while (!this.complete && frontier.size > 0) {
      frontier.forEach((principal) => this.outOf.add(principal));
      const found = this.evaluate({ actors: frontier, targets: new Set() });
      this.add(found);
      frontier = new Set(found.map((edge) => edge.to.principal).filter((to) => !this.outOf.has(to)));
    }
  }

  private add(edges: readonly Edge[]): void {
    for (const edge of edges) this.known.set(`${edge.from.principal}\u0000${edge.to.principal}`, edge);
  }

  /** The edges of the pairs in scope (all without one). */
  private evaluate(scope?: Scope): Edge[] {
    const { side, targets } = this;
    let built: TouchIndex | undefined;
    const index = (): TouchIndex => (built ??= side.engine.indexOf(targets));
    const targetFor = (actor: Actor, target: RoleTarget): RoleTarget | undefined => {
      if (actor === target.role) return undefined;
      if (actor.type !== 'WebIdentity') return target;
      return target.variant(actor.principal.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity', side);
    };
    const results: DirectResult<RoleTarget>[] = evaluatePairs(side, { targets, ...side.classesOn(targets, index, scope), targetFor, accepts: (g) => g.kind !== 'service', admits: (target, actor) => trusts(target, actor.account) }, scope);
    return results.map((result) => ({ from: result.actor, to: result.target.role, held: result.held[0] as Held }));
  }
}

/**
 * For each origin, the roles it reaches through one or more assumptions: the shortest chain to
 * each, and also the shortest unconditional one where the shortest has conditions (a grant
 * through the role holds unconditionally when one route does).
 */
export function reachable(edges: readonly Edge[]): Map<Actor, Reach[]> {
  const out = new Map<Actor, Edge[]>();
  for (const edge of edges) {
    const list = out.get(edge.from) ?? [];
    list.push(edge);
    out.set(edge.from, list);
  }
  for (const list of out.values()) list.sort((a, b) => (a.to.principal < b.to.principal ? -1 : a.to.principal > b.to.principal ? 1 : 0));
  const reaches = new Map<Actor, Reach[]>();
  for (const origin of out.keys()) {
    const found = breadthFirst(origin, out, false);
    const conditional = new Set(found.filter((reach) => reach.edges.some((edge) => edge.held.conditional)).map((reach) => reach.role));
    if (conditional.size > 0) for (const reach of breadthFirst(origin, out, true)) if (conditional.has(reach.role)) found.push(reach);
    reaches.set(origin, found);
  }
  return reaches;
}

/** The shortest chain from the origin to each role it reaches (through unconditional edges only, if asked). */
function breadthFirst(origin: Actor, out: ReadonlyMap<Actor, readonly Edge[]>, unconditionalOnly: boolean): Reach[] {
  const found: Reach[] = [];
  const visited = new Set<Actor>([origin]);
  let frontier: Reach[] = [{ role: origin, path: [origin], edges: [] }];
  while (frontier.length > 0) {
    const next: Reach[] = [];
    for (const reach of frontier) {
      for (const edge of out.get(reach.role) ?? []) {
        if (visited.has(edge.to) || (unconditionalOnly && edge.held.conditional)) continue;
        visited.add(edge.to);
        const step = { role: edge.to, path: [...reach.path, edge.to], edges: [...reach.edges, edge] };
        found.push(step);
        next.push(step);
      }
    }
    frontier = next;
  }
  return found;
}
