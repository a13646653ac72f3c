/**
 * Hand-built States and Grants for the rule tests: a change is described by its before and
 * after inventories and grants; the delta comes from src/access's diffAccess.
 */
import { diffAccess } from '../../src/access/delta.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import { withKnownAwsManagedPolicies } from '../../src/iac/aws-managed.js';
import type { Capability, Grant, GrantCondition, PrincipalType } from '../../src/model/access.js';
import { emptyInventory, type Inventory, type PolicyDocument, type Principal, type Resource } from '../../src/model/inventory.js';
import type { Finding } from '../../src/model/review.js';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../../src/rules/config.js';
import { evaluateRules } from '../../src/rules/index.js';

export const ACCOUNT = '111111111111';
export const TODAY = '2026-06-15';

export const roleArn = (name: string, account = ACCOUNT): string => `arn:aws:iam::${account}:role/${name}`;
export const userArn = (name: string, account = ACCOUNT): string => `arn:aws:iam::${account}:user/${name}`;
export const bucketArn = (name: string): string => `arn:aws:s3:::${name}`;

let line = 1;
/** A policy document with a source line of its own. */
export function policy(id: string, kind: PolicyDocument['kind'], statements: unknown[], file = 'main.tf'): PolicyDocument {
  line += 10;
  return { id, name: id.split(/[#/]/).pop()!, kind, document: { Version: '2012-10-17', Statement: statements }, source: { file, line } };
}

export const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

export function trust(principal: object, action = 'sts:AssumeRole'): PolicyDocument {
  return policy(`trust-${line}`, 'trust', [{ Effect: 'Allow', Principal: principal, Action: action }]);
}

type IdentityParts = Partial<Principal> & { statements?: object[] };

function identity(type: Principal['type'], arn: string, name: string, parts: IdentityParts): Principal {
  const { statements, ...rest } = parts;
  return {
    arn,
    type,
    name,
    path: '/',
    accountId: ACCOUNT,
    inlinePolicies: statements ? [policy(`${arn}#inline/${name}-policy`, 'inline', statements)] : [],
    managedPolicyArns: [],
    groupArns: [],
    tags: {},
    source: { file: 'main.tf', line: 1, address: `aws_iam_${type === 'IAMRole' ? 'role' : 'user'}.${name}` },
    ...rest,
  };
}

/** A role (trusted by ECS tasks unless `trustPolicy` says otherwise). */
export function role(name: string, parts: IdentityParts = {}): Principal {
  return identity('IAMRole', roleArn(name, parts.accountId), name, { trustPolicy: trust({ Service: 'ecs-tasks.amazonaws.com' }), ...parts });
}

export function user(name: string, parts: IdentityParts = {}): Principal {
  return identity('IAMUser', userArn(name, parts.accountId), name, parts);
}

export function bucket(name: string, tags: Record<string, string> = {}, extra: Partial<Resource> = {}): Resource {
  return { arn: bucketArn(name), type: 'AWS::S3::Bucket', name, accountId: ACCOUNT, tags, ...extra };
}

/** An inventory as review() hands it to the rules: with the built-in AWS managed policies it attaches. */
export function inventory(parts: Partial<Inventory> = {}): Inventory {
  return withKnownAwsManagedPolicies({ ...emptyInventory(ACCOUNT), ...parts });
}

export interface GrantParts {
  principalType?: PrincipalType;
  conditions?: GrantCondition[];
  sid?: string;
  line?: number;
  unknown?: boolean;
}

export function grant(principal: string, resource: string, capability: Capability, parts: GrantParts = {}): Grant {
  const conditions = parts.conditions ?? [];
  return {
    principal,
    principalType: parts.principalType ?? (principal.includes(':user/') ? 'IAMUser' : 'IAMRole'),
    resource,
    resourceType: resource.startsWith('arn:aws:s3:::') ? 'AWS::S3::Bucket' : resource.includes(':role/') ? 'AWS::IAM::Role' : 'AWS::KMS::Key',
    capability,
    actions: ['s3:GetObject'],
    conditional: conditions.length > 0,
    conditions,
    via: [{ policy: `${resource}#policy`, policyName: 'bucket policy', statement: parts.sid ?? 'Allow', source: { file: 'main.tf', line: parts.line ?? 40 } }],
    ...(parts.unknown ? { unknown: true } : {}),
  };
}

let catalog: Catalog | undefined;
export async function catalogForTests(): Promise<Catalog> {
  catalog ??= await loadCatalog();
  return catalog;
}

export interface Change {
  before?: Partial<Inventory>;
  after?: Partial<Inventory>;
  beforeGrants?: Grant[];
  afterGrants?: Grant[];
  /** The configuration file's content (defaults for what it leaves out). */
  config?: Record<string, unknown>;
  today?: string;
}

export function configOf(raw: Record<string, unknown>): Config {
  return parseConfig(raw, 'test.yml');
}

/** Runs every enabled rule on the change (all rules enabled as configured, defaults otherwise). */
export async function review(change: Change): Promise<Finding[]> {
  const beforeGrants = change.beforeGrants ?? [];
  const afterGrants = change.afterGrants ?? [];
  const config = change.config === undefined ? DEFAULT_CONFIG : configOf(change.config);
  const state = { before: inventory(change.before), after: inventory(change.after) };
  return evaluateRules({
    config,
    state,
    before: beforeGrants,
    after: afterGrants,
    delta: diffAccess(beforeGrants, afterGrants),
    unknowns: { before: state.before.unknowns, after: state.after.unknowns },
    today: change.today ?? TODAY,
    catalog: await catalogForTests(),
  });
}

/** The findings of one rule. */
export async function findingsOf(rule: string, change: Change): Promise<Finding[]> {
  return (await review(change)).filter((f) => f.rule === rule);
}
