/**
 * Effective access: grants, and the delta between two states (DESIGN.md §1).
 */
import type { SourceLocation } from './inventory.js';

/** k9 Security's six capabilities. */
export const CAPABILITIES = [
  'administer-resource',
  'read-config',
  'use-resource',
  'read-data',
  'write-data',
  'delete-data',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const DATA_CAPABILITIES: readonly Capability[] = ['read-data', 'write-data', 'delete-data'];

/**
 * Who holds a grant. Concrete principals are IAM users and roles, role sessions, federated
 * users and service principals; aggregates stand for members the inputs cannot enumerate.
 */
export type PrincipalType =
  | 'IAMUser'
  | 'IAMRole'
  | 'RoleSession'
  | 'FederatedUser'
  | 'WebIdentity' // an OIDC/SAML identity (e.g. GitHub Actions) before it assumes a role
  | 'Service' // cloudtrail.amazonaws.com
  | 'Account' // arn:aws:iam::ACCOUNT:root: any principal of that account its IAM policies allow
  | 'Organization' // org:o-xxxx: any principal in that organization
  | 'Public' // *: anyone
  | 'Unknown'; // a principal whose identity is only known after apply

/** A condition a grant depends on. */
export interface GrantCondition {
  /** Condition operator as written, e.g. `StringEquals`, `ArnNotEquals`, `Bool`. */
  operator: string;
  /** Condition key, e.g. `aws:SourceVpce`. */
  key: string;
  values: string[];
  /**
   * True when the condition comes from a Deny statement: access holds only while it does
   * *not* match (e.g. the TLS-only deny: `Bool aws:SecureTransport false`).
   */
  negated: boolean;
  /** The policy and statement the condition is written in. */
  policy: string;
  statement: string;
}

/** Equal keys, equal conditions (to list each once). */
export function conditionKey(c: GrantCondition): string {
  return `${c.policy}\u0000${c.statement}\u0000${c.operator}\u0000${c.key}\u0000${c.negated}\u0000${c.values.join('\u0001')}`;
}

/** The policy statement that allows (or, in `via` of denials, denies) an action. */
export interface StatementRef {
  /** Policy id (see PolicyDocument.id). */
  policy: string;
  /** Human policy name. */
  policyName?: string;
  /** The statement's Sid, or `#<1-based index>` when it has none. */
  statement: string;
  source?: SourceLocation;
}

/** Equal keys, the same statement (to cite each once). */
export function statementKey(ref: StatementRef): string {
  return `${ref.policy}\u0000${ref.statement}`;
}

export interface Grant {
  principal: string;
  principalType: PrincipalType;
  resource: string;
  resourceType: string;
  capability: Capability;
  /** The allowed actions of this capability, sorted, in canonical case (`s3:GetObject`). */
  actions: string[];
  /** True when the grant holds only under conditions (see `conditions`). */
  conditional: boolean;
  conditions: GrantCondition[];
  /** The statements that allow it. */
  via: StatementRef[];
  /**
   * Role-assumption path when the access is reached through `sts:AssumeRole*`: principal
   * ARNs from the origin to the role whose policies grant it (`[ci, deployer]`). Absent for
   * direct access.
   */
  path?: string[];
  /** True when the capability came from the access-level fallback, not the curated table. */
  fallback?: boolean;
  /** True when the grant depends on a value only known after apply. */
  unknown?: boolean;
}

export interface ChangedGrant {
  before: Grant;
  after: Grant;
  /** What changed, for people: `conditional → unconditional`, `new path via deployer`, ... */
  changes: string[];
}

export interface Delta {
  added: Grant[];
  removed: Grant[];
  changed: ChangedGrant[];
}

/** The identity of a grant: which principal holds which capability on which resource. */
export function grantKey(grant: Pick<Grant, 'principal' | 'resource' | 'capability'>): string {
  return `${grant.principal}\u0000${grant.resource}\u0000${grant.capability}`;
}
