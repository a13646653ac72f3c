/**
 * Brute force for the matrix tests: the evaluator asked about every probe of every (inventory
 * principal, resource) pair, and about `sts:AssumeRole` of every (principal, role) pair, with
 * no pruning index, no principal classes, no resource shapes, no probe groups and no sample
 * requests. Only the actors and targets (a principal's policies and guardrails, a resource's
 * probes and policy, a role's trust policy) are taken from the engine, as the inputs of both;
 * and, for principals outside the inventory as origins of chains, who a trust policy names
 * and which accounts it admits (grantees.ts): the engine answers for an account aggregate
 * whose ARN nobody knows with conditions even where no principal of that account can match.
 */
import { directAccess } from '../../src/access/access.js';
import type { Actor, MemberActor } from '../../src/access/actors.js';
import { granteesOf, trustedAccounts } from '../../src/access/grantees.js';
import { Engine, Side, type AccessOptions } from '../../src/access/side.js';
import type { Catalog } from '../../src/iam/catalog.js';
import { evaluate } from '../../src/iam/evaluate.js';
import type { CompiledPolicy } from '../../src/iam/policy.js';
import type { Decision, RequestContext } from '../../src/iam/types.js';
import { grantKey, type Capability, type Grant } from '../../src/model/access.js';
import type { Inventory } from '../../src/model/inventory.js';

/** The account the inventories hold in full. */
export const OPTIONS: AccessOptions = { completeAccounts: ['111111111111'] };

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

