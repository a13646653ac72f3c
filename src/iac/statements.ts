/**
 * Resource policies that IaC assembles from parts: Lambda permissions and KMS grants become
 * statements of the function's or key's policy; a key created without a policy gets AWS's
 * default one.
 */
import type { PolicyDocument, Resource, SourceLocation } from '../model/inventory.js';
import { accountRootArn, isAccountId } from './arn.js';
import { isObject } from './json.js';
import { policyDocument } from './policy.js';

export type Statement = Record<string, unknown> & { Sid: string };

/** Adds a statement to a resource's policy (creating the policy when it has none), with its source. */
export function appendStatement(resource: Resource, statement: Statement, source: SourceLocation): void {
  const current = resource.policy;
  const document = isObject(current?.document) ? current.document : { Version: '2012-10-17' };
  const statements = Array.isArray(document['Statement']) ? document['Statement'] : isObject(document['Statement']) ? [document['Statement']] : [];
  const base = current ?? policyDocument(`${resource.arn}#policy`, `${resource.name} resource policy`, 'resource', undefined, resource.source ?? source);
  resource.policy = {
    ...base,
    document: { ...document, Statement: [...statements, statement] },
    statementSources: { ...base.statementSources, [statement.Sid]: source },
  };
}

/** The key policy AWS gives a key created without one: the account's IAM policies decide. */
export function defaultKeyPolicy(resource: Resource, partition: string): PolicyDocument {
  const document = {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(partition, resource.accountId) },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
  return policyDocument(`${resource.arn}#policy`, `${resource.name} default key policy`, 'resource', document, resource.source);
}

export interface LambdaPermission {
  sid: string;
  action: string;
  /** A service (`s3.amazonaws.com`), an account ID, an ARN or `*`. */
  principal: string;
  /** The function ARN, with the qualifier if the permission has one. */
  resource: string;
  sourceArn?: string;
  sourceAccount?: string;
  principalOrgId?: string;
  functionUrlAuthType?: string;
}

/** The statement Lambda adds to a function's policy for one permission. */
export function lambdaPermissionStatement(permission: LambdaPermission, partition: string): Statement {
  const conditions: Record<string, Record<string, string>> = {};
  const add = (operator: string, key: string, value: string | undefined) => {
    if (value) conditions[operator] = { ...conditions[operator], [key]: value };
  };
  add('ArnLike', 'AWS:SourceArn', permission.sourceArn);
  add('StringEquals', 'AWS:SourceAccount', permission.sourceAccount);
  add('StringEquals', 'aws:PrincipalOrgID', permission.principalOrgId);
  add('StringEquals', 'lambda:FunctionUrlAuthType', permission.functionUrlAuthType);
  return {
    Sid: permission.sid,
    Effect: 'Allow',
    Principal: lambdaPrincipal(permission.principal, partition),
    Action: permission.action,
    Resource: permission.resource,
    ...(Object.keys(conditions).length > 0 ? { Condition: conditions } : {}),
  };
}

function lambdaPrincipal(principal: string, partition: string): string | Record<string, string> {
  if (principal === '*') return '*';
  if (isAccountId(principal)) return { AWS: accountRootArn(partition, principal) };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

/**
 * A function given as a name, an ARN or a partial ARN (`123456789012:function:name`), possibly
 * qualified: the function's ARN and the qualifier.
 */
export function lambdaFunction(value: string, env: { partition: string; region: string; account: string }): { arn: string; qualifier?: string } {
  const full = value.startsWith('arn:')
    ? value
    : value.includes(':function:')
      ? `arn:${env.partition}:lambda:${env.region}:${value}`
      : `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${value}`;
  const parts = full.split(':');
  const qualifier = parts[7];
  return { arn: parts.slice(0, 7).join(':'), ...(qualifier ? { qualifier } : {}) };
}
