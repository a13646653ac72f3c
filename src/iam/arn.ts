/**
 * ARNs: splitting into the six colon-delimited components AWS matches separately, and
 * reading what kind of principal an ARN names.
 */

/** `arn:partition:service:region:account:resource`; the resource keeps any further colons. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN, or returns null when the text is not one (too few components). */
export function splitArn(text: string): ArnParts | null {
  if (!text.startsWith('arn:')) return null;
  const parts: string[] = [];
  let start = 4;
  for (let i = 0; i < 4; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return null;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  const [partition, service, region, account] = parts as [string, string, string, string];
  return { partition, service, region, account, resource: text.slice(start) };
}

/** Number of colon-delimited components (an ARN has at least six). */
export function componentCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) count++;
  return count;
}

export type PrincipalKind =
  | 'user' // arn:aws:iam::111111111111:user/path/name
  | 'role' // arn:aws:iam::111111111111:role/path/name (the role itself)
  | 'session' // arn:aws:sts::111111111111:assumed-role/name/session
  | 'federated-user' // arn:aws:sts::111111111111:federated-user/name
  | 'root' // arn:aws:iam::111111111111:root
  | 'identity-provider' // arn:aws:iam::111111111111:oidc-provider/... or saml-provider/...
  | 'service' // lambda.amazonaws.com
  | 'web-identity' // accounts.google.com, cognito-identity.amazonaws.com, ...
  | 'anonymous';

/** What the evaluator needs to know about the principal of a request. */
export interface RequestPrincipal {
  kind: PrincipalKind;
  /** As given. */
  value: string;
  /** The account it belongs to; empty for services, web identities and anonymous. */
  account: string;
  partition: string;
  /** User or role name (last path segment), role name of a session, federated user name. */
  name: string;
  /** Sessions only: the session name. */
  sessionName: string;
}

const SERVICE_SUFFIX = /\.amazonaws\.com(\.cn)?$/;
/** Service principals and web identity providers are domain names. */
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** Reads a request principal; an unreadable one is reported as null. */
export function parsePrincipal(value: string): RequestPrincipal | null {
  if (value === 'anonymous' || value === '*') return { ...noAccount('anonymous', value) };
  const arn = splitArn(value);
  if (!arn) {
    if (!DOMAIN.test(value)) return null;
    return noAccount(SERVICE_SUFFIX.test(value) && !value.startsWith('cognito-identity.') ? 'service' : 'web-identity', value);
  }
  const base = { value, account: arn.account, partition: arn.partition, sessionName: '' };
  const slash = arn.resource.indexOf('/');
  const type = slash < 0 ? arn.resource : arn.resource.slice(0, slash);
  const rest = slash < 0 ? '' : arn.resource.slice(slash + 1);
  const lastSegment = rest.slice(rest.lastIndexOf('/') + 1);
  if (arn.service === 'iam') {
    if (arn.resource === 'root') return { ...base, kind: 'root', name: '' };
    if (type === 'user' && lastSegment) return { ...base, kind: 'user', name: lastSegment };
    if (type === 'role' && lastSegment) return { ...base, kind: 'role', name: lastSegment };
    if ((type === 'oidc-provider' || type === 'saml-provider') && rest) return { ...base, kind: 'identity-provider', name: rest };
    return null;
  }
  if (arn.service === 'sts') {
    if (type === 'assumed-role') {
      const split = rest.indexOf('/');
      if (split <= 0 || split === rest.length - 1) return null;
      return { ...base, kind: 'session', name: rest.slice(0, split), sessionName: rest.slice(split + 1) };
    }
    if (type === 'federated-user' && rest) return { ...base, kind: 'federated-user', name: rest };
  }
  return null;
}

function noAccount(kind: PrincipalKind, value: string): RequestPrincipal {
  return { kind, value, account: '', partition: '', name: '', sessionName: '' };
}

/** `arn:aws:iam::ACCOUNT:role/NAME` of a session's role (the path is not in a session ARN). */
export function sessionRoleArn(principal: RequestPrincipal): string {
  return `arn:${principal.partition}:iam::${principal.account}:role/${principal.name}`;
}

/**
 * A user or role by account and lower-cased name: IAM names are unique in an account, whatever
 * their path or letter case. A session stands for its role: its ARN holds no path, so the
 * evaluator matches a session to its role by name. Undefined for other principals.
 */
export function identityKey(arn: string): string | undefined {
  const principal = parsePrincipal(arn);
  if (principal?.kind === 'user') return `${principal.account}\u0000user\u0000${principal.name.toLowerCase()}`;
  return principal?.kind === 'role' || principal?.kind === 'session' ? `${principal.account}\u0000role\u0000${principal.name.toLowerCase()}` : undefined;
}

export const ACCOUNT_ID = /^\d{12}$/;
