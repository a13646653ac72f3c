/**
 * Brute force for the matrix tests: the evaluator asked about every probe of every (inventory
 * principal, resource) pair, and about `sts:AssumeRole` of every (principal, role) pair, with
 * no pruning index, no principal classes, no resource shapes, no probe groups and no sample
 * requests. Only the actors and targets (a principal's policies and guardrails, a resource's
 * probes and policy, a role's trust policy) are taken from the engine, as the inputs of both.
 */
import { computeAccess } from '../../src/access/index.js';
import type { MemberActor } from '../../src/access/actors.js';
import { Engine, Side } from '../../src/access/side.js';
import type { Catalog } from '../../src/iam/catalog.js';
import { evaluate } from '../../src/iam/evaluate.js';
import type { CompiledPolicy } from '../../src/iam/policy.js';
import type { Decision, RequestContext } from '../../src/iam/types.js';
import { grantKey, type Capability, type Grant } from '../../src/model/access.js';
import type { Inventory } from '../../src/model/inventory.js';

/** The account the inventories hold in full. */
export const OPTIONS = { completeAccounts: ['111111111111'] };

export interface Held {
  conditional: boolean;
  actions: string[];
}

/** A brute-force grant, and whether a statement of the principal's own policies allows some of it. */
export interface Found extends Held {
  byOwnPolicies: boolean;
}

/** What the evaluator is asked about besides the principal: a resource, or a role to assume. */
interface Asked {
  account: string;
  policy: CompiledPolicy | undefined;
  rcps: readonly (readonly CompiledPolicy[])[];
  context: RequestContext;
  inManagementAccount: boolean;
}

function ask(actor: MemberActor, target: Asked, action: string, resource: string): Decision {
  return evaluate(
    { principal: actor.requestPrincipal, action, resource, resourceAccount: target.account, context: { ...actor.context, ...target.context } },
    {
      identityPolicies: actor.identity,
      ...(target.policy ? { resourcePolicy: target.policy } : {}),
      permissionBoundaries: actor.boundaries,
      scps: actor.scps,
      rcps: target.rcps,
      principalOutsideOrganization: actor.outsideOrganization,
      principalInManagementAccount: actor.inManagementAccount,
      resourceInManagementAccount: target.inManagementAccount,
    },
    actor.options,
  );
}

const sideOf = (inventory: Inventory, catalog: Catalog) => new Side(inventory, new Engine(catalog, OPTIONS));

/** Every capability each inventory principal holds directly on each resource, probe by probe. */
export function bruteForce(inventory: Inventory, catalog: Catalog): Map<string, Found> {
  const side = sideOf(inventory, catalog);
  const found = new Map<string, Found>();
  for (const actor of side.members) {
    for (const target of side.targets) {
      // Block Public Access: a policy that makes the resource public keeps only its own account's principals.
      if (target.ownAccountOnly && actor.account !== target.account) continue;
      const own = new Set(actor.identity.map((policy) => policy.id));
      const allowed = new Map<Capability, { unconditional: boolean; actions: Set<string>; byOwnPolicies: boolean }>();
      for (const probe of target.probes) {
        const decision = ask(actor, target, probe.action, probe.requestResource);
        if (decision.decision !== 'Allowed') continue;
        for (const capability of probe.capabilities) {
          const entry = allowed.get(capability) ?? { unconditional: false, actions: new Set<string>(), byOwnPolicies: false };
          entry.unconditional ||= !decision.conditional;
          entry.actions.add(probe.action);
          entry.byOwnPolicies ||= decision.reasons.some((reason) => own.has(reason.policy));
          allowed.set(capability, entry);
        }
      }
      for (const [capability, entry] of allowed) {
        found.set(grantKey({ principal: actor.principal, resource: target.arn, capability }), { conditional: !entry.unconditional, actions: [...entry.actions].sort(), byOwnPolicies: entry.byOwnPolicies });
      }
    }
  }
  return found;
}

