/**
 * Hand-written scenarios with known answers (issue 6, "Done when"): k9-style buckets,
 * cross-account access, KMS delegation, boundaries, SCPs, public and organization-wide
 * access, service principals, users and groups, unknowns.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAccess } from '../../src/access/index.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import type { Grant } from '../../src/model/access.js';
import type { Inventory } from '../../src/model/inventory.js';
import {
  ACCOUNT,
  FULL_AWS_ACCESS,
  OTHER_ACCOUNT,
  allow,
  bucket,
  bucketArn,
  deny,
  doc,
  group,
  inventory,
  kmsKey,
  managed,
  resource,
  role,
  roleArn,
  scpLevel,
  user,
  userArn,
  type Statement,
} from './build.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const BUCKET = bucketArn('credit-applications');
const OBJECTS = `${BUCKET}/*`;

/** principal → sorted capabilities it holds on the resource. */
function capabilities(grants: readonly Grant[], resource: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of grants.filter((g) => g.resource === resource)) (out[g.principal] ??= []).push(g.capability);
  for (const list of Object.values(out)) list.sort();
  return out;
}

function grantOf(grants: readonly Grant[], principal: string, resource: string, capability: string): Grant | undefined {
  return grants.find((g) => g.principal === principal && g.resource === resource && g.capability === capability);
}

const access = (inv: Inventory, completeAccounts: string[] = [ACCOUNT]) => computeAccess(inv, catalog, { completeAccounts });

