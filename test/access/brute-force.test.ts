/**
 * The matrix against brute force. On generated accounts, asking the evaluator about every probe
 * of every (inventory principal, resource) pair, with no pruning index, no principal classes, no
 * resource shapes, no probe groups and no sample requests, must give the matrix's direct grants:
 * each grant the matrix lists for an inventory principal equal, and none missing, except where
 * the resource policy alone allows it to everyone or a whole organization or account: the
 * matrix shows that once, as the aggregate (`*`, `org:…`, the account), not per principal.
 * Only the actors and targets (a principal's policies and guardrails, a resource's probes and
 * policy) are taken from the engine, as the inputs of both.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAccess } from '../../src/access/index.js';
import { Engine, Side } from '../../src/access/side.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import { evaluate } from '../../src/iam/evaluate.js';
import { grantKey, type Capability } from '../../src/model/access.js';
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

/** Every capability each inventory principal holds directly on each resource, probe by probe. */
function bruteForce(inventory: Inventory): Map<string, Found> {
  const side = new Side(inventory, new Engine(catalog, options));
  const found = new Map<string, Found>();
  for (const actor of side.members) {
    for (const target of side.targets) {
      // Block Public Access: a policy that makes the resource public keeps only its own account's principals.
      if (target.ownAccountOnly && actor.account !== target.account) continue;
      const own = new Set(actor.identity.map((policy) => policy.id));
      const allowed = new Map<Capability, { unconditional: boolean; actions: Set<string>; byOwnPolicies: boolean }>();
      for (const probe of target.probes) {
        const decision = evaluate(
          { principal: actor.requestPrincipal, action: probe.action, resource: probe.requestResource, resourceAccount: target.account, context: { ...actor.context, ...target.context } },
          {
            identityPolicies: actor.identity,
            ...(target.policy ? { resourcePolicy: target.policy } : {}),
            permissionBoundaries: actor.boundaries,
            scps: actor.scps,
            ...(target.rcps ? { rcps: target.rcps } : {}),
            principalOutsideOrganization: actor.outsideOrganization,
            principalInManagementAccount: actor.inManagementAccount,
            resourceInManagementAccount: target.inManagementAccount,
          },
          actor.options,
        );
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
