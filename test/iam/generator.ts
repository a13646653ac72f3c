/**
 * A seeded generator of IAM scenarios for the differential test and the engine benchmark:
 * identity, resource, boundary, SCP and RCP policies over a few services, with
 * wildcards, NotAction / NotResource, allow/deny mixes, conditions over a set of keys, and
 * same- and cross-account principals. Same seed, same scenarios.
 */

import { Random as Generator } from '../../bench/generate/random.js';

export type Random = () => number;

/** Floats in [0, 1) from the benchmark's seeded generator. */
export function seeded(seed: number): Random {
  const generator = new Generator(seed);
  return () => generator.next();
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number): boolean => random() < p;
const some = <T>(random: Random, items: readonly T[], max: number): T[] => {
  const count = 1 + Math.floor(random() * max);
  return Array.from({ length: count }, () => pick(random, items));
};

export const HOME = '111111111111';
export const AWAY = '222222222222';

type Doc = Record<string, unknown>;

export interface Scenario {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  context: Record<string, string | string[]>;
  identityPolicies: Doc[];
  resourcePolicy?: Doc;
  permissionBoundary?: Doc;
  /** Levels, root first; each holds its policies. */
  scps: Doc[][];
  rcps: Doc[][];
}

const user = (account: string, name: string) => `arn:aws:iam::${account}:user/${name}`;
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const session = (account: string, name: string, id: string) => `arn:aws:sts::${account}:assumed-role/${name}/${id}`;

const PRINCIPALS = [
  user(HOME, 'alice'),
  user(HOME, 'bob'),
  role(HOME, 'app'),
  session(HOME, 'app', 'run-1'),
  user(AWAY, 'carol'),
  session(AWAY, 'etl', 'job'),
  'sns.amazonaws.com',
  'anonymous',
];

/** What the request asks; half of the statements are written about it, so they can apply. */
interface Target {
  action: string;
  resource: string;
  account: string;
}

/** Actions with the resources they act on (and the account owning each). */
const TARGETS: readonly Target[] = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::data/reports/q1.csv', account: HOME },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::shared/public/readme.txt', account: AWAY },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::data/uploads/new.bin', account: HOME },
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::data/reports/q1.csv', account: HOME },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::data', account: HOME },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::shared', account: AWAY },
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${HOME}:orders`, account: HOME },
  { action: 'sqs:ReceiveMessage', resource: `arn:aws:sqs:us-east-1:${AWAY}:events`, account: AWAY },
  { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${HOME}:table/customers`, account: HOME },
  { action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:eu-west-1:${HOME}:table/audit`, account: HOME },
  { action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${HOME}:key/0f1e2d3c`, account: HOME },
  { action: 'sts:AssumeRole', resource: role(HOME, 'deployer'), account: HOME },
];

