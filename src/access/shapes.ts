/**
 * Resource shapes: many resources carry policies that differ only in their own ARN and in the
 * principals they list (k9-style policies per bucket, key policies naming their users). To a
 * principal such a policy does not name, two resources of the same shape (type, account,
 * the tags policies read, the statements of the account's RCPs that can apply, and the policy
 * with its own ARN and its principal lists set aside) decide alike, given the same statements
 * of its policies touching the same request ARNs (see the class signature, side.ts). A class
 * is then decided once per shape, and the decision is carried over with the statement
 * references of each resource's own policy.
 */
import { namesPrincipal } from './outline.js';
import type { GrantCondition, StatementRef } from '../model/access.js';
import type { Held } from './decide.js';
import type { CompiledPolicy } from '../iam/policy.js';

const SELF = '{self}';
const NAMED = '{named principals}';

/**
 * The shape of a resource policy: its own ARN and its principal lists set aside, and without
 * the statements that can only apply to principals it names or to services (they decide
 * nothing for the others). Each statement kept carries its label (Sid or position).
 */
export function policyShape(document: unknown, self: string): string {
  const raw = typeof document === 'object' && document !== null ? (document as Record<string, unknown>)['Statement'] : undefined;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const kept = statements.flatMap((statement, i) => {
    if (typeof statement !== 'object' || statement === null) return [[`#${i + 1}`, statement]];
    const fields = statement as Record<string, unknown>;
    if (onlyNamedOrServices(fields['Principal'])) return [];
    return [[typeof fields['Sid'] === 'string' && fields['Sid'] !== '' ? fields['Sid'] : `#${i + 1}`, abstract(statement, self, '')]];
  });
  return JSON.stringify(kept);
}

/** A Principal element naming no account, no `*`: only listed principals, services, providers. */
function onlyNamedOrServices(principal: unknown): boolean {
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as Record<string, unknown>)['AWS'];
  const entries = typeof aws === 'string' ? [aws] : Array.isArray(aws) ? aws : [];
  return entries.every((entry) => typeof entry === 'string' && namesPrincipal(entry));
}


function abstract(value: unknown, self: string, key: string): unknown {
  if (typeof value === 'string') return value === self || value.startsWith(`${self}/`) || value.startsWith(`${self}:`) ? SELF + value.slice(self.length) : value;
  if (Array.isArray(value)) {
    if (key === 'aws:principalarn') return NAMED;
    if (key === 'AWS') return principals(value);
    return value.map((item) => abstract(item, self, ''));
  }
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const lower = name.toLowerCase();
    if (lower === 'aws:principalarn') out[name] = NAMED;
    else if (name === 'AWS' && typeof item === 'string') out[name] = principals([item]);
    else out[name] = abstract(item, self, name);
  }
  return out;
}

/** Account and `*` entries stay: they admit whole accounts. Named principals are set aside. */
function principals(values: readonly unknown[]): unknown[] {
  const kept = values.filter((v) => !(typeof v === 'string' && namesPrincipal(v)));
  return kept.length < values.length ? [...kept, NAMED] : kept;
}

/** What carrying a decision over needs of a target: its policy, as written and compiled. */
interface WithPolicy {
  policyDocument?: { id: string } | undefined;
  policy: CompiledPolicy | undefined;
}

/** A decision taken on `from`, with the references to its policy turned into `to`'s. */
export function carryOver(held: readonly Held[], from: WithPolicy, to: WithPolicy): Held[] {
  const fromId = from.policyDocument?.id;
  const toPolicy = to.policy;
  if (fromId === undefined || !toPolicy) return [...held];
  const refs = new Map(toPolicy.statements.map((statement) => [statement.ref.statement, statement.ref]));
  const ref = (r: StatementRef): StatementRef => (r.policy === fromId ? (refs.get(r.statement) ?? { ...r, policy: toPolicy.id }) : r);
  const condition = (c: GrantCondition): GrantCondition => (c.policy === fromId ? { ...c, policy: toPolicy.id } : c);
  return held.map((h) => ({ ...h, via: h.via.map(ref), conditions: h.conditions.map(condition) }));
}
