/**
 * Small builders for hand-written inventories in the effective-access tests: principals,
 * groups, managed policies and resources with the ids the readers give them.
 */
import { emptyInventory, type Group, type Inventory, type ManagedPolicy, type OrgPolicyLevel, type PolicyDocument, type Principal, type PublicAccessBlock, type Resource } from '../../src/model/inventory.js';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export const doc = (...statements: Statement[]) => ({ Version: '2012-10-17', Statement: statements });

export const allow = (action: string | string[], resource: string | string[] = '*', extra: Partial<Statement> = {}): Statement => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
export const deny = (action: string | string[], resource: string | string[] = '*', extra: Partial<Statement> = {}): Statement => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });

export const roleArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
export const userArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:user/${name}`;
export const policyArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:policy/${name}`;
export const bucketArn = (name: string) => `arn:aws:s3:::${name}`;

/** Trust policy letting a service assume the role. */
export const trustService = (service: string) => doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
/** Trust policy letting principals (ARNs or account roots) assume the role. */
export const trustAws = (...principals: string[]) => doc({ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' });

const policy = (id: string, name: string, kind: PolicyDocument['kind'], document: unknown): PolicyDocument => ({ id, name, kind, document, source: { file: 'main.tf', address: id } });

export interface IdentityOptions {
  account?: string;
  inline?: unknown[];
  managed?: string[];
  boundary?: string;
  tags?: Record<string, string>;
}

export function role(name: string, options: IdentityOptions & { trust?: unknown } = {}): Principal {
  const arn = roleArn(name, options.account);
  return {
    arn,
    type: 'IAMRole',
    name,
    path: '/',
    accountId: options.account ?? ACCOUNT,
    inlinePolicies: (options.inline ?? []).map((document, i) => policy(`${arn}#inline/policy-${i + 1}`, `${name}-policy-${i + 1}`, 'inline', document)),
    managedPolicyArns: options.managed ?? [],
    groupArns: [],
    ...(options.boundary ? { permissionsBoundaryArn: options.boundary } : {}),
    trustPolicy: policy(`${arn}#trust`, `${name} trust policy`, 'trust', options.trust ?? trustService('ec2.amazonaws.com')),
    tags: options.tags ?? {},
  };
}

export function user(name: string, options: IdentityOptions & { groups?: string[] } = {}): Principal {
  const arn = userArn(name, options.account);
  return {
    arn,
    type: 'IAMUser',
    name,
    path: '/',
    accountId: options.account ?? ACCOUNT,
    inlinePolicies: (options.inline ?? []).map((document, i) => policy(`${arn}#inline/policy-${i + 1}`, `${name}-policy-${i + 1}`, 'inline', document)),
    managedPolicyArns: options.managed ?? [],
    groupArns: options.groups ?? [],
    ...(options.boundary ? { permissionsBoundaryArn: options.boundary } : {}),
    tags: options.tags ?? {},
  };
}

export function group(name: string, options: { inline?: unknown[]; managed?: string[] } = {}): Group {
  const arn = `arn:aws:iam::${ACCOUNT}:group/${name}`;
  return {
    arn,
    name,
    path: '/',
    accountId: ACCOUNT,
    inlinePolicies: (options.inline ?? []).map((document, i) => policy(`${arn}#inline/policy-${i + 1}`, `${name}-policy-${i + 1}`, 'inline', document)),
    managedPolicyArns: options.managed ?? [],
  };
}

export function managed(name: string, document: unknown, account = ACCOUNT): ManagedPolicy {
  const arn = policyArn(name, account);
  return { arn, name, awsManaged: false, policy: policy(arn, name, 'managed', document) };
}

export function resource(arn: string, type: string, options: { policy?: unknown; tags?: Record<string, string>; account?: string; publicAccessBlock?: PublicAccessBlock } = {}): Resource {
  const name = arn.slice(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);
  return {
    arn,
    type,
    name,
    accountId: options.account ?? ACCOUNT,
    tags: options.tags ?? {},
    ...(options.policy === undefined ? {} : { policy: policy(`${arn}#policy`, `${name} policy`, 'resource', options.policy) }),
    ...(options.publicAccessBlock ? { publicAccessBlock: options.publicAccessBlock } : {}),
  };
}

export const bucket = (name: string, options: Parameters<typeof resource>[2] = {}) => resource(bucketArn(name), 'AWS::S3::Bucket', options);
export const kmsKey = (id: string, options: Parameters<typeof resource>[2] = {}) => resource(`arn:aws:kms:eu-west-1:${options.account ?? ACCOUNT}:key/${id}`, 'AWS::KMS::Key', options);

export function scpLevel(target: string, ...documents: unknown[]): OrgPolicyLevel {
  return { target, policies: documents.map((document, i) => policy(`${target}#scp-${i + 1}`, `${target} SCP ${i + 1}`, 'scp', document)) };
}

export const FULL_AWS_ACCESS = doc(allow('*'));

export function inventory(parts: Partial<Inventory>): Inventory {
  return { ...emptyInventory(ACCOUNT), ...parts };
}
