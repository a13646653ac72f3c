/**
 * Policy outlines: what pruning needs to know of a policy document, read straight from its
 * JSON without compiling it: per statement, the services its actions name, its resource
 * patterns, the principals it names, and whether it reads per-principal values. Compiling
 * (validation, matchers) waits until a pair is actually decided, so policies that can touch
 * nothing in play are never compiled.
 *
 * Outlines over-approximate: whatever is odd (a NotAction, a NotResource, a malformed
 * element) reads as "any service" or "any resource", so pruning never drops a pair the
 * evaluator would allow.
 */
import { isObject } from '../iac/json.js';
import { ACCOUNT_ID, parsePrincipal } from '../iam/arn.js';
import { PRINCIPAL_ACCOUNT_KEYS } from '../iam/context.js';
import { fixesValues } from './public-access.js';
import type { PolicyDocument } from '../model/inventory.js';

export interface StatementOutline {
  /** 1-based position in the policy. */
  index: number;
  effect: 'Allow' | 'Deny';
  /** Lower-cased service prefixes its actions name; null: any service. */
  services: readonly string[] | null;
  /** Its `Resource` values as written; null: any resource. */
  resources: readonly string[] | null;
  /** It has a `NotResource`: which resources it applies to differs from one to another all the same. */
  notResource: boolean;
  /** Principal ARNs (or ARN patterns) it names, in its principal element or `aws:PrincipalArn` conditions. */
  named: readonly string[];
  /** Accounts whose every principal it allows directly: `Principal: *` restricted by `aws:PrincipalAccount` or `kms:CallerAccount`. */
  wholeAccounts: readonly string[];
  /**
   * Accounts a Deny's `NotPrincipal` names: it spares their every principal (the engine's
   * reading, docs/iam-engine.md), so where another statement lets everyone in, they keep what
   * everyone else is denied.
   */
  sparedAccounts: readonly string[];
  /** Its principal element lets everyone in: `*`, or `NotPrincipal` in an Allow. */
  admitsEveryone: boolean;
  /** It may make the policy public for S3 Block Public Access: it lets everyone in, and no condition ties it to fixed values. */
  mayBePublic: boolean;
  /** It reads values every principal has its own of: `${aws:username}`, `aws:userid`. */
  perMember: boolean;
  /** Its principal element names AWS principals (ARNs, accounts, `*`) or identity providers. */
  admitsIamOrFederated: boolean;
  /** A condition or variable reads `aws:PrincipalTag/...` or `aws:ResourceTag/...`. */
  readsTags: { principal: boolean; resource: boolean };
}

export interface PolicyOutline {
  id: string;
  statements: readonly StatementOutline[];
  /** Some statement reads principal tags (`aws:PrincipalTag/...`). */
  readsPrincipalTags: boolean;
  /** Some statement reads resource tags (`aws:ResourceTag/...`). */
  readsResourceTags: boolean;
}

const PER_MEMBER_KEYS = new Set(['aws:userid', 'aws:username']);

export class Outliner {
  private readonly outlines = new WeakMap<PolicyDocument, PolicyOutline>();

  outline(policy: PolicyDocument): PolicyOutline {
    let outline = this.outlines.get(policy);
    if (!outline) {
      outline = outlineOf(policy);
      this.outlines.set(policy, outline);
    }
    return outline;
  }
}

