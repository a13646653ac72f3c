/**
 * The Principal / NotPrincipal element of resource-based, trust and endpoint policies, and
 * how the principal of a request matches it (reference_policies_elements_principal).
 *
 * How a principal matches decides which other policies can still limit the grant in the
 * same account (reference_policies_evaluation-logic, "Resource-based policies and implicit
 * denies in other policy types"):
 * - `direct`: the entry names this very principal (user, role session, federated user,
 *   account root for the root user) or is `*`: not limited by identity policies or a boundary;
 * - `role`: the entry names the role of a session (or the role itself), `user`: the IAM
 *   user a federated-user session came from: limited by a boundary and a session policy;
 * - `account`: the entry names the principal's account: the account delegates to its IAM
 *   policies, which must allow.
 */
import { quoted } from '../model/errors.js';
import { ACCOUNT_ID, parsePrincipal, sessionRoleArn, type RequestPrincipal } from './arn.js';
import type { Complain } from './conditions.js';
import { mayStartWith } from './unknown-value.js';
import { fixedChunks, parseTemplate } from './variables.js';
import { Glob, type PatternChunk } from './wildcard.js';

export type PrincipalMatch = 'none' | 'account' | 'role' | 'user' | 'direct';

interface NamedPrincipal {
  value: string;
  parsed: RequestPrincipal | null;
}

/** An entry holding a value known only at deploy or apply time (see unknown-value.ts). */
export interface UnknownPrincipal {
  type: PrincipalType;
  /** As written. */
  value: string;
  /** The entry with its unknown values read as `*` (lower-cased for services). */
  wild: Glob;
  /** The entry names an account (`arn:aws:iam::${...}:root`): it grants as an account does. */
  account: boolean;
}

export interface CompiledPrincipals {
  /** `"*"` or `{"AWS": "*"}`: everyone, anonymous included. */
  readonly wildcard: boolean;
  readonly accounts: readonly string[];
  /** AWS entries, those holding unknown values included when they read as a principal ARN. */
  readonly arns: readonly NamedPrincipal[];
  readonly services: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUsers: readonly string[];
  /** Entries holding unknown values: they may name principals that they do not literally name. */
  readonly unknowns: readonly UnknownPrincipal[];
}

const UNIQUE_ID = /^A[A-Z0-9]{15,}$/;
const TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
type PrincipalType = (typeof TYPES)[number];

/**
 * Compiles the element. `lenient` accepts what some readers of AWS policies produce but IAM
 * rejects (a bare ARN string instead of `{"AWS": ...}`, wildcards inside ARNs): such entries
 * are read as written.
 */
export function compilePrincipals(raw: unknown, element: string, lenient: boolean, complain: Complain): CompiledPrincipals {
  const compiled = { wildcard: false, accounts: [] as string[], arns: [] as NamedPrincipal[], services: [] as string[], federated: [] as string[], canonicalUsers: [] as string[], unknowns: [] as UnknownPrincipal[] };
  if (raw === '*') return { ...compiled, wildcard: true };
  if (typeof raw === 'string' && lenient) raw = { AWS: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return complain(element, 'must be "*" or an object with AWS, Service, Federated or CanonicalUser');
  }
  for (const [type, values] of Object.entries(raw)) {
    if (!(TYPES as readonly string[]).includes(type)) return complain(`${element}.${type}`, `unknown principal type ${quoted(type)}`);
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0 || list.some((value) => typeof value !== 'string' || value.length === 0)) {
      return complain(`${element}.${type}`, 'must be a non-empty string or array of strings');
    }
    for (const value of list as string[]) {
      const template = parseTemplate(value, false);
      if (template) {
        if (type === 'AWS' && !mayStartWith(value, ['arn:', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])) {
          complain(`${element}.AWS`, `${quoted(value)} cannot be an account ID or an ARN, whatever its unknown values turn out to be`);
        }
        addUnknown(compiled, type as PrincipalType, value, fixedChunks(template, 'wild'));
      } else if (type === 'AWS') addAws(compiled, value, lenient, (problem) => complain(`${element}.AWS`, problem));
      else if (type === 'Service') compiled.services.push(value.toLowerCase());
      else if (type === 'Federated') compiled.federated.push(value);
      else compiled.canonicalUsers.push(value);
    }
  }
  return compiled;
}

/**
 * An entry holding unknown values. An AWS entry that reads as a principal ARN as written
 * (`arn:aws:iam::${account_id}:root`, `.../role/${aws_iam_role.app.name}`) also names the
 * principal whose ARN holds the same unknown value; services and providers are never named
 * literally (no request comes from a service called `${Ref Service}`).
 */
function addUnknown(compiled: { accounts: string[]; arns: NamedPrincipal[]; unknowns: UnknownPrincipal[] }, type: PrincipalType, value: string, wild: PatternChunk[]): void {
  const parsed = type === 'AWS' ? parsePrincipal(value) : null;
  if (parsed?.kind === 'root') compiled.accounts.push(parsed.account);
  else if (parsed && LITERAL_KINDS.has(parsed.kind)) compiled.arns.push({ value, parsed });
  compiled.unknowns.push({ type, value, wild: Glob.fromChunks(wild, type === 'Service'), account: parsed?.kind === 'root' });
}

const LITERAL_KINDS = new Set(['user', 'role', 'session', 'federated-user']);

