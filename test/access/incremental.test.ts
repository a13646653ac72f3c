/**
 * The incremental delta recomputes only what a change can affect; on varied changes to a
 * generated account it must give exactly the delta of two full computations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAccess, computeDelta, diffAccess } from '../../src/access/index.js';
import { compareGrants } from '../../src/access/delta.js';
import { Engine, Side } from '../../src/access/side.js';
import type { Grant } from '../../src/model/access.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import type { Inventory, PolicyDocument, Principal } from '../../src/model/inventory.js';
import { worldInventory } from '../../bench/generate/inventory.js';
import { buildWorld } from '../../bench/generate/world.js';

let catalog: Catalog;
let base: Inventory;
beforeAll(async () => {
  catalog = await loadCatalog();
  base = worldInventory(buildWorld(7, { roles: 80, users: 20, groups: 5, customerPolicies: 140, resources: 40 }));
  // Give tags and Block Public Access something to change: an ABAC statement, a public bucket.
  const platform = base.managedPolicies.find((p) => p.name.startsWith('platform-'))!;
  statements(platform.policy).push({ Sid: 'AbacRead', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Confidentiality': 'Public' } } });
  const open = base.resources.find((r) => r.type === 'AWS::S3::Bucket')!;
  statements(open.policy!).push({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${open.arn}/public/*` });
  // And a bucket that every principal of the account may list, policies of their own or not.
  const listable = base.resources.find((r) => r !== open && r.type === 'AWS::S3::Bucket' && r.policy && !statements(r.policy).some((s) => s.Sid === 'DenyEveryoneElse'))!;
  statements(listable.policy!).push(accountWide('s3:ListBucket'));
});

const ACCOUNT = '111111111111';
const options = { completeAccounts: [ACCOUNT] };

type Mutation = (inventory: Inventory) => void;

const statements = (policy: PolicyDocument) => (policy.document as { Statement: Record<string, unknown>[] }).Statement;
const roleNamed = (inventory: Inventory, part: string): Principal => {
  const found = inventory.principals.find((p) => p.type === 'IAMRole' && p.name.includes(part));
  if (!found) throw new Error(`no role with ${part}`);
  return found;
};
/** An Allow for every principal of the account, directly (`Principal: *` restricted by `aws:PrincipalAccount`). */
const accountWide = (action: string) => ({ Sid: 'AccountWide', Effect: 'Allow', Principal: '*', Action: action, Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } });
const k9Bucket = (inventory: Inventory) => inventory.resources.find((r) => r.policy && statements(r.policy).some((s) => s.Sid === 'DenyEveryoneElse'));