function outlineOf(policy: PolicyDocument): PolicyOutline {
  const document = isObject(policy.document) ? policy.document : {};
  const raw = document['Statement'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements = list.map((statement, i) => statementOutline(isObject(statement) ? statement : {}, i + 1));
  return { id: policy.id, statements, readsPrincipalTags: statements.some((s) => s.readsTags.principal), readsResourceTags: statements.some((s) => s.readsTags.resource) };
}

/** Most statements name no principal and read no tags: they share these. */
const NONE_NAMED: readonly string[] = Object.freeze([]);
const NO_TAGS = Object.freeze({ principal: false, resource: false });

// Runs once per statement of every policy in play (tens of thousands): it allocates only what
// differs from the common case.
function statementOutline(statement: Record<string, unknown>, index: number): StatementOutline {
  let named: string[] | undefined;
  let accounts: string[] | undefined;
  let perMember = false;
  let principalTags = false;
  let resourceTags = false;
  let fixed = false;
  const conditions = statement['Condition'];
  if (isObject(conditions)) {
    for (const operator in conditions) {
      const keys = conditions[operator];
      if (!isObject(keys)) continue;
      // Every negated operator's name holds "Not"; Null is the other kind that fixes nothing.
      const negatedOrNull = /not|^(for(all|any)values:)?null$/i.test(operator);
      for (const key in keys) {
        const lower = key.toLowerCase();
        const texts = strings(keys[key]) ?? [];
        fixed ||= fixesValues(lower, negatedOrNull, texts);
        if (lower === 'aws:principalarn') for (const text of texts) if (text.startsWith('arn:')) (named ??= []).push(text);
        if (PRINCIPAL_ACCOUNT_KEYS.includes(lower)) for (const text of texts) if (/^\d{12}$/.test(text)) (accounts ??= []).push(text);
        if (PER_MEMBER_KEYS.has(lower) || texts.some((text) => text.includes('${'))) perMember = true;
        if (lower.startsWith('aws:principaltag/') || readsTagVariable(texts, 'principal')) principalTags = true;
        if (lower.startsWith('aws:resourcetag/') || readsTagVariable(texts, 'resource')) resourceTags = true;
      }
    }
  }
  const notPrincipal = statement['NotPrincipal'];
  const principal = statement['Principal'] ?? notPrincipal;
  const deny = statement['Effect'] === 'Deny';
  let spared: string[] | undefined;
  if (isObject(principal)) {
    for (const arn of strings(principal['AWS']) ?? []) {
      if (namesPrincipal(arn)) (named ??= []).push(arn);
      else if (deny && principal === notPrincipal) {
        const parsed = parsePrincipal(arn);
        const account = ACCOUNT_ID.test(arn) ? arn : parsed?.kind === 'root' ? parsed.account : undefined;
        if (account) (spared ??= []).push(account);
      }
    }
  }
  const everyone = principal === '*' || (isObject(principal) && (strings(principal['AWS']) ?? []).includes('*'));
  const letsEveryoneIn = !deny && (everyone || (notPrincipal !== undefined && principal === notPrincipal));
  const resources = statement['NotResource'] === undefined ? strings(statement['Resource']) : null;
  if (resources !== null && resources.some((text) => text.includes('${'))) {
    perMember = true;
    principalTags ||= readsTagVariable(resources, 'principal');
    resourceTags ||= readsTagVariable(resources, 'resource');
  }
  return {
    index,
    effect: deny ? 'Deny' : 'Allow',
    services: statement['NotAction'] === undefined ? servicesOf(statement['Action']) : null,
    resources,
    notResource: statement['NotResource'] !== undefined,
    named: named ?? NONE_NAMED,
    wholeAccounts: everyone && !deny && accounts ? accounts : NONE_NAMED,
    sparedAccounts: spared ?? NONE_NAMED,
    admitsEveryone: letsEveryoneIn,
    mayBePublic: letsEveryoneIn && !fixed,
    perMember,
    admitsIamOrFederated: principal === '*' || (isObject(principal) && (principal['AWS'] !== undefined || principal['Federated'] !== undefined)),
    readsTags: principalTags || resourceTags ? { principal: principalTags, resource: resourceTags } : NO_TAGS,
  };
}

/** Some text holds a `${aws:PrincipalTag/...}` (kind `principal`) or `${aws:ResourceTag/...}` variable. */
function readsTagVariable(texts: readonly string[], kind: 'principal' | 'resource'): boolean {
  return texts.some((text) => text.includes('${') && text.toLowerCase().includes(`\${aws:${kind}tag/`));
}

/** An ARN of a user, role, role session or federated user (not an account or `*`). */
export function namesPrincipal(value: string): boolean {
  return value.startsWith('arn:') && /:(iam::[^:]*:(user|role)\/|sts::[^:]*:(assumed-role|federated-user)\/)/.test(value);
}

/** The services an `Action` element names (null: any, or not a string list). */
function servicesOf(action: unknown): string[] | null {
  if (typeof action === 'string') {
    const service = serviceOf(action);
    return service === null ? null : [service];
  }
  const actions = strings(action);
  if (actions === null) return null;
  const services: string[] = [];
  for (const text of actions) {
    const service = serviceOf(text);
    if (service === null) return null;
    if (!services.includes(service)) services.push(service);
  }
  return services;
}

/** The lower-cased service prefix of an action (null when the prefix holds a wildcard). */
function serviceOf(action: string): string | null {
  const colon = action.indexOf(':');
  const service = colon < 0 ? action : action.slice(0, colon);
  return service.includes('*') || service.includes('?') ? null : service.toLowerCase();
}

/** A string or an array of strings; null otherwise (read as "anything"). */
function strings(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return null;
}
