/**
 * The statements of policy documents, read for the rules that reason about what a policy says
 * rather than about effective access (wildcard grants, escalation paths, administrators).
 * Validation is src/iam's job; here odd shapes are read leniently and never throw.
 */
import type { StatementRef } from '../model/access.js';
import type { PolicyDocument, SourceLocation } from '../model/inventory.js';
import { Glob } from '../iam/wildcard.js';

export interface PolicyStatement {
  ref: StatementRef;
  effect: 'Allow' | 'Deny';
  /** `Action` patterns, or undefined when the statement uses `NotAction`. */
  actions?: string[];
  notActions?: string[];
  /** `Resource` patterns, or undefined when the statement uses `NotResource`. */
  resources?: string[];
  notResources?: string[];
  /** The `Principal` element as written (resource and trust policies). */
  principal?: unknown;
  /** The `Condition` block as written, or undefined. */
  condition?: Record<string, Record<string, unknown>>;
}

const statementCache = new WeakMap<PolicyDocument, PolicyStatement[]>();

/** The statements of a policy document, in order (cached per document). */
export function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  let statements = statementCache.get(policy);
  if (!statements) {
    statements = readStatements(policy);
    statementCache.set(policy, statements);
  }
  return statements;
}

function readStatements(policy: PolicyDocument): PolicyStatement[] {
  const document = policy.document;
  if (!isObject(document)) return [];
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter(isObject).map((statement, index) => {
    const sid = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : `#${index + 1}`;
    const source: SourceLocation | undefined = policy.statementSources?.[sid] ?? policy.source;
    const ref: StatementRef = { policy: policy.id, policyName: policy.name, statement: sid, ...(source ? { source } : {}) };
    const read: PolicyStatement = { ref, effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow' };
    if ('NotAction' in statement) read.notActions = strings(statement.NotAction);
    else read.actions = strings(statement.Action);
    if ('NotResource' in statement) read.notResources = strings(statement.NotResource);
    else if ('Resource' in statement) read.resources = strings(statement.Resource);
    if ('Principal' in statement) read.principal = statement.Principal;
    if (isObject(statement.Condition) && Object.keys(statement.Condition).length > 0) {
      read.condition = statement.Condition as Record<string, Record<string, unknown>>;
    }
    return read;
  });
}

/** Compiled patterns; cleared when large so that a long-running app does not grow without bound. */
const globCache = new Map<string, Glob>();
const GLOB_CACHE_LIMIT = 50_000;

/** A compiled `*`/`?` pattern; actions fold case (match lower-cased text), ARNs do not. */
export function globOf(pattern: string, foldCase: boolean): Glob {
  const key = `${foldCase ? 'i' : 's'}${pattern}`;
  let glob = globCache.get(key);
  if (!glob) {
    if (globCache.size >= GLOB_CACHE_LIMIT) globCache.clear();
    glob = Glob.of(pattern, foldCase);
    globCache.set(key, glob);
  }
  return glob;
}

const actionGlobs = new WeakMap<PolicyStatement, Glob[]>();

/** Does the statement's Action/NotAction cover this action (`iam:PassRole`)? */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  let globs = actionGlobs.get(statement);
  if (!globs) {
    globs = (statement.actions ?? statement.notActions ?? []).map((p) => Glob.of(p, true));
    actionGlobs.set(statement, globs);
  }
  const lower = action.toLowerCase();
  const listed = globs.some((glob) => glob.matches(lower));
  return statement.actions ? listed : !listed;
}

/**
 * Can the statement's Resource/NotResource apply to some resource the pattern `target` stands
 * for (`*` for any)? A statement without either element (trust policies) applies to all.
 */
export function reachesResource(statement: PolicyStatement, target: string): boolean {
  const wanted = globOf(target, false);
  if (statement.resources) return statement.resources.some((p) => globOf(p, false).intersects(wanted));
  if (statement.notResources) return !statement.notResources.some((p) => globOf(p, false).covers(wanted));
  return true;
}

/** Does the statement's Resource/NotResource cover every resource the pattern `target` stands for? */
export function coversResource(statement: PolicyStatement, target: string): boolean {
  const wanted = globOf(target, false);
  if (statement.resources) return statement.resources.some((p) => globOf(p, false).covers(wanted));
  if (statement.notResources) return !statement.notResources.some((p) => globOf(p, false).intersects(wanted));
  return true;
}

/** True for `*` and `*:*`: every action. */
export function isEveryAction(pattern: string): boolean {
  return pattern === '*' || pattern === '*:*';
}

export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