describe('a k9-style bucket policy', () => {
  const allowed = (...names: string[]) => ({ ArnEquals: { 'aws:PrincipalArn': names.map((n) => roleArn(n)) } });
  const k9 = doc(
    allow(['s3:PutBucketPolicy'], [BUCKET, OBJECTS], { Sid: 'AllowRestrictedAdministerResource', Principal: { AWS: '*' }, Condition: allowed('admin') }),
    allow(['s3:GetBucketPolicy'], [BUCKET, OBJECTS], { Sid: 'AllowRestrictedReadConfig', Principal: { AWS: '*' }, Condition: allowed('admin', 'ci', 'cust-service', 'credit-processor') }),
    allow(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'], [BUCKET, OBJECTS], { Sid: 'AllowRestrictedReadData', Principal: { AWS: '*' }, Condition: allowed('admin', 'ci', 'cust-service', 'credit-processor') }),
    allow(['s3:PutObject'], [BUCKET, OBJECTS], { Sid: 'AllowRestrictedWriteData', Principal: { AWS: '*' }, Condition: allowed('admin', 'ci', 'credit-processor') }),
    allow(['s3:DeleteObject'], [BUCKET, OBJECTS], { Sid: 'AllowRestrictedDeleteData', Principal: { AWS: '*' }, Condition: allowed('admin', 'ci') }),
    deny('s3:*', [BUCKET, OBJECTS], { Sid: 'DenyEveryoneElse', Principal: { AWS: '*' }, Condition: { ArnNotEquals: { 'aws:PrincipalArn': ['admin', 'ci', 'cust-service', 'credit-processor'].map((n) => roleArn(n)) } } }),
    deny('s3:*', [BUCKET, OBJECTS], { Sid: 'DenyInsecureTransport', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  );
  const inv = inventory({
    principals: [
      role('admin', { inline: [doc(allow('s3:*', [BUCKET, OBJECTS]))] }),
      role('ci'),
      role('cust-service'),
      role('credit-processor'),
      role('batch-etl', { inline: [doc(allow('s3:*'))] }),
    ],
    resources: [bucket('credit-applications', { policy: k9, tags: { Confidentiality: 'Confidential' } })],
  });

  it('gives each listed role the capabilities of the statements that list it, and batch-etl (s3:* on *) nothing', () => {
    const { grants } = access(inv);
    expect(capabilities(grants, BUCKET)).toEqual({
      [roleArn('admin')]: ['administer-resource', 'delete-data', 'read-config', 'read-data', 'write-data'],
      [roleArn('ci')]: ['delete-data', 'read-config', 'read-data', 'write-data'],
      [roleArn('cust-service')]: ['read-config', 'read-data'],
      [roleArn('credit-processor')]: ['read-config', 'read-data', 'write-data'],
    });
  });

  it('lists the allowed actions and the statement that allows them', () => {
    const read = grantOf(access(inv).grants, roleArn('cust-service'), BUCKET, 'read-data');
    expect(read?.actions).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket']);
    expect(read?.via.map((v) => v.statement)).toEqual(['AllowRestrictedReadData']);
    expect(read?.via[0]?.policy).toBe(`${BUCKET}#policy`);
    expect(read?.principalType).toBe('IAMRole');
    expect(read?.resourceType).toBe('AWS::S3::Bucket');
  });

  it('shows the TLS-only deny as a condition of every grant instead of removing access', () => {
    const { grants } = access(inv);
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) {
      expect(g.conditional).toBe(true);
      expect(g.conditions).toEqual([expect.objectContaining({ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'], negated: true, statement: 'DenyInsecureTransport' })]);
    }
  });

  it('decides principals that share policies one by one when the policy names some of them', () => {
    const shared = managed('s3-everything', doc(allow('s3:*')));
    const policy = doc(
      allow('s3:GetObject', OBJECTS, { Principal: { AWS: '*' }, Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn('twin-b') } } }),
      deny('s3:*', [BUCKET, OBJECTS], { Principal: { AWS: '*' }, Condition: { ArnNotEquals: { 'aws:PrincipalArn': roleArn('twin-b') } } }),
    );
    const twins = inventory({
      principals: ['twin-a', 'twin-b', 'twin-c'].map((name) => role(name, { managed: [shared.policy.id] })),
      managedPolicies: [shared],
      resources: [bucket('credit-applications', { policy })],
    });
    const held = capabilities(access(twins).grants, BUCKET);
    expect(Object.keys(held)).toEqual([roleArn('twin-b')]);
    expect(held[roleArn('twin-b')]).toEqual(['administer-resource', 'delete-data', 'read-config', 'read-data', 'write-data']);
  });

  it('makes principals it names but the inventory does not hold grantees of their own', () => {
    const policy = doc(
      allow('s3:GetObject', OBJECTS, { Sid: 'Readers', Principal: { AWS: '*' }, Condition: { ArnEquals: { 'aws:PrincipalArn': [roleArn('outside'), roleArn('partner', OTHER_ACCOUNT)] } } }),
    );
    const { grants } = access(inventory({ resources: [bucket('credit-applications', { policy })] }));
    expect(capabilities(grants, BUCKET)).toEqual({ [roleArn('outside')]: ['read-data'], [roleArn('partner', OTHER_ACCOUNT)]: ['read-data'] });
    expect(grantOf(grants, roleArn('outside'), BUCKET, 'read-data')?.principalType).toBe('IAMRole');
    // The partner's own account must allow too; outside the inputs, that is assumed.
    expect(grantOf(grants, roleArn('partner', OTHER_ACCOUNT), BUCKET, 'read-data')?.via.map((v) => v.statement)).toEqual(['AssumedToAllow', 'Readers']);
  });
});

describe('principal tags', () => {
  it('are known for inventory principals and unknown for principals outside the inputs', () => {
    const policy = doc(allow('s3:GetObject', OBJECTS, { Sid: 'TeamRead', Principal: { AWS: '*' }, Condition: { ArnLike: { 'aws:PrincipalArn': [roleArn('*'), roleArn('partner', OTHER_ACCOUNT)] }, StringEquals: { 'aws:PrincipalTag/team': 'data' } } }));
    const inv = inventory({ principals: [role('tagged', { tags: { team: 'data' } }), role('untagged')], resources: [bucket('credit-applications', { policy })] });
    const { grants } = access(inv);
    expect(grantOf(grants, roleArn('tagged'), BUCKET, 'read-data')?.conditional).toBe(false);
    expect(grantOf(grants, roleArn('untagged'), BUCKET, 'read-data')).toBeUndefined();
    expect(grantOf(grants, roleArn('partner', OTHER_ACCOUNT), BUCKET, 'read-data')).toMatchObject({
      conditional: true,
      conditions: [expect.objectContaining({ key: 'aws:PrincipalTag/team', values: ['data'] })],
    });
  });
});

describe('cross-account access', () => {
  const shared = doc(allow('s3:GetObject', OBJECTS, { Sid: 'PartnerRead', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }));
  const inv = inventory({
    principals: [
      role('analyst', { account: OTHER_ACCOUNT, inline: [doc(allow('s3:GetObject', OBJECTS))] }),
      role('idle', { account: OTHER_ACCOUNT }),
      role('stranger', { account: '333333333333', inline: [doc(allow('s3:GetObject', OBJECTS))] }),
      role('local', { inline: [doc(allow('s3:GetObject', OBJECTS))] }),
    ],
    resources: [bucket('credit-applications', { policy: shared })],
  });

  it('needs both the bucket policy and the other account\'s identity policy', () => {
    const held = capabilities(access(inv, [ACCOUNT, OTHER_ACCOUNT]).grants, BUCKET);
    expect(held).toEqual({ [roleArn('analyst', OTHER_ACCOUNT)]: ['read-data'], [roleArn('local')]: ['read-data'] });
  });

  it('reports an account it does not hold in full as the account aggregate', () => {
    const { grants } = access(inv, [ACCOUNT]);
    const aggregate = grantOf(grants, `arn:aws:iam::${OTHER_ACCOUNT}:root`, BUCKET, 'read-data');
    expect(aggregate).toMatchObject({ principalType: 'Account', actions: ['s3:GetObject'], conditional: false });
    expect(grantOf(grants, roleArn('analyst', OTHER_ACCOUNT), BUCKET, 'read-data')).toBeDefined();
    expect(grantOf(grants, roleArn('stranger', '333333333333'), BUCKET, 'read-data')).toBeUndefined();
  });
});

describe('a principal outside the inventory named in two accounts', () => {
  it('gets its own policies assumed only on the other account\'s resource, whatever order the resources come in', () => {
    const outsider = roleArn('outsider');
    const named = (arn: string) => doc(allow('s3:GetObject', `${arn}/*`, { Principal: { AWS: outsider } }));
    const own = bucket('own-data', { policy: named(bucketArn('own-data')) });
    const partner = resource(bucketArn('partner-data'), 'AWS::S3::Bucket', { account: OTHER_ACCOUNT, policy: named(bucketArn('partner-data')) });
    for (const resources of [[own, partner], [partner, own]]) {
      const held = access(inventory({ resources })).grants.filter((g) => g.principal === outsider && g.capability === 'read-data').map((g) => g.resource);
      expect(held.sort()).toEqual([bucketArn('own-data'), bucketArn('partner-data')]);
    }
  });
});

describe('KMS key policies', () => {
  const delegating = kmsKey('1111aaaa-0000-4000-a000-000000000001', { policy: doc(allow('kms:*', '*', { Sid: 'EnableIamPolicies', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })) });
  const closed = kmsKey('2222bbbb-0000-4000-a000-000000000002', { policy: doc(allow('kms:Decrypt', '*', { Sid: 'KeyUser', Principal: { AWS: roleArn('key-user') } })) });
  const inv = inventory({
    principals: [role('app', { inline: [doc(allow(['kms:Decrypt', 'kms:Encrypt'], '*'))] }), role('key-user')],
    resources: [delegating, closed],
  });

  it('let identity policies count only when the key policy delegates to the account', () => {
    const { grants } = access(inv);
    expect(capabilities(grants, delegating.arn)).toEqual({ [roleArn('app')]: ['read-data', 'write-data'] });
    expect(capabilities(grants, closed.arn)).toEqual({ [roleArn('key-user')]: ['read-data'] });
    expect(grantOf(grants, roleArn('key-user'), closed.arn, 'read-data')?.actions).toEqual(['kms:Decrypt']);
  });

  it('shows the delegating account as an aggregate when the inventory does not hold it in full', () => {
    const { grants } = access(inv, []);
    expect(capabilities(grants, delegating.arn)[`arn:aws:iam::${ACCOUNT}:root`]).toContain('administer-resource');
  });

  // AWS's default policy of a key used through a service: anyone whose account is kms:CallerAccount.
  describe('Principal "*" restricted by kms:CallerAccount (use through S3)', () => {
    const viaS3 = allow(['kms:Decrypt', 'kms:GenerateDataKey'], '*', {
      Sid: 'AllowViaS3',
      Principal: { AWS: '*' },
      Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });
    const key = kmsKey('3333cccc-0000-4000-a000-000000000003', { policy: doc(viaS3) });
    const accountInv = inventory({
      principals: [user('alice'), role('walled', { inline: [doc(deny('kms:*', '*'))] }), role('partner', { account: OTHER_ACCOUNT, inline: [doc(allow('kms:*', '*'))] })],
      resources: [key],
    });

    it('gives each principal of the account, and no one else, conditional use of the key', () => {
      const { grants } = access(accountInv);
      expect(capabilities(grants, key.arn)).toEqual({ [userArn('alice')]: ['read-data', 'write-data'] });
      const decrypt = grantOf(grants, userArn('alice'), key.arn, 'read-data');
      expect(decrypt).toMatchObject({ conditional: true, actions: ['kms:Decrypt'] });
      // kms:CallerAccount is known from the principal; only the service the request comes through is not.
      expect(decrypt?.conditions.map((condition) => condition.key)).toEqual(['kms:ViaService']);
    });

    it('shows the account, not anyone, when the inventory does not hold it in full', () => {
      const { grants } = access(accountInv, []);
      expect(Object.keys(capabilities(grants, key.arn))).toEqual([`arn:aws:iam::${ACCOUNT}:root`]);
      expect(grants.some((grant) => grant.principalType === 'Public')).toBe(false);
    });
  });
});

describe('permissions boundaries', () => {
  it('keep only what both the identity policy and the boundary allow', () => {
    const boundary = managed('read-only-boundary', doc(allow('s3:GetObject')));
    const inv = inventory({
      principals: [role('bounded', { inline: [doc(allow('s3:*'))], boundary: boundary.arn })],
      managedPolicies: [boundary],
      resources: [bucket('credit-applications')],
    });
    const { grants } = access(inv);
    expect(capabilities(grants, BUCKET)).toEqual({ [roleArn('bounded')]: ['read-data'] });
    expect(grantOf(grants, roleArn('bounded'), BUCKET, 'read-data')?.actions).toEqual(['s3:GetObject']);
  });
});

describe('service control policies', () => {
  const organization = (accountLevel: unknown) => ({
    id: 'o-abcdef1234',
    managementAccountId: '999900000000',
    scpLevels: { [ACCOUNT]: [scpLevel('r-ab12', FULL_AWS_ACCESS), scpLevel('ou-ab12-workload', FULL_AWS_ACCESS, doc(deny('s3:DeleteObject*'))), scpLevel(ACCOUNT, accountLevel)] },
    rcpLevels: {},
  });
  const principals = [role('operator', { inline: [doc(allow('s3:*'))] })];
  const resources = [bucket('credit-applications')];

  it('remove what a deny at any level of the OU path denies', () => {
    const { grants } = access(inventory({ principals, resources, organization: organization(FULL_AWS_ACCESS) }));
    expect(capabilities(grants, BUCKET)[roleArn('operator')]).toEqual(['administer-resource', 'read-config', 'read-data', 'write-data']);
  });

  it('need an Allow at every level', () => {
    const { grants } = access(inventory({ principals, resources, organization: organization(doc(allow('dynamodb:*'))) }));
    expect(capabilities(grants, BUCKET)).toEqual({});
  });

  it('tell apart the principals they name, on a policy granting their whole account', () => {
    // Two roles with no policies of their own (one class): only the SCP's exception names one.
    const exceptAdmins = deny('s3:GetObject', '*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/admin-*` } } });
    const policy = doc(allow('s3:GetObject', OBJECTS, { Sid: 'AccountRead', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }));
    const inv = inventory({
      principals: [role('admin-1'), role('app'), role('admin-2')],
      resources: [bucket('credit-applications', { policy }), bucket('credit-archive', { policy: doc(allow('s3:GetObject', `${bucketArn('credit-archive')}/*`, { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } })) })],
      organization: organization(doc(allow('*'), exceptAdmins)),
    });
    const { grants } = access(inv);
    for (const arn of [BUCKET, bucketArn('credit-archive')]) expect(capabilities(grants, arn)).toEqual({ [roleArn('admin-1')]: ['read-data'], [roleArn('admin-2')]: ['read-data'] });
  });
});

describe('resource control policies', () => {
  it('hold back principals outside the organization, whatever the bucket policy grants', () => {
    const policy = doc(allow('s3:GetObject', OBJECTS, { Sid: 'PartnerRead', Principal: { AWS: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::999999999999:root'] } }));
    const rcp = doc({ Sid: 'OrgOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abcdef1234' } } });
    const level = (target: string, ...documents: unknown[]) => ({ target, policies: documents.map((document, i) => ({ id: `${target}#rcp-${i + 1}`, name: `${target} RCP`, kind: 'rcp' as const, document })) });
    const organization = {
      id: 'o-abcdef1234',
      scpLevels: { [ACCOUNT]: [scpLevel('r-ab12', FULL_AWS_ACCESS)], [OTHER_ACCOUNT]: [scpLevel('r-ab12', FULL_AWS_ACCESS)] },
      rcpLevels: { [ACCOUNT]: [level('r-ab12', FULL_AWS_ACCESS, rcp)] },
    };
    const { grants } = access(inventory({ resources: [bucket('credit-applications', { policy })], organization }));
    // A member account is known to be in the organization: the RCP lets it through.
    expect(grantOf(grants, `arn:aws:iam::${OTHER_ACCOUNT}:root`, BUCKET, 'read-data')).toMatchObject({ conditional: false });
    // Of another account the inputs cannot tell: its access holds only if it is a member.
    expect(grantOf(grants, 'arn:aws:iam::999999999999:root', BUCKET, 'read-data')).toMatchObject({
      conditional: true,
      conditions: [expect.objectContaining({ key: 'aws:PrincipalOrgID', values: ['o-abcdef1234'], negated: true, statement: 'OrgOnly' })],
    });
  });

  it('tell apart the principals they name, though these share their policies', () => {
    const perimeter = doc({ Sid: 'OnlyApps', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } } });
    const organization = { id: 'o-abcdef1234', scpLevels: { [ACCOUNT]: [scpLevel('r-ab12', FULL_AWS_ACCESS)] }, rcpLevels: { [ACCOUNT]: [{ target: 'r-ab12', policies: [FULL_AWS_ACCESS, perimeter].map((document, i) => ({ id: `r-ab12#rcp-${i + 1}`, name: 'RCP', kind: 'rcp' as const, document })) }] } };
    // One class: the same managed policy, nothing of their own.
    const reader = managed('reader', doc(allow('s3:GetObject', OBJECTS)));
    const principals = ['ops-1', 'app-1', 'ops-2'].map((name) => role(name, { managed: [reader.arn] }));
    const inv = inventory({ principals, managedPolicies: [reader], resources: [bucket('credit-applications')], organization });
    expect(capabilities(access(inv).grants, BUCKET)).toEqual({ [roleArn('app-1')]: ['read-data'] });
  });
});

describe('public and organization-wide access', () => {
  const publicRead = allow('s3:GetObject', OBJECTS, { Sid: 'PublicRead', Principal: '*' });

  it('reports an unrestricted Principal "*" as the Public aggregate', () => {
    const { grants } = access(inventory({ resources: [bucket('credit-applications', { policy: doc(publicRead) })] }));
    expect(grantOf(grants, '*', BUCKET, 'read-data')).toMatchObject({ principalType: 'Public', conditional: false, actions: ['s3:GetObject'] });
  });

  it('keeps only the bucket owner\'s account and services when Block Public Access restricts public buckets', () => {
    const policy = doc(publicRead, allow('s3:GetObject', OBJECTS, { Sid: 'Partner', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }), allow('s3:PutObject', OBJECTS, { Sid: 'Logs', Principal: { Service: 'logging.s3.amazonaws.com' } }));
    const block = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: true };
    const inv = inventory({ principals: [role('local', { inline: [doc(allow('s3:GetObject', OBJECTS))] })], resources: [bucket('credit-applications', { policy, publicAccessBlock: block })] });
    expect(Object.keys(capabilities(access(inv).grants, BUCKET)).sort()).toEqual([roleArn('local'), 'logging.s3.amazonaws.com']);
    const open = inventory({ ...inv, accountPublicAccessBlock: undefined, resources: [bucket('credit-applications', { policy })] });
    expect(Object.keys(capabilities(access(open).grants, BUCKET)).sort()).toEqual(['*', roleArn('local'), `arn:aws:iam::${OTHER_ACCOUNT}:root`, 'logging.s3.amazonaws.com']);
  });

  it('gives every principal of the bucket owner\'s account what a public policy grants when Block Public Access restricts it, own policies or not', () => {
    const block = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: true };
    const inv = inventory({
      principals: [user('alice'), role('app', { inline: [doc(allow('sqs:SendMessage', '*'))] }), role('walled', { inline: [doc(deny('s3:*', '*'))] }), role('partner', { account: OTHER_ACCOUNT, inline: [doc(allow('s3:GetObject', OBJECTS))] })],
      resources: [bucket('credit-applications', { policy: doc(publicRead), publicAccessBlock: block })],
    });
    expect(capabilities(access(inv).grants, BUCKET)).toEqual({ [userArn('alice')]: ['read-data'], [roleArn('app')]: ['read-data'] });
    // Not held in full, the owner's account shows as its aggregate (any principal its IAM policies allow), not as anyone.
    const held = capabilities(access(inv, []).grants, BUCKET);
    expect(Object.keys(held)).toEqual([`arn:aws:iam::${ACCOUNT}:root`]);
    expect(held[`arn:aws:iam::${ACCOUNT}:root`]).toContain('read-data');
  });

  it('applies the account-level Block Public Access to buckets of that account', () => {
    const inv = inventory({ resources: [bucket('credit-applications', { policy: doc(publicRead) })], accountPublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } });
    expect(access(inv).grants).toEqual([]);
  });

  it('gives each principal of an account it holds in full what Principal "*" restricted by aws:PrincipalAccount grants, identity policies or not', () => {
    const policy = doc(allow('s3:GetObject', OBJECTS, { Sid: 'AccountRead', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }));
    const queues = doc(allow('sqs:SendMessage', '*'));
    const inv = inventory({
      principals: [
        user('alice'),
        role('app-1', { inline: [queues] }),
        role('app-2', { inline: [queues] }),
        role('walled', { inline: [doc(deny('s3:*', '*'))] }),
        role('partner', { account: OTHER_ACCOUNT, inline: [doc(allow('s3:GetObject', OBJECTS))] }),
      ],
      resources: [bucket('credit-applications', { policy })],
    });
    expect(capabilities(access(inv).grants, BUCKET)).toEqual({ [userArn('alice')]: ['read-data'], [roleArn('app-1')]: ['read-data'], [roleArn('app-2')]: ['read-data'] });
    expect(grantOf(access(inv).grants, userArn('alice'), BUCKET, 'read-data')?.via).toEqual([expect.objectContaining({ statement: 'AccountRead' })]);
    // An account the inventory does not hold in full: its aggregate stands for its principals.
    expect(Object.keys(capabilities(access(inv, []).grants, BUCKET))).toEqual([`arn:aws:iam::${ACCOUNT}:root`]);
  });

  it('gives what Principal "*" grants to the accounts and services a NotPrincipal Deny spares, and to no one else', () => {
    const policy = doc(
      publicRead,
      deny('s3:*', OBJECTS, { Sid: 'OnlyOurs', NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, OTHER_ACCOUNT], Service: 'logging.s3.amazonaws.com' } }),
    );
    const inv = inventory({ principals: [user('alice'), role('app', { inline: [doc(allow('sqs:SendMessage', '*'))] })], resources: [bucket('credit-applications', { policy })] });
    // Every principal of the account held in full, one by one; the other account as its aggregate; the service.
    expect(capabilities(access(inv).grants, BUCKET)).toEqual({
      [userArn('alice')]: ['read-data'],
      [roleArn('app')]: ['read-data'],
      [`arn:aws:iam::${OTHER_ACCOUNT}:root`]: ['read-data'],
      'logging.s3.amazonaws.com': ['read-data'],
    });
    expect(grantOf(access(inv).grants, userArn('alice'), BUCKET, 'read-data')?.via).toEqual([expect.objectContaining({ statement: 'PublicRead' })]);
    // Sparing nobody, the Deny leaves no one.
    const closed = doc(publicRead, deny('s3:*', OBJECTS, { NotPrincipal: { AWS: roleArn('outsider') } }));
    expect(capabilities(access(inventory({ ...inv, resources: [bucket('credit-applications', { policy: closed })] })).grants, BUCKET)).toEqual({ [roleArn('outsider')]: ['read-data'] });
  });

  it('reports Principal "*" restricted by aws:PrincipalOrgID as the organization', () => {
    const policy = doc(allow('s3:GetObject', OBJECTS, { Sid: 'OrgRead', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } } }));
    const held = capabilities(access(inventory({ resources: [bucket('credit-applications', { policy })] })).grants, BUCKET);
    expect(held).toEqual({ 'org:o-abcdef1234': ['read-data'] });
  });
});

