/**
 * What S3 Block Public Access calls a public policy: an Allow to everyone (`*`) that no
 * condition ties to fixed values (accounts, organizations, principal or source ARNs, VPCs,
 * VPC endpoints, access points, IP ranges narrower than the whole internet).
 */
import type { CompiledPolicy, CompiledStatement } from '../iam/policy.js';

/**
 * Condition keys (lower case) whose fixed values tie a grant to known principals, sources,
 * networks or access points: S3's test of a public policy, and the `public-access` rule's
 * test of a restricting condition.
 */
const FIXING_KEYS: ReadonlySet<string> = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalservicename',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:userid',
  'kms:calleraccount',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

export function isFixingKey(lowerKey: string): boolean {
  return FIXING_KEYS.has(lowerKey);
}

const WHOLE_INTERNET = new Set(['0.0.0.0/0', '::/0']);

export function isPublicPolicy(policy: CompiledPolicy): boolean {
  return policy.statements.some(isPublicStatement);
}

function isPublicStatement(statement: CompiledStatement): boolean {
  if (statement.effect !== 'Allow' || statement.principals === null) return false;
  if (!statement.principals.wildcard && !statement.notPrincipal) return false;
  return !statement.conditions.some((condition) => fixesValues(condition.lowerKey, condition.operator.base.negated || condition.operator.base.kind === 'null', condition.leaf.values));
}

/**
 * Whether a condition ties a statement to fixed values. Also read from policy outlines, before
 * compiling, where `negatedOrNull` is read from the operator's name.
 */
export function fixesValues(lowerKey: string, negatedOrNull: boolean, values: readonly string[]): boolean {
  if (negatedOrNull) return false;
  if (lowerKey === 'aws:sourceip') return !values.some((range) => WHOLE_INTERNET.has(range));
  return FIXING_KEYS.has(lowerKey);
}
