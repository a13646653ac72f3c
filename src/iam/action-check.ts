/**
 * Actions that match nothing in the catalog: `s3:GetObjects`, `kms:Decript`, a service that
 * does not exist. A typo in an Allow grants nothing, but a typo in a Deny silently protects
 * nothing, and one in a NotAction of an Allow grants the very action it meant to exclude.
 *
 * This reads the action elements of a policy; it is not a validator: statements or values of
 * the wrong JSON type are left to `compilePolicy`, which rejects them.
 */
import type { PolicyDocument, SourceLocation } from '../model/inventory.js';
import { hasWildcard, type Catalog } from './catalog.js';
import { suggestAction, suggestService } from './action-check-suggest.js';
import { labelledStatements } from './document.js';
import { hasUnknownValue } from './unknown-value.js';

export type UnknownActionProblem =
  /** Not `*` and not `service:action`. */
  | 'malformed'
  /** The service prefix is not in the catalog. */
  | 'unknown-service'
  /** The service exists but has no such action. */
  | 'unknown-action'
  /** A wildcard pattern that matches no action. */
  | 'no-match';

export interface UnknownAction {
  /** Policy id (PolicyDocument.id). */
  policy: string;
  policyName: string;
  /** The statement's Sid, or `#<1-based index>` when it has none (as in StatementRef). */
  statement: string;
  /** The statement's effect as written (`Allow`, `Deny`). */
  effect: string;
  element: 'Action' | 'NotAction';
  /** The action string as written. */
  action: string;
  problem: UnknownActionProblem;
  /** A close action (or pattern with a corrected service) that exists. */
  suggestion?: string;
  /** One sentence for reviewers: what is wrong and what it means. */
  message: string;
  source?: SourceLocation;
}

/** Every action string of the policy's statements that matches no action of the catalog. */
export function findUnknownActions(policy: PolicyDocument, catalog: Catalog): UnknownAction[] {
  const found: UnknownAction[] = [];
  for (const { statement, label: sid } of labelledStatements(policy.document)) {
    const effect = typeof statement.Effect === 'string' ? statement.Effect : '';
    for (const element of ['Action', 'NotAction'] as const) {
      for (const action of new Set(stringsOf(statement[element]))) {
        const problem = problemOf(action, catalog);
        if (problem === undefined) continue;
        const suggestion = suggestionFor(action, problem, catalog);
        const source = policy.statementSources?.[sid] ?? policy.source;
        found.push({
          policy: policy.id,
          policyName: policy.name,
          statement: sid,
          effect,
          element,
          action,
          problem,
          ...(suggestion === undefined ? {} : { suggestion }),
          message: messageFor({ policyName: policy.name, sid, effect, element, action, problem, suggestion }),
          ...(source === undefined ? {} : { source }),
        });
      }
    }
  }
  return found;
}

function problemOf(action: string, catalog: Catalog): UnknownActionProblem | undefined {
  // A value known only at deploy or apply time is not a typo (the engine reads it as unknown).
  if (action === '*' || hasUnknownValue(action)) return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0 || colon === action.length - 1) return 'malformed';
  if (catalog.expand(action).length > 0) return undefined;
  const service = action.slice(0, colon);
  if (!hasWildcard(service) && !catalog.hasService(service)) return 'unknown-service';
  return hasWildcard(action) ? 'no-match' : 'unknown-action';
}

function suggestionFor(action: string, problem: UnknownActionProblem, catalog: Catalog): string | undefined {
  if (problem === 'unknown-action') return suggestAction(action, catalog);
  if (problem !== 'unknown-service') return undefined;
  const colon = action.indexOf(':');
  if (!hasWildcard(action)) return suggestAction(action, catalog);
  const service = suggestService(action.slice(0, colon), catalog);
  const corrected = service === undefined ? undefined : `${service}${action.slice(colon)}`;
  return corrected !== undefined && catalog.expand(corrected).length > 0 ? corrected : undefined;
}

const PROBLEMS: Record<UnknownActionProblem, string> = {
  malformed: 'is not of the form `service:action`',
  'unknown-service': 'names a service that does not exist',
  'unknown-action': 'is not an action of its service',
  'no-match': 'matches no action',
};

/** What the typo does, by effect and element. */
function consequenceOf(effect: string, element: 'Action' | 'NotAction'): string {
  const deny = effect === 'Deny';
  if (element === 'Action') {
    return deny ? 'this Deny does not deny it and protects nothing' : 'this Allow grants nothing for it';
  }
  return deny
    ? 'this Deny does not exempt it, so it denies more than intended'
    : 'this Allow does not exclude it, so it grants more than intended';
}

function messageFor(facts: {
  policyName: string;
  sid: string;
  effect: string;
  element: 'Action' | 'NotAction';
  action: string;
  problem: UnknownActionProblem;
  suggestion: string | undefined;
}): string {
  const hint = facts.suggestion === undefined ? '' : ` (did you mean \`${facts.suggestion}\`?)`;
  return (
    `${facts.element} \`${facts.action}\` in statement ${facts.sid} of ${facts.policyName} ` +
    `${PROBLEMS[facts.problem]}${hint}: ${consequenceOf(facts.effect, facts.element)}.`
  );
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