function addAws(
  compiled: { wildcard: boolean; accounts: string[]; arns: NamedPrincipal[] },
  value: string,
  lenient: boolean,
  complain: (problem: string) => never,
): void {
  if (value === '*') {
    compiled.wildcard = true;
    return;
  }
  if (ACCOUNT_ID.test(value)) {
    compiled.accounts.push(value);
    return;
  }
  const wild = value.includes('*') || value.includes('?');
  const parsed = wild ? null : parsePrincipal(value);
  if (parsed?.kind === 'root') {
    compiled.accounts.push(parsed.account);
    return;
  }
  if (parsed && ['user', 'role', 'session', 'federated-user'].includes(parsed.kind)) {
    compiled.arns.push({ value, parsed });
    return;
  }
  if (UNIQUE_ID.test(value) || lenient) {
    // A deleted principal shows as its unique ID; it can never match a request.
    compiled.arns.push({ value, parsed: null });
    return;
  }
  complain(`${quoted(value)} is not an account ID, "*", or the ARN of a user, role, role session or federated user (no wildcards)`);
}

/** How the request principal matches the element (the strongest of its entries). */
export function matchPrincipals(element: CompiledPrincipals, principal: RequestPrincipal): PrincipalMatch {
  if (element.wildcard) return 'direct';
  switch (principal.kind) {
    case 'anonymous':
      return 'none';
    case 'service':
      return element.services.includes(principal.value.toLowerCase()) ? 'direct' : 'none';
    case 'web-identity':
    case 'identity-provider':
      return element.federated.includes(principal.value) ? 'direct' : 'none';
    default:
      return matchAws(element, principal);
  }
}

function matchAws(element: CompiledPrincipals, principal: RequestPrincipal): PrincipalMatch {
  let best: PrincipalMatch = element.accounts.includes(principal.account) ? 'account' : 'none';
  if (best === 'account' && principal.kind === 'root') return 'direct';
  for (const { value, parsed } of element.arns) {
    let match: PrincipalMatch = 'none';
    if (value === principal.value) match = principal.kind === 'role' ? 'role' : 'direct';
    else if (parsed && sameAccount(parsed, principal)) {
      if (parsed.kind === 'role' && principal.kind === 'session' && sameName(parsed.name, principal.name)) match = 'role';
      else if (parsed.kind === 'user' && principal.kind === 'federated-user' && parsed.name === principal.name) match = 'user';
    }
    if (rank(match) > rank(best)) best = match;
    if (best === 'direct') return best;
  }
  return best;
}

/**
 * How entries holding unknown values may name the request principal, when no entry names it
 * as written: the strongest way one may, and the entries that may (all of one principal type,
 * the one the request principal can be named by). Null when none may.
 */
export function unknownPrincipalMatch(element: CompiledPrincipals, principal: RequestPrincipal): { match: PrincipalMatch; type: string; values: string[] } | null {
  let best: PrincipalMatch = 'none';
  let type = '';
  const values: string[] = [];
  for (const entry of element.unknowns) {
    const match = unknownEntryMatch(entry, principal);
    if (match === 'none') continue;
    values.push(entry.value);
    type = entry.type;
    if (rank(match) > rank(best)) best = match;
  }
  return best === 'none' ? null : { match: best, type, values };
}

function unknownEntryMatch(entry: UnknownPrincipal, principal: RequestPrincipal): PrincipalMatch {
  switch (principal.kind) {
    case 'anonymous':
      return entry.type === 'AWS' && entry.wild.matchesAll ? 'direct' : 'none';
    case 'service':
      return entry.type === 'Service' && entry.wild.matches(principal.value.toLowerCase()) ? 'direct' : 'none';
    case 'web-identity':
    case 'identity-provider':
      return entry.type === 'Federated' && entry.wild.matches(principal.value) ? 'direct' : 'none';
    default: {
      if (entry.type !== 'AWS') return 'none';
      const root = `arn:${principal.partition}:iam::${principal.account}:root`;
      const byAccount = entry.wild.matches(root) || entry.wild.matches(principal.account);
      if (entry.account) return byAccount ? (principal.kind === 'root' ? 'direct' : 'account') : 'none';
      if (entry.wild.matches(principal.value)) return principal.kind === 'role' ? 'role' : 'direct';
      if (principal.kind === 'session' && entry.wild.matches(sessionRoleArn(principal))) return 'role';
      return byAccount ? 'account' : 'none';
    }
  }
}

/**
 * Session names the element grants a role's sessions (entries naming a session of the
 * role): when the request is made by the role and the session name is unknown, the grant
 * holds if the session has one of these names.
 */
export function sessionNamesFor(element: CompiledPrincipals, role: RequestPrincipal): string[] {
  if (role.kind !== 'role') return [];
  return element.arns
    .filter(({ parsed }) => parsed?.kind === 'session' && sameAccount(parsed, role) && sameName(parsed.name, role.name))
    .map(({ parsed }) => (parsed as RequestPrincipal).sessionName);
}

function sameAccount(a: RequestPrincipal, b: RequestPrincipal): boolean {
  return a.account === b.account && a.partition === b.partition;
}

/** Role names are case-insensitive in IAM. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

const RANKS: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, user: 3, direct: 4 };

function rank(match: PrincipalMatch): number {
  return RANKS[match];
}
