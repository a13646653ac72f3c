/**
 * The matrix against brute force on seeded random accounts: small inventories whose identity,
 * boundary, resource, key, SCP and RCP policies are drawn from a wide grammar (Deny and NotAction,
 * NotResource, patterns, policy variables, tag and network conditions, guardrails on some
 * resources only; resource policies for
 * everyone, an account principal, a whole account by `aws:PrincipalAccount` or `kms:CallerAccount`, an ARN pattern, an
 * organization, named principals in and out of the inventory, services, k9 exception lists).
 * Where the generated accounts only hold the policy forms of one organization, these check the
 * pruning, the classes, the shapes, the samples and the role chains against forms nobody wrote a
 * scenario for. More accounts: `RANDOM_ACCOUNTS=1500 RANDOM_FROM=40000 npx vitest run
 * test/access/random-accounts.test.ts --testTimeout=1200000`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAccess, computeDelta, diffAccess } from '../../src/access/index.js';
import type { AccessOptions } from '../../src/access/side.js';
import { grantKey, type Grant } from '../../src/model/access.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import type { Inventory, Organization, Principal, PublicAccessBlock, Resource } from '../../src/model/inventory.js';
import { Random } from '../../bench/generate/random.js';
import { AGGREGATES, bruteForce, chainDifferences, differences, matrix, OPTIONS } from './brute-force.js';
import { ACCOUNT, OTHER_ACCOUNT, bucket, doc, group, inventory, kmsKey, managed, resource, role, scpLevel, user, type Statement } from './build.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const REGION = 'eu-west-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0000aaaa-0000-4000-a000-000000000001`;
const SECOND_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0000aaaa-0000-4000-a000-000000000002`;
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`;
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/ledger`;

const IDENTITY_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:*', 's3:Get*', 's3:List*', 'kms:Decrypt', 'kms:*', 'kms:Gen*', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'dynamodb:GetItem', 'dynamodb:*', 'sts:AssumeRole', '*'];
const IDENTITY_RESOURCES = [
  '*',
  'arn:aws:s3:::alpha-data',
  'arn:aws:s3:::alpha-data/*',
  'arn:aws:s3:::alpha-data/reports/*',
  'arn:aws:s3:::*-logs/*',
  'arn:aws:s3:::beta-logs*',
  'arn:aws:s3:::alpha-data/${aws:username}/*',
  'arn:aws:s3:::alpha-data/${aws:PrincipalTag/team}/*',
  'arn:aws:s3:::partner-share/*',
  'arn:aws:s3:::alpha-*',
  'arn:aws:s3:::*/reports/*',
  KEY,
  `arn:aws:kms:*:${ACCOUNT}:key/*`,
  QUEUE,
  TABLE,
  `arn:aws:iam::${ACCOUNT}:role/*`,
  `arn:aws:iam::${ACCOUNT}:role/app-*`,
];
const CONDITIONS: Statement['Condition'][] = [
  { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
  { StringEquals: { 'aws:RequestedRegion': REGION } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEqualsIfExists: { 'aws:ResourceTag/env': 'dev' } },
  { StringLike: { 's3:prefix': 'reports/*' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } },
  { StringEquals: { 'aws:ResourceAccount': ACCOUNT } },
  { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
  { Bool: { 'aws:ViaAWSService': 'true' } },
  { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
];

/** The actions and resource values a resource policy of this resource may name. */
const RESOURCE_SIDE: Record<string, { actions: string[]; resources: (arn: string) => string[] }> = {
  'AWS::S3::Bucket': { actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:*', 's3:DeleteObject'], resources: (arn) => [arn, `${arn}/*`, `${arn}/reports/*`] },
  'AWS::KMS::Key': { actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:*', 'kms:GenerateDataKey'], resources: () => ['*'] },
  'AWS::SQS::Queue': { actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:*'], resources: (arn) => [arn] },
  'AWS::DynamoDB::Table': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:*'], resources: (arn) => [arn] },
};

function identityStatement(random: Random): Statement {
  const actions = random.sample(IDENTITY_ACTIONS, random.int(1, 2));
  const resources = random.sample(IDENTITY_RESOURCES, random.int(1, 2));
  const statement: Statement = { Effect: random.chance(0.8) ? 'Allow' : 'Deny' };
  if (random.chance(0.1)) statement.NotAction = actions;
  else statement.Action = actions;
  if (random.chance(0.1)) statement.NotResource = resources;
  else statement.Resource = resources;
  if (random.chance(0.25)) statement.Condition = random.pick(CONDITIONS);
  return statement;
}

const identityPolicy = (random: Random) => doc(...Array.from({ length: random.int(1, 3) }, () => identityStatement(random)));

/** A resource policy statement: who it names, and whether it allows or denies. */
function resourceStatement(random: Random, target: Resource, principals: readonly Principal[]): Statement {
  const side = RESOURCE_SIDE[target.type]!;
  const body = { Action: random.sample(side.actions, random.int(1, 2)), Resource: random.pick(side.resources(target.arn)) };
  const someone = random.pick(principals).arn;
  const forms: (() => Statement)[] = [
    () => ({ Effect: 'Allow', Principal: '*', ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: someone }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/outsider` }, ...body }),
    () => ({ Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': random.pick([ACCOUNT, OTHER_ACCOUNT]) } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: '*' }, Condition: { StringEquals: { 'kms:CallerAccount': random.pick([ACCOUNT, OTHER_ACCOUNT]), 'kms:ViaService': `s3.${REGION}.amazonaws.com` } }, ...body }),
    () => ({ Effect: 'Allow', Principal: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } }, ...body }),
    () => ({ Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } }, ...body }),
    () => ({ Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, ...body }),
    () => ({ Effect: 'Deny', Principal: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': [someone, `arn:aws:iam::${ACCOUNT}:role/outsider`] } }, ...body }),
    () => ({ Effect: 'Deny', Principal: { AWS: someone }, ...body }),
    () => ({ Effect: 'Deny', NotPrincipal: { AWS: [someone, `arn:aws:iam::${ACCOUNT}:root`] }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, NotAction: random.sample(side.actions, 1), Resource: body.Resource }),
    () => ({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, ...body }),
    () => ({ Effect: 'Deny', Principal: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } }, ...body }),
    () => ({ Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalType': random.pick(['User', 'AssumedRole']), 'aws:PrincipalAccount': ACCOUNT } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: someone }, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/${random.pick(['app', 'ops'])}-${random.int(0, 2)}/batch` }, ...body }),
    () => ({ Effect: 'Deny', Principal: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': ACCOUNT } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${OTHER_ACCOUNT}:role/partner-*` } }, ...body }),
    () => ({ Effect: 'Allow', Principal: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abcdef1234/r-ab12/*' } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: [someone, `arn:aws:iam::${OTHER_ACCOUNT}:root`] }, ...body }),
    () => ({ Effect: 'Deny', Principal: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abcdef1234' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: '*' }, Condition: { Null: { 'aws:PrincipalTag/team': 'false' } }, ...body }),
    () => ({ Effect: 'Deny', Principal: '*', NotAction: random.sample(side.actions, 1), Resource: body.Resource, Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } } }),
    () => ({ Effect: 'Allow', Principal: { AWS: '*' }, Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:${REGION}:${ACCOUNT}:events` } }, ...body }),
    () => ({ Effect: 'Allow', Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, ...body }),
    () => ({ Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, ...body }),
    () => ({ Effect: 'Allow', Principal: { AWS: [someone, ACCOUNT] }, ...body }),
    () => ({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:${REGION}:${ACCOUNT}:*` } }, ...body }),
  ];
  return random.pick(forms)();
}

/** SCP and RCP statements: denials of everything, of some resources only, of all but some, or to all but some principals. */
function guardStatement(random: Random, rcp: boolean): Statement {
  const statement = random.pick<Statement>([
    { Effect: 'Deny', Action: random.sample(['s3:PutObject', 'kms:*', 'sqs:*', 'dynamodb:GetItem'], 1), Resource: '*' },
    { Effect: 'Deny', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::alpha-*', 'arn:aws:s3:::alpha-*/*'] },
    { Effect: 'Deny', Action: ['s3:*', 'sqs:*'], NotResource: ['arn:aws:s3:::beta-logs', 'arn:aws:s3:::beta-logs/*'] },
    { Effect: 'Deny', Action: 'sqs:*', Resource: QUEUE },
    { Effect: 'Deny', Action: ['s3:GetObject', 'kms:Decrypt', 'sqs:SendMessage'], Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } } },
    { Effect: 'Deny', Action: ['s3:*', 'sts:AssumeRole'], Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } } },
    { Effect: 'Deny', Action: ['s3:GetObject', 'dynamodb:GetItem', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
    { Effect: 'Deny', NotAction: ['s3:GetObject', 'sts:AssumeRole', 'kms:Decrypt'], Resource: '*' },
    { Effect: 'Deny', Action: ['s3:*', 'kms:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceAccount': ACCOUNT } } },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/user-${random.int(0, 2)}` } } },
    { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': REGION } } },
  ]);
  return rcp ? { ...statement, Principal: '*' } : statement;
}

/** Who a role's trust policy lets assume it: a service, the account (delegation, or with MFA only), a user, every principal of the account, the users, another account. */
function trustPolicy(random: Random): unknown {
  const assume = { Effect: 'Allow', Action: 'sts:AssumeRole' };
  return doc(
    random.pick<Statement>([
      { ...assume, Principal: { Service: 'ec2.amazonaws.com' } },
      { ...assume, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } },
      { ...assume, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/user-${random.int(0, 2)}` } },
      { ...assume, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      { ...assume, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } },
      { ...assume, Principal: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/*` } } },
      { ...assume, Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } },
      { ...assume, Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Condition: { StringEquals: { 'sts:ExternalId': 'shared-secret' } } },
      { ...assume, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${random.pick(['app', 'ops'])}-${random.int(0, 2)}` } },
      { ...assume, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
      { ...assume, Principal: { AWS: ACCOUNT } },
      { ...assume, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/service/app-${random.int(0, 2)}` } },
      { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/partner-${random.int(0, 1)}` } },
      { Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }, Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } } },
      { Effect: 'Allow', Action: 'sts:AssumeRoleWithSAML', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/corp` }, Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } },
    ] as Statement[]),
    ...(random.chance(0.2) ? [{ Effect: 'Deny' as const, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/user-${random.int(0, 2)}` }, Action: 'sts:AssumeRole' }] : []),
  );
}

function organization(random: Random): Organization {
  const everything = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
  const scps = () => [scpLevel('r-ab12', everything), scpLevel('111111111111', everything, ...(random.chance(0.6) ? [doc(guardStatement(random, false))] : []))];
  const rcps = { target: 'r-ab12', policies: [everything, doc(guardStatement(random, true))].map((document, i) => ({ id: `r-ab12#rcp-${i + 1}`, name: `RCP ${i + 1}`, kind: 'rcp' as const, document })) };
  return {
    id: 'o-abcdef1234',
    managementAccountId: '999900000000',
    scpLevels: { [ACCOUNT]: scps(), [OTHER_ACCOUNT]: scps() },
    rcpLevels: random.chance(0.4) ? { [ACCOUNT]: [rcps] } : {},
  };
}

/** The account is held in full; for a third of the seeds, the other account too (its two roles are all it has). */
const optionsFor = (seed: number): AccessOptions => (seed % 3 === 0 ? { completeAccounts: [ACCOUNT, OTHER_ACCOUNT] } : OPTIONS);

/** Some roles live under a path: their ARN holds it, their sessions' ARNs do not. */
const withPath = (random: Random, principal: Principal): Principal =>
  random.chance(0.25) ? { ...principal, path: '/service/', arn: principal.arn.replace(':role/', ':role/service/') } : principal;

/** A small account of random policies (and two principals of another account). */
function randomAccount(seed: number): Inventory {
  const random = new Random(seed);
  const policies = Array.from({ length: 4 }, (_, i) => managed(`shared-${i}`, identityPolicy(random)));
  const boundaryDeny: Statement[] = random.chance(0.3) ? [{ Effect: 'Deny', Action: random.pick(['s3:PutObject', 'kms:*', 'sts:AssumeRole']), Resource: '*' }] : [];
  const boundary = managed('boundary', doc({ Effect: 'Allow', Action: random.sample(['s3:*', 'kms:*', 'sqs:*', '*'], 2), Resource: random.pick(['*', 'arn:aws:s3:::beta-*', 'arn:aws:s3:::alpha-data/*']) }, ...boundaryDeny));
  const groups = [group('readers', { inline: [identityPolicy(random)] }), group('writers', { managed: [random.pick(policies).arn] }), group('walled', { inline: [doc({ Effect: 'Deny', Action: random.pick(['s3:*', 'kms:Decrypt', 'sts:AssumeRole']), Resource: '*' })] })];
  const options = () => ({
    inline: random.chance(0.6) ? [identityPolicy(random)] : [],
    managed: random.sample(policies, random.int(0, 2)).map((policy) => policy.arn),
    tags: random.chance(0.5) ? { team: random.pick(['red', 'blue']) } : ({} as Record<string, string>),
    ...(random.chance(0.2) ? { boundary: boundary.arn } : {}),
  });
  const principals: Principal[] = [
    ...Array.from({ length: random.int(3, 5) }, (_, i) => user(`user-${i}`, { ...options(), groups: random.sample(groups, random.int(0, 2)).map((g) => g.arn) })),
    ...Array.from({ length: random.int(3, 6) }, (_, i) => withPath(random, role(random.chance(0.5) ? `app-${i}` : `ops-${i}`, { ...options(), trust: trustPolicy(random) }))),
    ...Array.from({ length: 2 }, (_, i) => role(`partner-${i}`, { ...options(), account: OTHER_ACCOUNT })),
  ];
  const tags = (): Record<string, string> => (random.chance(0.5) ? { env: random.pick(['prod', 'dev']) } : {});
  // Buckets alike but for their names, and their policies written from one template: resources
  // of one shape, whose decisions are shared unless a policy tells them apart.
  // Block Public Access: RestrictPublicBuckets keeps a public bucket to its own account and services.
  const block = (): { publicAccessBlock?: PublicAccessBlock } => (random.chance(0.2) ? { publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: random.chance(0.7) } } : {});
  const buckets = ['alpha-data', 'alpha-logs', 'beta-data', 'beta-logs'].map((name) => bucket(name, { tags: tags(), ...block() }));
  const resources: Resource[] = [
    ...buckets,
    resource('arn:aws:s3:::partner-share', 'AWS::S3::Bucket', { account: OTHER_ACCOUNT, tags: tags() }),
    kmsKey(KEY.split('/')[1]!, { tags: tags() }),
    kmsKey(SECOND_KEY.split('/')[1]!, { tags: tags() }),
    resource(QUEUE, 'AWS::SQS::Queue', { tags: tags() }),
    resource(TABLE, 'AWS::DynamoDB::Table', { tags: tags() }),
  ];
  const policyOf = (target: Resource) => doc(...Array.from({ length: random.int(1, 3) }, () => resourceStatement(random, target, principals)));
  const template = random.chance(0.5) ? JSON.stringify(policyOf(buckets[0]!)) : undefined;
  for (const target of resources) {
    const templated = template !== undefined && buckets.includes(target);
    // Key policies are always there; others only sometimes.
    if (!templated && target.type !== 'AWS::KMS::Key' && random.chance(0.25)) continue;
    const document = templated ? JSON.parse(template.replaceAll(buckets[0]!.arn, target.arn)) : policyOf(target);
    target.policy = { id: `${target.arn}#policy`, name: `${target.name} policy`, kind: 'resource', document };
  }
  // Keys of one shape: the same key policy on both.
  const [first, second] = resources.filter((target) => target.type === 'AWS::KMS::Key');
  if (random.chance(0.5)) second!.policy = { ...first!.policy!, id: `${second!.arn}#policy`, document: structuredClone(first!.policy!.document) };
  const accountBlock = random.chance(0.1) ? { accountPublicAccessBlock: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: true } } : {};
  return inventory({ principals, groups, managedPolicies: [...policies, boundary], resources, ...accountBlock, ...(random.chance(0.5) ? { organization: organization(random) } : {}) });
}

/** The account after one random change: a policy, a trust policy, a guardrail, tags, or a principal added or removed. */
function changed(account: Inventory, seed: number): Inventory {
  const random = new Random(seed * 7919);
  const next = structuredClone(account);
  const withPolicies = next.resources.filter((resource) => resource.policy);
  const changes: (() => void)[] = [
    () => {
      const principal = random.pick(next.principals);
      principal.inlinePolicies = [...principal.inlinePolicies, { id: `${principal.arn}#inline/changed`, name: 'changed', kind: 'inline', document: identityPolicy(random) }];
    },
    () => {
      const target = random.pick(withPolicies);
      (target.policy!.document as { Statement: unknown[] }).Statement.push(resourceStatement(random, target, next.principals));
    },
    () => {
      const target = random.pick(next.resources);
      target.tags = { ...target.tags, env: target.tags['env'] === 'prod' ? 'dev' : 'prod' };
    },
    () => {
      const principal = random.pick(next.principals);
      principal.tags = { ...principal.tags, team: principal.tags['team'] === 'red' ? 'blue' : 'red' };
    },
    () => {
      const role = random.pick(next.principals.filter((principal) => principal.trustPolicy));
      role.trustPolicy = { ...role.trustPolicy!, document: trustPolicy(random) };
    },
    () => {
      const level = next.organization?.scpLevels[ACCOUNT]?.[1];
      if (level) level.policies = [...level.policies, { id: 'scp-changed', name: 'changed', kind: 'scp', document: doc(guardStatement(random, false)) }];
    },
    () => next.principals.push(user('newcomer', { inline: random.chance(0.5) ? [identityPolicy(random)] : [] })),
    () => next.principals.splice(random.int(0, next.principals.length - 1), 1),
    () => {
      // A customer-managed policy (or the boundary) edited: every principal using it changes.
      const policy = random.pick(next.managedPolicies);
      policy.policy = { ...policy.policy, document: random.chance(0.5) ? identityPolicy(random) : doc({ Effect: 'Allow', Action: random.pick(IDENTITY_ACTIONS), Resource: '*' }) };
    },
    () => {
      const member = random.pick(next.principals.filter((principal) => principal.type === 'IAMUser'));
      const groupArn = random.pick(next.groups).arn;
      member.groupArns = member.groupArns.includes(groupArn) ? member.groupArns.filter((arn) => arn !== groupArn) : [...member.groupArns, groupArn];
    },
    () => next.resources.splice(random.int(0, next.resources.length - 1), 1),
    () => {
      const added = bucket('gamma-data', { tags: { env: 'prod' } });
      if (random.chance(0.7)) added.policy = { id: `${added.arn}#policy`, name: 'gamma-data policy', kind: 'resource', document: doc(resourceStatement(random, added, next.principals)) };
      next.resources.push(added);
    },
    () => {
      const target = random.pick(next.resources.filter((resource) => resource.type === 'AWS::S3::Bucket'));
      if (target.publicAccessBlock) delete target.publicAccessBlock;
      else target.publicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
    },
    () => {
      const rcps = next.organization?.rcpLevels[ACCOUNT]?.[0];
      if (rcps) rcps.policies = [...rcps.policies, { id: 'rcp-changed', name: 'changed', kind: 'rcp', document: doc(guardStatement(random, true)) }];
    },
  ];
  random.pick(changes)();
  return next;
}

describe('the matrix against brute force on random accounts', () => {
  const SEEDS = Array.from({ length: Number(process.env.RANDOM_ACCOUNTS ?? 60) }, (_, i) => Number(process.env.RANDOM_FROM ?? 1000) + i);

  it(`agree on every direct grant of an inventory principal, over ${SEEDS.length} accounts`, () => {
    let compared = 0;
    const failures: string[] = [];
    for (const seed of SEEDS) {
      const account = randomAccount(seed);
      const options = optionsFor(seed);
      const expected = bruteForce(account, catalog, options);
      compared += expected.size;
      const lines = differences(expected, matrix(account, catalog, options));
      if (lines.length > 0) failures.push(`seed ${seed}:\n  ${lines.slice(0, 5).join('\n  ')}`);
    }
    expect(compared).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });

  it('give, after a random change to each, the delta of two full computations', () => {
    let grants = 0;
    const failures: string[] = [];
    for (const seed of SEEDS) {
      const before = randomAccount(seed);
      const after = changed(before, seed);
      const options = optionsFor(seed);
      const full = diffAccess(computeAccess(before, catalog, options).grants, computeAccess(after, catalog, options).grants);
      const { delta } = computeDelta({ before, after }, catalog, options);
      grants += full.added.length + full.removed.length + full.changed.length;
      const keys = (d: typeof delta) => [...d.added, ...d.removed, ...d.changed.map((c) => c.after)].map(grantKey).sort();
      if (JSON.stringify(delta) !== JSON.stringify(full)) failures.push(`seed ${seed}: incremental ${keys(delta).length} grants, full ${keys(full).length}: ${keys(delta).filter((k) => !keys(full).includes(k)).concat(keys(full).filter((k) => !keys(delta).includes(k))).slice(0, 3).join('; ')}`);
    }
    expect(grants).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });

  it('give, after a random change to each, the holders of every resource on both sides as brute force finds them', () => {
    let holders = 0;
    const failures: string[] = [];
    for (const seed of SEEDS.slice(0, 30)) {
      const before = randomAccount(seed);
      const after = changed(before, seed);
      const options = optionsFor(seed);
      const arns = [...new Set([...before.resources, ...after.resources].map((r) => r.arn))];
      const found = computeDelta({ before, after }, catalog, options).holders(arns);
      holders += found.after.length;
      for (const side of ['before', 'after'] as const) {
        const account = side === 'before' ? before : after;
        const lines = differences(bruteForce(account, catalog, options), directOf(found[side], account));
        if (lines.length > 0) failures.push(`seed ${seed} ${side}:\n  ${lines.slice(0, 5).join('\n  ')}`);
      }
    }
    expect(holders).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });

  it(`agree on every grant through roles, of inventory principals and of those trust policies name beyond them, with its shortest chain, over the same accounts`, () => {
    let chains = 0;
    const failures: string[] = [];
    for (const seed of SEEDS) {
      const account = randomAccount(seed);
      const options = optionsFor(seed);
      const { hops, lines } = chainDifferences(account, computeAccess(account, catalog, options).grants, catalog, options);
      chains += hops.filter((count) => count > 0).length;
      if (lines.length > 0) failures.push(`seed ${seed}:\n  ${lines.slice(0, 5).join('\n  ')}`);
    }
    expect(chains).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });
});

/** Holders in the shape of the matrix's direct access: inventory principals', and the aggregates' actions. */
function directOf(holders: readonly Grant[], account: Inventory): ReturnType<typeof matrix> {
  const inventoried = new Set(account.principals.map((p) => p.arn));
  const members = new Map<string, { conditional: boolean; actions: string[] }>();
  const aggregates = new Map<string, Set<string>>();
  for (const grant of holders) {
    expect(grant.path).toBeUndefined();
    if (inventoried.has(grant.principal)) members.set(grantKey(grant), { conditional: grant.conditional, actions: grant.actions });
    else if (AGGREGATES.has(grant.principalType)) {
      const key = `${grant.resource}\u0000${grant.capability}`;
      aggregates.set(key, new Set([...(aggregates.get(key) ?? []), ...grant.actions]));
    }
  }
  return { members, aggregates };
}
