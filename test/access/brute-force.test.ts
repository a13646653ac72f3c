/**
 * The matrix against brute force. On generated accounts, asking the evaluator about every probe
 * of every (inventory principal, resource) pair, with no pruning index, no principal classes, no
 * resource shapes, no probe groups and no sample requests, must give the matrix's direct grants:
 * each grant the matrix lists for an inventory principal equal, and none missing, except where
 * the resource policy alone allows it to everyone or a whole organization or account: the
 * matrix shows that once, as the aggregate (`*`, `org:…`, the account), not per principal.
 * Likewise for role chains: asking about `sts:AssumeRole` of every role by every principal, and
 * following those edges breadth first, must give the principals' grants through roles, with
 * their shortest chains.
 * Only the actors and targets (a principal's policies and guardrails, a resource's probes and
 * policy, a role's trust policy) are taken from the engine, as the inputs of both.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAccess } from '../../src/access/index.js';
import { Engine, Side } from '../../src/access/side.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import { evaluate } from '../../src/iam/evaluate.js';
import type { MemberActor } from '../../src/access/actors.js';
import type { CompiledPolicy } from '../../src/iam/policy.js';
import type { Decision, RequestContext } from '../../src/iam/types.js';
import { grantKey, type Capability, type Grant } from '../../src/model/access.js';
import type { Inventory } from '../../src/model/inventory.js';
import { worldInventory } from '../../bench/generate/inventory.js';
import { buildWorld } from '../../bench/generate/world.js';

const options = { completeAccounts: ['111111111111'] };

interface Held {
  conditional: boolean;
  actions: string[];
}

/** A brute-force grant, and whether a statement of the principal's own policies allows some of it. */
interface Found extends Held {
  byOwnPolicies: boolean;
}

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

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

const sideOf = (inventory: Inventory) => new Side(inventory, new Engine(catalog, options));

