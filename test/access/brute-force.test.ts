/**
 * The matrix against brute force (see brute-force.ts). On generated accounts, the brute force
 * must give the matrix's direct grants: each grant the matrix lists for an inventory principal
 * equal, and none missing, except where the resource policy alone allows it to everyone or a
 * whole organization or account: the matrix shows that once, as the aggregate (`*`, `org:…`,
 * the account), not per principal. Likewise for role chains: following the brute-force
 * assumptions breadth first must give the principals' grants through roles, with their
 * shortest chains.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAccess } from '../../src/access/index.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import type { Inventory } from '../../src/model/inventory.js';
import { worldInventory } from '../../bench/generate/inventory.js';
import { buildWorld } from '../../bench/generate/world.js';
import { bruteForce, chainDifferences, differences, matrix, OPTIONS } from './brute-force.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

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
    const expected = bruteForce(inventory, catalog);
    // Enough grants, and of enough kinds, for the comparison to mean something.
    expect(expected.size).toBeGreaterThan(1000);
    const conditional = [...expected.values()].filter((held) => held.conditional).length;
    if (organization === 'with its organization') expect(conditional).toBe(expected.size);
    else expect(conditional).toBeLessThan(expected.size - 300);
    expect(differences(expected, matrix(inventory, catalog))).toEqual([]);
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
    const { grants } = computeAccess(inventory, catalog, OPTIONS);
    const { hops, lines } = chainDifferences(inventory, grants, catalog);
    // Enough chains for the comparison to mean something.
    expect(hops.filter((count) => count > 0).length).toBeGreaterThan(100);
    expect(hops.filter((count) => count > 1).length).toBeGreaterThan(10);
    expect(lines).toEqual([]);
  });
});