const MUTATIONS: Record<string, Mutation> = {
  'a k9 bucket lets one more role read it': (inv) => {
    const bucket = k9Bucket(inv);
    const reader = roleNamed(inv, '-app-').arn;
    for (const s of statements(bucket!.policy!)) {
      const condition = s.Condition as Record<string, Record<string, string[]>> | undefined;
      if (s.Sid === 'AllowRestrictedReadData') condition!.ArnEquals!['aws:PrincipalArn']!.push(reader);
      if (s.Sid === 'DenyEveryoneElse') condition!.ArnNotEquals!['aws:PrincipalArn']!.push(reader);
    }
  },
  'a role policy is widened': (inv) => {
    const role = inv.principals.find((p) => p.type === 'IAMRole' && p.inlinePolicies.length > 0)!;
    statements(role.inlinePolicies[0]!).push({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  },
  'a shared managed policy changes': (inv) => {
    const shared = inv.managedPolicies.find((p) => p.name.startsWith('platform-'))!;
    statements(shared.policy).push({ Effect: 'Allow', Action: ['sqs:*', 'kms:Decrypt'], Resource: '*' });
  },
  'a trust policy opens a role to the account': (inv) => {
    const role = roleNamed(inv, '-app-');
    role.trustPolicy = { ...role.trustPolicy!, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] } };
  },
  'a deployer loses its permissions (chains break)': (inv) => {
    const policy = inv.managedPolicies.find((p) => p.name.endsWith('-deployer-policy'))!;
    policy.policy = { ...policy.policy, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] } };
  },
  'a role is removed and a bucket added': (inv) => {
    inv.principals.splice(inv.principals.indexOf(roleNamed(inv, 'deployer')), 1);
    inv.resources.push({ arn: 'arn:aws:s3:::acme-new-bucket', type: 'AWS::S3::Bucket', name: 'acme-new-bucket', accountId: ACCOUNT, tags: { Confidentiality: 'Confidential' }, policy: { id: 'arn:aws:s3:::acme-new-bucket#policy', name: 'new', kind: 'resource', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-new-bucket/*' }] } } });
  },
  'a key lets every principal of the account decrypt': (inv) => {
    statements(inv.resources.find((r) => r.type === 'AWS::KMS::Key' && r.policy)!.policy!).push(accountWide('kms:Decrypt'));
  },
  'a user without policies is added': (inv) => {
    inv.principals.push({ arn: `arn:aws:iam::${ACCOUNT}:user/newcomer`, type: 'IAMUser', name: 'newcomer', path: '/', accountId: ACCOUNT, inlinePolicies: [], managedPolicyArns: [], groupArns: [], tags: {} });
  },
  'a user changes groups': (inv) => {
    const user = inv.principals.find((p) => p.type === 'IAMUser' && !p.groupArns.includes(inv.groups[0]!.arn))!;
    user.groupArns = [inv.groups[0]!.arn];
  },
  'a role gets a permissions boundary': (inv) => {
    const role = inv.principals.find((p) => p.type === 'IAMRole' && p.name.startsWith('AWSReservedSSO') && p.managedPolicyArns.includes('arn:aws:iam::aws:policy/AdministratorAccess'))!;
    role.permissionsBoundaryArn = inv.managedPolicies.find((p) => p.name.startsWith('app-boundary'))!.arn;
  },
  'an SCP level denies deletes': (inv) => {
    const level = inv.organization!.scpLevels[ACCOUNT]![1]!;
    level.policies = [...level.policies, { id: 'scp-no-deletes', name: 'no deletes', kind: 'scp', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['s3:Delete*', 'dynamodb:DeleteItem'], Resource: '*' }] } }];
  },
  'the root SCP of every account denies reads (principals of other accounts too)': (inv) => {
    for (const levels of Object.values(inv.organization!.scpLevels)) {
      levels[0]!.policies = [...levels[0]!.policies, { id: 'scp-no-reads', name: 'no reads', kind: 'scp', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }] } }];
    }
  },
  'resource tags change': (inv) => {
    inv.resources.filter((r) => r.type === 'AWS::DynamoDB::Table').forEach((r) => (r.tags = { ...r.tags, Confidentiality: r.tags.Confidentiality === 'Public' ? 'Internal' : 'Public' }));
  },
  'a value becomes known only after apply': (inv) => {
    inv.unknowns.push({ address: 'aws_iam_role.app', attribute: 'inline_policy', reason: 'known after apply', subject: roleNamed(inv, '-app-').arn });
  },
  'account-wide Block Public Access is turned on': (inv) => {
    inv.accountPublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
  },
  'a role another account assumes reads more (that account reaches more)': (inv) => {
    const role = roleNamed(inv, 'xacct-');
    const policy = inv.managedPolicies.find((p) => role.managedPolicyArns.includes(p.arn))!;
    statements(policy.policy).push({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/*' });
  },
  'a CI role is added that can assume its deployer': (inv) => {
    const ci = roleNamed(inv, '-ci-');
    inv.principals.push({ ...structuredClone(ci), arn: ci.arn.replace(/[^/]+$/, 'payments-ci-new'), name: 'payments-ci-new' });
  },
  'several changes at once': (inv) => {
    for (const name of ['a k9 bucket lets one more role read it', 'a role policy is widened', 'a user changes groups', 'resource tags change'] as const) MUTATIONS[name]!(inv);
  },
};

describe('computeDelta', () => {
  it.each(Object.keys(MUTATIONS))('equals the difference of two full computations when %s, with every grant in its scope', (name) => {
    const after = structuredClone(base);
    MUTATIONS[name]!(after);
    const state = { before: base, after };
    const fullBefore = computeAccess(base, catalog, options).grants;
    const fullAfter = computeAccess(after, catalog, options).grants;
    const full = diffAccess(fullBefore, fullAfter);
    const incremental = computeDelta(state, catalog, options);
    expect(full.added.length + full.removed.length + full.changed.length).toBeGreaterThan(0);
    expect(incremental.delta).toEqual(full);
    // Every grant on a resource in scope, and every grant of a principal in scope (chains included).
    const { resources, principals } = incremental.scope;
    const inScope = (grants: Grant[]) => grants.filter((g) => resources.includes(g.resource) || principals.includes(g.principal)).sort(compareGrants);
    expect(inScope(incremental.before)).toEqual(inScope(fullBefore));
    expect(inScope(incremental.after)).toEqual(inScope(fullAfter));
  });

  it('recomputes only the changed resource and the principals it names', () => {
    const after = structuredClone(base);
    MUTATIONS['a k9 bucket lets one more role read it']!(after);
    const { scope } = computeDelta({ before: base, after }, catalog, options);
    expect(scope.resources).toEqual([k9Bucket(after)!.arn]);
    expect(scope.principals).toEqual([]);
  });

  it('holds every grant on each resource the delta touches, as the review shows them', () => {
    const after = structuredClone(base);
    MUTATIONS['a role policy is widened']!(after);
    const result = computeDelta({ before: base, after }, catalog, options);
    const fullAfter = computeAccess(after, catalog, options).grants;
    const fullBefore = computeAccess(base, catalog, options).grants;
    const touched = new Set(result.delta.added.map((grant) => grant.resource));
    expect(touched.size).toBeGreaterThan(0);
    const on = (grants: Grant[], arn: string) => grants.filter((g) => g.resource === arn).sort(compareGrants);
    for (const arn of touched) {
      expect(on(result.after, arn)).toEqual(on(fullAfter, arn));
      expect(on(result.before, arn)).toEqual(on(fullBefore, arn));
    }
  });

  it('decides resources whose tags alone changed once, when no policy reads tags, recomputing nothing until their holders are asked', () => {
    const untagged = structuredClone(base);
    const platform = untagged.managedPolicies.find((p) => p.name.startsWith('platform-'))!;
    statements(platform.policy).splice(statements(platform.policy).findIndex((s) => s.Sid === 'AbacRead'), 1);
    const after = structuredClone(untagged);
    const tables = after.resources.filter((r) => r.type === 'AWS::DynamoDB::Table');
    tables.forEach((r) => (r.tags = { ...r.tags, CostCenter: 'cc-4711' }));
    const engine = new Engine(catalog, options);
    const beforeSide = new Side(untagged, engine);
    const afterSide = new Side(after, engine, beforeSide);
    expect(afterSide.targets.every((target, i) => target === beforeSide.targets[i])).toBe(true);
    const result = computeDelta({ before: untagged, after }, catalog, options);
    expect(result.delta).toEqual({ added: [], removed: [], changed: [] });
    expect(result.scope).toEqual({ resources: [], principals: [] });
    const arns = tables.map((r) => r.arn);
    const holders = result.holders(arns);
    // The grants of routes of their own: here those a full computation shows without a chain (no
    // principal of this account has a conditional route of its own beside an unconditional chain).
    const own = (grants: Grant[]) => grants.filter((g) => arns.includes(g.resource) && g.path === undefined).sort(compareGrants);
    expect(holders.before.length).toBeGreaterThan(0);
    expect([...holders.before].sort(compareGrants)).toEqual(own(computeAccess(untagged, catalog, options).grants));
    expect([...holders.after].sort(compareGrants)).toEqual(own(computeAccess(after, catalog, options).grants));
  });

  it('finds nothing when nothing changed', () => {
    const result = computeDelta({ before: base, after: structuredClone(base) }, catalog, options);
    expect(result.delta).toEqual({ added: [], removed: [], changed: [] });
    expect(result.scope).toEqual({ resources: [], principals: [] });
  });
});