/** Every capability each inventory principal holds directly on each resource, probe by probe. */
function bruteForce(inventory: Inventory): Map<string, Found> {
  const side = sideOf(inventory);
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
function matrix(inventory: Inventory): { members: Map<string, Held>; aggregates: Map<string, Set<string>> } {
  const principals = new Set(inventory.principals.map((principal) => principal.arn));
  const members = new Map<string, Held>();
  const aggregates = new Map<string, Set<string>>();
  for (const grant of computeAccess(inventory, catalog, options).grants) {
    if (grant.path !== undefined) continue;
    if (principals.has(grant.principal)) members.set(grantKey(grant), { conditional: grant.conditional, actions: grant.actions });
    else if (AGGREGATES.has(grant.principalType)) {
      const key = `${grant.resource}\u0000${grant.capability}`;
      aggregates.set(key, new Set([...(aggregates.get(key) ?? []), ...grant.actions]));
    }
  }
  return { members, aggregates };
}

const AGGREGATES = new Set(['Public', 'Organization', 'Account']);

/** Where the matrix and brute force disagree, one line per grant. */
function differences(expected: Map<string, Found>, actual: ReturnType<typeof matrix>): string[] {
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
function expectedRoutes(inventory: Inventory, grants: readonly Grant[]): Map<string, number> {
  const side = sideOf(inventory);
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

/**
 * Every third resource policy also lets every principal of the account read, policies of their
 * own or not (`Principal: *` restricted by `aws:PrincipalAccount`).
 */
function withAccountWideReads(inventory: Inventory): Inventory {
  const resources = inventory.resources.map((resource, i) => {
    if (i % 3 !== 0 || !resource.policy) return resource;
    const document = resource.policy.document as { Statement: unknown[] };
    const read = { Sid: 'AccountRead', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 'kms:Decrypt', 'sqs:ReceiveMessage', 'dynamodb:GetItem'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': inventory.accountId } } };
    return { ...resource, policy: { ...resource.policy, document: { ...document, Statement: [...document.Statement, read] } } };
  });
  return { ...inventory, resources };
}

describe('the matrix against brute force', () => {
  // With the organization, its region guardrail makes every grant conditional; without it, not all are.
  it.each([
    [7, 'with its organization', 'as generated'],
    [7, 'without an organization', 'as generated'],
    [7, 'with its organization', 'with account-wide reads'],
    [20250303, 'with its organization', 'as generated'],
    [20250303, 'without an organization', 'as generated'],
    [20250303, 'without an organization', 'with account-wide reads'],
  ])('seed %i, %s, policies %s: every direct grant of an inventory principal, probe by probe', (seed, organization, policies) => {
    const world = worldInventory(buildWorld(seed, { roles: 50, users: 12, groups: 4, customerPolicies: 60, resources: 32 }));
    const organized: Inventory = organization === 'with its organization' ? world : { ...world, organization: undefined };
    const inventory = policies === 'with account-wide reads' ? withAccountWideReads(organized) : organized;
    const expected = bruteForce(inventory);
    // Enough grants, and of enough kinds, for the comparison to mean something.
    expect(expected.size).toBeGreaterThan(1000);
    const conditional = [...expected.values()].filter((held) => held.conditional).length;
    if (organization === 'with its organization') expect(conditional).toBe(expected.size);
    else expect(conditional).toBeLessThan(expected.size - 300);
    expect(differences(expected, matrix(inventory))).toEqual([]);
  });
});

/**
 * An operator who may assume the CI roles, whose trust policies also delegate to the account:
 * operator → CI role → deployer chains of two assumptions.
 */
function withOperator(inventory: Inventory): Inventory {
  const account = inventory.accountId as string;
  const delegate = { Sid: 'Operators', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' };
  const principals = inventory.principals.map((principal) => {
    const trust = principal.trustPolicy;
    if (principal.path !== '/ci/' || !trust) return principal;
    const document = trust.document as { Statement: unknown[] };
    return { ...principal, trustPolicy: { ...trust, document: { ...document, Statement: [...document.Statement, delegate] } } };
  });
  const arn = `arn:aws:iam::${account}:user/operator`;
  const assume = { id: `${arn}#inline/assume-ci`, name: 'assume-ci', kind: 'inline' as const, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${account}:role/ci/*` }] } };
  principals.push({ arn, type: 'IAMUser', name: 'operator', path: '/', accountId: account, inlinePolicies: [assume], managedPolicyArns: [], groupArns: [], tags: {} });
  return { ...inventory, principals };
}

describe('role chains against brute force', () => {
  it.each([7, 20250303])('seed %i: every grant of an inventory principal through roles, with its shortest chain', (seed) => {
    const inventory = withOperator(worldInventory(buildWorld(seed, { roles: 200, users: 40, groups: 8, customerPolicies: 200, resources: 40 })));
    const { grants } = computeAccess(inventory, catalog, options);
    const expected = expectedRoutes(inventory, grants);
    const principals = new Set(inventory.principals.map((principal) => principal.arn));
    const covered = new Set(grants.filter((grant) => AGGREGATES.has(grant.principalType)).map((grant) => `${grant.resource}\u0000${grant.capability}`));
    const actual = new Map(grants.filter((grant) => principals.has(grant.principal)).map((grant) => [grantKey(grant), grant.path ? grant.path.length - 1 : 0]));
    // Enough chains for the comparison to mean something.
    expect([...actual.values()].filter((hops) => hops > 0).length).toBeGreaterThan(100);
    expect([...actual.values()].filter((hops) => hops > 1).length).toBeGreaterThan(10);
    const lines: string[] = [];
    for (const [key, hops] of actual) if (expected.get(key) !== hops) lines.push(`${key.replaceAll('\u0000', ' | ')}: brute force ${expected.get(key) ?? 'nothing'}, matrix ${hops}`);
    for (const [key, hops] of expected) {
      const [, resource, capability] = key.split('\u0000');
      if (!actual.has(key) && !covered.has(`${resource}\u0000${capability}`)) lines.push(`${key.replaceAll('\u0000', ' | ')}: brute force ${hops}, matrix nothing`);
    }
    expect(lines).toEqual([]);
  });
});
