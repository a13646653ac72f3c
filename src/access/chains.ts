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
import type { Actor } from './actors.js';
import type { Held } from './decide.js';
import { granteesOf, trustedAccounts } from './grantees.js';
import { evaluatePairs, trusts, type DirectResult, type PairTarget, type Scope } from './pairs.js';
import type { Side } from './side.js';
import { policyNames } from './targets.js';
import { TouchIndex } from './touch-index.js';

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

interface RoleTarget extends PairTarget {
  role: Actor;
  services: ReadonlySet<string>;
  requestArns: readonly string[];
}

const assume = (action: string, role: string): CapabilityProbe => ({ action, requestResource: role, capabilities: ['use-resource'], fallback: false });

/** Every assumption edge of the side (or, with a scope, those whose ends are in it). */
export function assumeEdges(side: Side, scope?: Scope): Edge[] {
  const decider = side.engine.decider;
  const targets: RoleTarget[] = [];
  for (const role of side.members) {
    const trust = role.member?.trustPolicy;
    if (role.type !== 'IAMRole' || !trust) continue;
    const policy = side.engine.compiler.compile(trust);
    const grantees = granteesOf(policy);
    const probes = [assume('sts:AssumeRole', role.principal)];
    const context: Record<string, string> = {};
    for (const [key, value] of Object.entries(role.member?.tags ?? {})) context[`aws:ResourceTag/${key}`] = value;
    targets.push({
      role,
      arn: role.principal,
      account: role.account ?? '',
      policy,
      probes,
      probeSet: decider.probeSetOf(probes),
      context,
      rcps: side.organization.rcpsOf(role.account),
      inManagementAccount: side.organization.isManagementAccount(role.account),
      names: policyNames(policy),
      grantees,
      trusted: trustedAccounts(grantees),
      ownAccountOnly: false,
      services: STS,
      requestArns: [role.principal],
    });
  }
  const classesTouching = side.classesTouchingIn(new TouchIndex(targets));
  const variants = new Map<string, RoleTarget>();
  const targetFor = (actor: Actor, target: RoleTarget): RoleTarget | undefined => {
    if (actor === target.role) return undefined;
    if (actor.type !== 'WebIdentity') return target;
    const action = actor.principal.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
    const key = `${action}\u0000${target.arn}`;
    let variant = variants.get(key);
    if (!variant) {
      const probes = [assume(action, target.arn)];
      variant = { ...target, probes, probeSet: decider.probeSetOf(probes) };
      variants.set(key, variant);
    }
    return variant;
  };
  const results: DirectResult<RoleTarget>[] = evaluatePairs(side, { targets, classesTouching, targetFor, accepts: (g) => g.kind !== 'service', admits: (target, actor) => trusts(target, actor.account) }, scope);
  return results.map((result) => ({ from: result.actor, to: result.target.role, held: result.held[0] as Held }));
}

const STS: ReadonlySet<string> = new Set(['sts']);

/** For each origin, the roles it reaches through one or more assumptions (shortest chains). */
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
    const found: Reach[] = [];
    const visited = new Set<Actor>([origin]);
    let frontier: Reach[] = [{ role: origin, path: [origin], edges: [] }];
    while (frontier.length > 0) {
      const next: Reach[] = [];
      for (const reach of frontier) {
        for (const edge of out.get(reach.role) ?? []) {
          if (visited.has(edge.to)) continue;
          visited.add(edge.to);
          const step = { role: edge.to, path: [...reach.path, edge.to], edges: [...reach.edges, edge] };
          found.push(step);
          next.push(step);
        }
      }
      frontier = next;
    }
    reaches.set(origin, found);
  }
  return reaches;
}