const ACTION_PATTERNS = ['s3:GetObject', 's3:Get*', 's3:*', 's3:*Object', 's3:List*', 's3:PutObject', 'sqs:*', 'sqs:*Message', 'dynamodb:?etItem', 'dynamodb:*', 'kms:*', 'sts:AssumeRole*', '*'];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::data/*',
  'arn:aws:s3:::data',
  'arn:aws:s3:::*',
  'arn:aws:s3:::*/reports/*',
  'arn:aws:s3:::shared/public/*',
  'arn:aws:s3:::data/reports/q?.csv',
  `arn:aws:sqs:*:${HOME}:*`,
  'arn:aws:sqs:us-east-1:*:events',
  'arn:aws:dynamodb:us-east-1:*:table/*',
  `arn:aws:dynamodb:*:${HOME}:table/audit`,
  'arn:aws:kms:*:*:key/*',
  `arn:aws:iam::${HOME}:role/*`,
];

/** Condition keys with the values the context and the policies draw from. */
const KEYS: readonly { key: string; values: readonly string[]; operators: readonly string[]; multi?: boolean }[] = [
  { key: 'aws:SourceIp', values: ['10.1.2.3', '203.0.113.9', '2001:db8::7'], operators: ['IpAddress', 'NotIpAddress'] },
  { key: 'aws:SecureTransport', values: ['true', 'false'], operators: ['Bool', 'BoolIfExists'] },
  { key: 'aws:PrincipalTag/team', values: ['blue', 'green', 'Blue'], operators: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringLike', 'StringEqualsIfExists'] },
  { key: 'aws:SourceVpce', values: ['vpce-1a2b', 'vpce-9z9z'], operators: ['StringEquals', 'StringNotEquals', 'StringNotEqualsIfExists'] },
  { key: 's3:prefix', values: ['home/', 'home/alice/', 'tmp/'], operators: ['StringLike', 'StringNotLike', 'StringEquals'] },
  { key: 'aws:MultiFactorAuthAge', values: ['60', '3600', '86400'], operators: ['NumericLessThan', 'NumericGreaterThanEquals'] },
  { key: 'aws:CurrentTime', values: ['2024-01-01T00:00:00Z', '2031-06-01T12:00:00Z'], operators: ['DateLessThan', 'DateGreaterThan'] },
  { key: 'aws:TagKeys', values: ['env', 'team', 'owner'], operators: ['ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'ForAnyValue:StringLike'], multi: true },
  { key: 'aws:PrincipalArn', values: [role(HOME, 'app'), user(HOME, 'alice'), user(AWAY, 'carol')], operators: ['ArnEquals', 'ArnLike', 'ArnNotEquals'] },
  { key: 'aws:PrincipalAccount', values: [HOME, AWAY], operators: ['StringEquals', 'StringNotEquals'] },
  { key: 'aws:RequestTag/env', values: ['prod'], operators: ['Null'] },
];

const POLICY_VALUES: Record<string, readonly string[]> = {
  'aws:SourceIp': ['10.0.0.0/8', '203.0.113.0/24', '2001:db8::/32'],
  'aws:PrincipalTag/team': ['blue', 'gr*', 'green'],
  's3:prefix': ['home/*', 'home/${aws:username}/*', 'tmp/'],
  'aws:MultiFactorAuthAge': ['3600'],
  'aws:CurrentTime': ['2030-01-01T00:00:00Z'],
  'aws:PrincipalArn': [`arn:aws:iam::${HOME}:role/*`, user(HOME, 'alice'), `arn:aws:iam::*:user/*`],
  'aws:RequestTag/env': ['true', 'false'],
};

function condition(random: Random): Doc {
  const block: Record<string, Record<string, string[]>> = {};
  for (const spec of some(random, KEYS, 2)) {
    const operator = pick(random, spec.operators);
    const values = POLICY_VALUES[spec.key] ?? spec.values;
    (block[operator] ??= {})[spec.key] = [...new Set(some(random, values, 2))];
  }
  return block;
}

function statement(random: Random, target: Target, principalElement: boolean): Doc {
  const effect = chance(random, 0.75) ? 'Allow' : 'Deny';
  const s: Doc = { Effect: effect };
  const aimed = chance(random, 0.5);
  s[chance(random, 0.85) ? 'Action' : 'NotAction'] = aimed ? [target.action] : some(random, ACTION_PATTERNS, 2);
  s[chance(random, 0.85) ? 'Resource' : 'NotResource'] = aimed ? [target.resource] : some(random, RESOURCE_PATTERNS, 2);
  if (principalElement) {
    const named = [
      '*',
      { AWS: '*' },
      { AWS: user(HOME, 'alice') },
      { AWS: role(HOME, 'app') },
      { AWS: `arn:aws:iam::${HOME}:root` },
      { AWS: AWAY },
      { AWS: [user(AWAY, 'carol'), role(AWAY, 'etl')] },
      { AWS: session(HOME, 'app', 'run-1') },
      { Service: 'sns.amazonaws.com' },
    ];
    // NotPrincipal only with Deny: IAM rejects it with Allow.
    if (effect === 'Deny' && chance(random, 0.25)) s.NotPrincipal = { AWS: [role(HOME, 'app'), `arn:aws:iam::${HOME}:root`] };
    else s.Principal = pick(random, named);
  }
  if (chance(random, 0.35)) s.Condition = condition(random);
  return s;
}

function document(random: Random, target: Target, statements: number, principalElement = false): Doc {
  const list = Array.from({ length: 1 + Math.floor(random() * statements) }, () => statement(random, target, principalElement));
  return { Version: '2012-10-17', Statement: list };
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const ALLOW_ALL_RCP = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

function context(random: Random, principal: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const spec of KEYS) {
    if (spec.key === 'aws:PrincipalArn' || spec.key === 'aws:PrincipalAccount' || !chance(random, 0.6)) continue;
    out[spec.key] = spec.multi ? [...new Set(some(random, spec.values, 2))] : pick(random, spec.values);
  }
  // The keys AWS derives from the principal, given explicitly so that both engines see them.
  if (!principal.startsWith('arn:')) return out;
  const account = principal.split(':')[4] as string;
  const sessionRole = /assumed-role\/([^/]+)/.exec(principal)?.[1];
  out['aws:PrincipalArn'] = sessionRole ? role(account, sessionRole) : principal;
  out['aws:PrincipalAccount'] = account;
  if (principal.includes(':user/')) out['aws:username'] = principal.slice(principal.lastIndexOf('/') + 1);
  return out;
}

export function scenario(random: Random): Scenario {
  const principal = pick(random, PRINCIPALS);
  const target = pick(random, TARGETS);
  // Service principals and anonymous callers have no identity policies or boundaries in AWS.
  const iam = principal.startsWith('arn:');
  const result: Scenario = {
    principal,
    action: target.action,
    resource: target.resource,
    resourceAccount: target.account,
    context: context(random, principal),
    identityPolicies: iam ? Array.from({ length: Math.floor(random() * 3) }, () => document(random, target, 3)) : [],
    scps: [],
    rcps: [],
  };
  // A role always has a trust policy and a KMS key a key policy: AWS reads them on every request.
  const ownPolicy = target.action === 'sts:AssumeRole' || target.action.startsWith('kms:');
  if (ownPolicy || chance(random, 0.6)) result.resourcePolicy = document(random, target, 3, true);
  if (iam && chance(random, 0.25)) result.permissionBoundary = document(random, target, 2);
  // SCPs are those of the principal's account: a service or anonymous caller has none.
  if (iam && chance(random, 0.3)) {
    const level = (): Doc[] => (chance(random, 0.6) ? [ALLOW_ALL, document(random, target, 2)] : [document(random, target, 2)]);
    result.scps = Array.from({ length: 1 + Math.floor(random() * 2) }, level);
  }
  if (chance(random, 0.2)) result.rcps = [[ALLOW_ALL_RCP, { Version: '2012-10-17', Statement: [{ ...statement(random, target, false), Principal: '*' }] }]];
  return result;
}
