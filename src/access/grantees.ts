/**
 * Who a resource-based or trust policy can give access to: the principals it names (in
 * `Principal`, or in `aws:PrincipalArn` conditions such as a k9 policy's lists), the accounts
 * and organizations it trusts, services, identity providers, or everyone.
 *
 * The statements decide nothing here: every grantee found is evaluated afterwards, so a
 * grantee named only in a Deny (a `DenyEveryoneElse` exception list) is looked at too.
 */
import { ACCOUNT_ID } from '../iam/arn.js';
import type { CompiledCondition } from '../iam/conditions.js';
import { PRINCIPAL_ACCOUNT_KEYS } from '../iam/context.js';
import type { CompiledPolicy, CompiledStatement } from '../iam/policy.js';

export type Grantee =
  /** A concrete principal ARN: user, role, role session, federated user. */
  | { kind: 'arn'; arn: string }
  /** `aws:PrincipalArn` pattern (`arn:aws:iam::111111111111:role/ci-*`). */
  | { kind: 'arn-pattern'; pattern: string }
  /**
   * An account: an account principal (which delegates to the account's own policies), or
   * `Principal: *` restricted by `aws:PrincipalAccount` or `kms:CallerAccount` (which grants
   * its principals directly: the target's `wholeAccounts`, read from its outline).
   */
  | { kind: 'account'; account: string }
  | { kind: 'organization'; orgId: string }
  | { kind: 'public' }
  | { kind: 'service'; service: string }
  /** An identity provider (SAML/OIDC provider ARN, or `accounts.google.com` and the like). */
  | { kind: 'federated'; provider: string }
  /**
   * An `AWS` entry that is a value known only at deploy or apply time and does not read as a
   * principal ARN (`${Ref ReaderRoleArn}`): whoever it turns out to be, as written.
   */
  | { kind: 'unknown'; value: string };

const PRINCIPAL_ARN = 'aws:principalarn';
const PRINCIPAL_ORG_ID = 'aws:principalorgid';
const PRINCIPAL_ORG_PATHS = 'aws:principalorgpaths';

function granteeKey(grantee: Grantee): string {
  switch (grantee.kind) {
    case 'arn':
      return grantee.arn;
    case 'arn-pattern':
      return `pattern:${grantee.pattern}`;
    case 'account':
      return `account:${grantee.account}`;
    case 'organization':
      return `org:${grantee.orgId}`;
    case 'public':
      return '*';
    case 'service':
      return `service:${grantee.service}`;
    case 'federated':
      return `federated:${grantee.provider}`;
    case 'unknown':
      return `unknown:${grantee.value}`;
  }
}

/** The grantees of a policy, each once, in the order the policy names them. */
export function granteesOf(policy: CompiledPolicy): Grantee[] {
  const found = new Map<string, Grantee>();
  const add = (grantee: Grantee): void => {
    const key = granteeKey(grantee);
    if (!found.has(key)) found.set(key, grantee);
  };
  for (const statement of policy.statements) {
    for (const arn of namedArns(statement)) add(arn.includes('*') || arn.includes('?') ? { kind: 'arn-pattern', pattern: arn } : { kind: 'arn', arn });
    if (statement.effect === 'Allow') allowedGrantees(statement).forEach(add);
    else if (statement.notPrincipal) sparedGrantees(statement).forEach(add);
  }
  return [...found.values()];
}

/**
 * Principal ARNs (and ARN patterns) a statement names, whatever its effect: in
 * `Principal`/`NotPrincipal` and in conditions on `aws:PrincipalArn`. A principal whose ARN
 * one of these matches can be decided differently from others with the same policies.
 */
function namedArns(statement: CompiledStatement): string[] {
  const arns: string[] = [];
  for (const { value, parsed } of statement.principals?.arns ?? []) if (parsed) arns.push(value);
  for (const condition of statement.conditions) {
    if (condition.lowerKey === PRINCIPAL_ARN) arns.push(...condition.leaf.values.filter((value) => value.startsWith('arn:')));
  }
  return arns;
}

/** The grantees an Allow statement's principal element and principal conditions admit. */
function allowedGrantees(statement: CompiledStatement): Grantee[] {
  const principals = statement.principals;
  if (principals === null) return [];
  const grantees: Grantee[] = [];
  for (const service of principals.services) grantees.push({ kind: 'service', service });
  for (const provider of principals.federated) grantees.push({ kind: 'federated', provider });
  // Entries reading as an ARN or an account (`arn:aws:iam::${account_id}:root`) are named as such.
  for (const entry of principals.unknowns) {
    if (entry.type === 'AWS' && !entry.account && !principals.arns.some((arn) => arn.value === entry.value)) grantees.push({ kind: 'unknown', value: entry.value });
  }
  // A NotPrincipal Allow (accepted only leniently) admits everyone not listed.
  const everyone = principals.wildcard || statement.notPrincipal;
  if (!everyone && principals.accounts.length === 0) return grantees;
  // Conditions on the principal's identity narrow `*` and account principals down.
  if (positiveValues(statement.conditions, PRINCIPAL_ARN).length > 0) return grantees;
  const accounts = everyone ? PRINCIPAL_ACCOUNT_KEYS.flatMap((key) => positiveValues(statement.conditions, key)).filter((a) => ACCOUNT_ID.test(a)) : [...principals.accounts];
  if (accounts.length > 0) return [...grantees, ...accounts.map((account): Grantee => ({ kind: 'account', account }))];
  const orgIds = [
    ...positiveValues(statement.conditions, PRINCIPAL_ORG_ID),
    ...positiveValues(statement.conditions, PRINCIPAL_ORG_PATHS).map((path) => path.split('/')[0] ?? ''),
  ].filter((id) => id.startsWith('o-') && !id.includes('*') && !id.includes('?'));
  if (orgIds.length > 0) return [...grantees, ...[...new Set(orgIds)].map((orgId): Grantee => ({ kind: 'organization', orgId }))];
  return [...grantees, { kind: 'public' }];
}

/**
 * The accounts, services and identity providers a Deny's `NotPrincipal` spares: where another
 * statement lets everyone in, they keep what everyone else is denied.
 */
function sparedGrantees(statement: CompiledStatement): Grantee[] {
  const principals = statement.principals;
  if (principals === null) return [];
  return [
    ...principals.accounts.map((account): Grantee => ({ kind: 'account', account })),
    ...principals.services.map((service): Grantee => ({ kind: 'service', service })),
    ...principals.federated.map((provider): Grantee => ({ kind: 'federated', provider })),
  ];
}

/** Values of non-negated conditions on a key (those that say who may, not who may not). */
function positiveValues(conditions: readonly CompiledCondition[], lowerKey: string): string[] {
  return conditions
    .filter((c) => c.lowerKey === lowerKey && !c.operator.base.negated && c.operator.base.kind !== 'null')
    .flatMap((c) => c.leaf.values);
}

/**
 * The accounts whose principals the grantees admit beyond those named one by one (an account
 * principal, an ARN pattern of the account), or `any` (everyone, an organization). A
 * principal of another account can only get what such a policy admits.
 */
export function trustedAccounts(grantees: readonly Grantee[]): ReadonlySet<string> | 'any' {
  const accounts = new Set<string>();
  for (const grantee of grantees) {
    if (grantee.kind === 'public' || grantee.kind === 'organization') return 'any';
    if (grantee.kind === 'account') accounts.add(grantee.account);
    if (grantee.kind === 'arn-pattern') {
      const account = grantee.pattern.split(':')[4] ?? '*';
      if (!ACCOUNT_ID.test(account)) return 'any';
      accounts.add(account);
    }
  }
  return accounts;
}