/** computeAccess's direct grants: those of inventory principals, and the aggregates' actions by resource and capability. */
export function matrix(inventory: Inventory, catalog: Catalog): { members: Map<string, Held>; aggregates: Map<string, Set<string>> } {
  const principals = new Set(inventory.principals.map((principal) => principal.arn));
  const members = new Map<string, Held>();
  const aggregates = new Map<string, Set<string>>();
  for (const grant of computeAccess(inventory, catalog, OPTIONS).grants) {
    if (grant.path !== undefined) continue;
    if (principals.has(grant.principal)) members.set(grantKey(grant), { conditional: grant.conditional, actions: grant.actions });
    else if (AGGREGATES.has(grant.principalType)) {
      const key = `${grant.resource}\u0000${grant.capability}`;
      aggregates.set(key, new Set([...(aggregates.get(key) ?? []), ...grant.actions]));
    }
  }
  return { members, aggregates };
}

export const AGGREGATES: ReadonlySet<string> = new Set(['Public', 'Organization', 'Account']);

/** Where the matrix and brute force disagree, one line per grant. */
export function differences(expected: Map<string, Found>, actual: ReturnType<typeof matrix>): string[] {
  const lines: string[] = [];
  const show = (held: Held | undefined) => (held ? `${held.conditional ? 'conditional' : 'unconditional'} ${held.actions.join(',')}` : 'nothing');
  for (const key of new Set([...expected.keys(), ...actual.members.keys()])) {
    const want = expected.get(key);
    const got = actual.members.get(key);
    if (want && !got && !want.byOwnPolicies) {
      const [, resource, capability] = key.split('\u0000');
      const aggregate = actual.aggregates.get(`${resource}\u0000${capability}`);
      if (aggregate && want.actions.every((action) => aggregate.has(action))) continue;
    }
    const same = want && got && want.conditional === got.conditional && want.actions.join() === got.actions.join();
    if (!same) lines.push(`${key.replaceAll('\u0000', ' | ')}: brute force ${show(want)}${want?.byOwnPolicies ? ' (own policies)' : ''}, matrix ${show(got)}`);
  }
  return lines;
}

/** Who can assume which role: `sts:AssumeRole` asked of every (principal, role) pair. */
function assumptions(side: Side): Map<MemberActor, MemberActor[]> {
  const edges = new Map<MemberActor, MemberActor[]>();
  for (const role of side.members) {
    const trust = role.member.trustPolicy;
    if (!trust) continue;
    const account = role.member.accountId;
    const asked: Asked = {
      account,
      policy: side.engine.compiler.compile(trust),
      rcps: side.organization.rcpsOf(account),
      context: Object.fromEntries(Object.entries(role.member.tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value])),
      inManagementAccount: side.organization.isManagementAccount(account),
    };
    for (const actor of side.members) {
      if (actor !== role && ask(actor, asked, 'sts:AssumeRole', role.principal).decision === 'Allowed') edges.set(actor, [...(edges.get(actor) ?? []), role]);
    }
  }
  return edges;
}

/**
 * For each grant an inventory principal should hold, by grant key: 0 when it holds it by its
 * own policies (the matrix's direct grants, checked above), else the assumptions of its
 * shortest chain to a role that holds it directly.
 */
export function expectedRoutes(inventory: Inventory, grants: readonly Grant[], catalog: Catalog): Map<string, number> {
  const side = sideOf(inventory, catalog);
  const held = new Map<string, Grant[]>();
  for (const grant of grants) if (grant.path === undefined) held.set(grant.principal, [...(held.get(grant.principal) ?? []), grant]);
  const edges = assumptions(side);
  const routes = new Map<string, number>();
  const add = (principal: string, via: string, hops: number): void => {
    for (const grant of held.get(via) ?? []) {
      const key = grantKey({ principal, resource: grant.resource, capability: grant.capability });
      if (!routes.has(key) || (routes.get(key) as number) > hops) routes.set(key, hops);
    }
  };
  for (const origin of side.members) {
    add(origin.principal, origin.principal, 0);
    const seen = new Set([origin]);
    let frontier = [origin];
    for (let hops = 1; frontier.length > 0; hops++) {
      const next: MemberActor[] = [];
      for (const from of frontier) {
        for (const role of edges.get(from) ?? []) {
          if (seen.has(role)) continue;
          seen.add(role);
          next.push(role);
          add(origin.principal, role.principal, hops);
        }
      }
      frontier = next;
    }
  }
  return routes;
}