describe('resources of one shape that a policy tells apart', () => {
  // Two buckets alike but for their names: decisions are shared between them unless a policy
  // applies to one and not the other.
  const resources = [bucket('alpha-data'), bucket('beta-data')];
  const reader = (statement = allow('s3:GetObject', '*')) => role('reader', { inline: [doc(statement)] });
  const everything = doc(allow('*'));
  /** The buckets the reader may read. */
  const readable = (inv: Inventory) => access(inv).grants.filter((g) => g.principal === roleArn('reader') && g.capability === 'read-data').map((g) => g.resource);

  it('by an SCP that denies some of them', () => {
    const organization = { id: 'o-abcdef1234', scpLevels: { [ACCOUNT]: [scpLevel('r-ab12', everything), scpLevel(ACCOUNT, everything, doc(deny('s3:GetObject', 'arn:aws:s3:::alpha-*/*')))] }, rcpLevels: {} };
    expect(readable(inventory({ principals: [reader()], resources, organization }))).toEqual([bucketArn('beta-data')]);
  });

  it('by an identity statement with NotResource', () => {
    const statement: Statement = { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::alpha-data/*' };
    expect(readable(inventory({ principals: [reader(statement)], resources }))).toEqual([bucketArn('beta-data')]);
  });

  it('by an RCP that denies some of them', () => {
    const rcp = (document: unknown, i: number) => ({ id: `r-ab12#rcp-${i}`, name: `RCP ${i}`, kind: 'rcp' as const, document });
    const denial = doc({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::alpha-*/*' });
    const organization = { id: 'o-abcdef1234', scpLevels: { [ACCOUNT]: [scpLevel('r-ab12', everything)] }, rcpLevels: { [ACCOUNT]: [{ target: 'r-ab12', policies: [rcp(everything, 1), rcp(denial, 2)] }] } };
    expect(readable(inventory({ principals: [reader()], resources, organization }))).toEqual([bucketArn('beta-data')]);
  });
});

describe('resource policies without Resource', () => {
  it('apply to the resource itself, as ECR repository policies are written', () => {
    const repository = resource(`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/app`, 'AWS::ECR::Repository', { policy: doc({ Sid: 'Pull', Effect: 'Allow', Principal: { AWS: roleArn('puller') }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }) });
    const { grants } = access(inventory({ resources: [repository] }));
    expect(grantOf(grants, roleArn('puller'), repository.arn, 'read-data')?.actions).toEqual(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
  });
});

describe('service principals', () => {
  it('hold access under their aws:SourceArn / aws:SourceAccount conditions', () => {
    const trail = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`;
    const policy = doc(allow('s3:PutObject', OBJECTS, { Sid: 'TrailWrite', Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceArn': trail } } }));
    const { grants } = access(inventory({ resources: [bucket('credit-applications', { policy })] }));
    expect(grantOf(grants, 'cloudtrail.amazonaws.com', BUCKET, 'write-data')).toMatchObject({
      principalType: 'Service',
      conditional: true,
      conditions: [expect.objectContaining({ key: 'aws:SourceArn', values: [trail], negated: false })],
    });
  });
});

describe('users and groups', () => {
  it('give a user the policies of its groups', () => {
    const readers = managed('bucket-readers', doc(allow('s3:GetObject', OBJECTS)));
    const team = group('analysts', { managed: [readers.arn] });
    const inv = inventory({ principals: [user('ana', { groups: [team.arn] }), user('bob')], groups: [team], managedPolicies: [readers], resources: [bucket('credit-applications')] });
    const { grants } = access(inv);
    expect(capabilities(grants, BUCKET)).toEqual({ [userArn('ana')]: ['read-data'] });
    expect(grantOf(grants, userArn('ana'), BUCKET, 'read-data')?.via).toEqual([expect.objectContaining({ policy: readers.arn, statement: '#1' })]);
  });
});

describe('unknown values', () => {
  it('mark grants that depend on them and keep every unknown in the result', () => {
    const pending = { address: 'aws_s3_bucket_policy.data', attribute: 'policy', reason: 'known after apply', subject: BUCKET };
    const elsewhere = { address: 'aws_iam_role.late', attribute: 'arn', reason: 'known after apply', subject: 'arn:aws:iam::111111111111:role/(known after apply)' };
    const inv = inventory({ principals: [role('reader', { inline: [doc(allow('s3:GetObject', OBJECTS))] })], resources: [bucket('credit-applications')], unknowns: [pending, elsewhere] });
    const result = access(inv);
    expect(grantOf(result.grants, roleArn('reader'), BUCKET, 'read-data')?.unknown).toBe(true);
    expect(result.unknowns).toEqual([pending, elsewhere]);
  });

  it('record a managed policy the inputs do not hold, and count what the others give', () => {
    const inv = inventory({ principals: [role('reader', { inline: [doc(allow('s3:GetObject', OBJECTS))], managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })], resources: [bucket('credit-applications')] });
    const result = access(inv);
    expect(result.unknowns).toEqual([expect.objectContaining({ subject: roleArn('reader'), attribute: 'managed_policy_arns', reason: expect.stringContaining('arn:aws:iam::aws:policy/ReadOnlyAccess') })]);
    expect(grantOf(result.grants, roleArn('reader'), BUCKET, 'read-data')).toMatchObject({ actions: ['s3:GetObject'] });
  });
});

describe('one object pattern over several buckets', () => {
  // `*-logs/*` covers every object of app-logs, and only some of app (`app/x-logs/y`): the
  // second bucket must be asked about as a pattern, not through a sample object (which no
  // statement names). Writing app-logs keeps the two buckets' decisions apart.
  const inv = inventory({
    principals: [user('alice', { inline: [doc(allow('s3:GetObject', 'arn:aws:s3:::*-logs/*'), allow('s3:PutObject', `${bucketArn('app-logs')}/*`))] })],
    resources: [bucket('app-logs'), bucket('app')],
  });

  it('gives read-data on a bucket it covers and on one some of whose objects it names', () => {
    const held = computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] })
      .grants.filter((grant) => grant.principal === userArn('alice'))
      .map((grant) => [grant.resource, grant.capability, grant.actions]);
    expect(held).toEqual([
      [bucketArn('app-logs'), 'read-data', ['s3:GetObject']],
      [bucketArn('app-logs'), 'write-data', ['s3:PutObject']],
      [bucketArn('app'), 'read-data', ['s3:GetObject']],
    ]);
  });
});