function ask(actor: Actor, target: Asked, action: string, resource: string): Decision {
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

const sideOf = (inventory: Inventory, catalog: Catalog, options: AccessOptions) => new Side(inventory, new Engine(catalog, options));

/** Every capability each inventory principal holds directly on each resource, probe by probe. */
export function bruteForce(inventory: Inventory, catalog: Catalog, options = OPTIONS): Map<string, Found> {
  const side = sideOf(inventory, catalog, options);
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

/**
 * The matrix's direct access, before role chains join in (a grant holds the actions of all its
 * routes): that of inventory principals, and the aggregates' actions by resource and capability.
 */
export function matrix(inventory: Inventory, catalog: Catalog, options = OPTIONS): { members: Map<string, Held>; aggregates: Map<string, Set<string>> } {
  const side = sideOf(inventory, catalog, options);
  const members = new Map<string, Held>();
  const aggregates = new Map<string, Set<string>>();
  for (const { actor, target, held } of directAccess(side)) {
    for (const { capability, conditional, actions } of held) {
      if (actor.member) members.set(grantKey({ principal: actor.principal, resource: target.arn, capability }), { conditional, actions });
      else if (AGGREGATES.has(actor.type)) {
        const key = `${target.arn}\u0000${capability}`;
        aggregates.set(key, new Set([...(aggregates.get(key) ?? []), ...actions]));
      }
    }
  }
  return { members, aggregates };
}

/** Principal types that stand for members nobody lists: the matrix lists their grants once. */
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

/**
 * Who can start a chain: the inventory's principals, and what the trust policies name beyond
 * them (a principal it does not hold, an account not held in full, the organization, everyone),
 * as the engine's actors for them.
 */
function origins(side: Side): Actor[] {
  const outside = new Map<string, Actor>();
  for (const role of side.members) {
    const trust = role.member.trustPolicy;
    if (!trust) continue;
    for (const grantee of granteesOf(side.engine.compiler.compile(trust))) {
      const beyond =
        (grantee.kind === 'account' && !side.isComplete(grantee.account)) ||
        (grantee.kind === 'arn' && !side.memberByArn.has(grantee.arn) && !grantee.arn.includes(':assumed-role/') && !side.isComplete(grantee.arn.split(':')[4] ?? '')) ||
        grantee.kind === 'public' ||
        grantee.kind === 'organization' ||
        grantee.kind === 'federated';
      const actor = beyond ? side.factory.external(grantee, role.account) : undefined;
      if (actor) outside.set(actor.principal, actor);
    }
  }
  return [...side.members, ...outside.values()];
}

/** Who can assume which role: `sts:AssumeRole` asked of every (origin, role) pair, and whether only under conditions. */
function assumptions(side: Side, actors: readonly Actor[]): Map<Actor, { role: MemberActor; conditional: boolean }[]> {
  const edges = new Map<Actor, { role: MemberActor; conditional: boolean }[]>();
  for (const role of side.members) {
    const trust = role.member.trustPolicy;
    if (!trust) continue;
    const account = role.member.accountId;
    const policy = side.engine.compiler.compile(trust);
    // Principals outside the inventory: only where the trust policy names them or admits their account.
    const grantees = granteesOf(policy);
    const admitted = trustedAccounts(grantees);
    const named = new Set(grantees.flatMap((grantee) => (grantee.kind === 'arn' ? [grantee.arn] : [])));
    const asked: Asked = {
      account,
      policy,
      rcps: side.organization.rcpsOf(account),
      context: Object.fromEntries(Object.entries(role.member.tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value])),
      inManagementAccount: side.organization.isManagementAccount(account),
    };
    for (const actor of actors) {
      const federated = actor.type === 'WebIdentity';
      if (actor === role || (!actor.member && !federated && admitted !== 'any' && !admitted.has(actor.account ?? '') && !named.has(actor.principal))) continue;
      // An identity provider federates with its own action.
      const action = !federated ? 'sts:AssumeRole' : actor.principal.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
      const decision = ask(actor, asked, action, role.principal);
      if (decision.decision === 'Allowed') edges.set(actor, [...(edges.get(actor) ?? []), { role, conditional: decision.conditional }]);
    }
  }
  return edges;
}

/** What the brute force finds for a grant: the fewest assumptions of its routes (0: held directly), and of its unconditional ones. */
interface Routes {
  hops: number;
  unconditionalHops: number | undefined;
}

/**
 * For each grant an origin should hold, by grant key: its direct access (the matrix's, checked
 * above for inventory principals) and that of every role it reaches through brute-force
 * assumptions.
 */
function expectedRoutes(side: Side, starts: readonly Actor[]): Map<string, Routes> {
  const held = new Map<string, { resource: string; capability: Capability; conditional: boolean }[]>();
  for (const { actor, target, held: list } of directAccess(side)) {
    held.set(actor.principal, [...(held.get(actor.principal) ?? []), ...list.map((h) => ({ resource: target.arn, capability: h.capability, conditional: h.conditional }))]);
  }
  const edges = assumptions(side, starts);
  const routes = new Map<string, Routes>();
  const add = (origin: Actor, via: Actor, hops: number, conditional: boolean): void => {
    for (const grant of held.get(via.principal) ?? []) {
      const key = grantKey({ principal: origin.principal, resource: grant.resource, capability: grant.capability });
      const known = routes.get(key);
      const unconditional = !conditional && !grant.conditional ? hops : undefined;
      const least = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
      routes.set(key, { hops: Math.min(known?.hops ?? hops, hops), unconditionalHops: least(known?.unconditionalHops, unconditional) });
    }
  };
  for (const origin of starts) {
    add(origin, origin, 0, false);
    // Breadth first over all assumptions, and again over the unconditional ones only.
    for (const onlyUnconditional of [false, true]) {
      const seen = new Set<Actor>([origin]);
      let frontier: Actor[] = [origin];
      for (let hops = 1; frontier.length > 0; hops++) {
        const next: Actor[] = [];
        for (const from of frontier) {
          for (const { role, conditional } of edges.get(from) ?? []) {
            if (seen.has(role) || (onlyUnconditional && conditional)) continue;
            seen.add(role);
            next.push(role);
            add(origin, role, hops, !onlyUnconditional);
          }
        }
        frontier = next;
      }
    }
  }
  return routes;
}

/**
 * Where the matrix's grants of the origins (inventory principals, and what trust policies name
 * beyond them) disagree with the brute-force chains, one line per grant, and the assumptions of
 * each grant the matrix lists (0: held directly). Every
 * grant the brute force finds must be listed (or held there by an aggregate), and no other. The
 * grant is unconditional when one of its routes is, and the route it shows is the shortest
 * unconditional one then, the shortest of all when every route has conditions.
 */
export function chainDifferences(inventory: Inventory, grants: readonly Grant[], catalog: Catalog, options = OPTIONS): { hops: number[]; lines: string[] } {
  const side = sideOf(inventory, catalog, options);
  const starts = origins(side);
  const expected = expectedRoutes(side, starts);
  const principals = new Set(starts.map((origin) => origin.principal));
  const covered = new Set(grants.filter((grant) => AGGREGATES.has(grant.principalType)).map((grant) => `${grant.resource}\u0000${grant.capability}`));
  const lines: string[] = [];
  const hops: number[] = [];
  const show = (key: string) => key.replaceAll('\u0000', ' | ');
  for (const grant of grants.filter((g) => principals.has(g.principal))) {
    const key = grantKey(grant);
    const count = grant.path ? grant.path.length - 1 : 0;
    hops.push(count);
    const want = expected.get(key);
    if (!want) lines.push(`${show(key)}: brute force nothing, matrix ${count}`);
    else if (!grant.conditional ? count !== want.unconditionalHops : want.unconditionalHops !== undefined || count !== want.hops) {
      lines.push(`${show(key)}: brute force ${want.hops} (unconditional ${want.unconditionalHops ?? 'none'}), matrix ${count}${grant.conditional ? ' conditional' : ''}`);
    }
  }
  const listed = new Set(grants.map(grantKey));
  for (const [key, want] of expected) {
    const [, resource, capability] = key.split('\u0000');
    if (!listed.has(key) && !covered.has(`${resource}\u0000${capability}`)) lines.push(`${show(key)}: brute force ${want.hops}, matrix nothing`);
  }
  return { hops, lines };
}
