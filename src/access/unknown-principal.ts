/**
 * The aggregate of an `AWS` principal entry known only at deploy or apply time
 * (`${Ref ReaderRoleArn}`, see grantees.ts) stands for exactly the principal that entry will
 * name. The engine answers for "some principal" with conditions that an entry holding an
 * unknown value names it (`MatchesUnknownValue Principal.AWS [entries]`); for the aggregate
 * these are decided: true for its own entry, false for other entries (each has its own
 * aggregate). Any other condition stays.
 */
import { UNKNOWN_VALUE_OPERATOR } from '../iam/unknown-value.js';
import type { ConditionTree, Decision } from '../iam/types.js';
import type { GrantCondition } from '../model/access.js';

/** The decision for the principal `entry` names, from the decision for some principal. */
export function decidedForEntry(decision: Decision, entry: string): Decision {
  if (decision.decision !== 'Allowed' || decision.conditionTree === undefined) return decision;
  const tree = resolve(decision.conditionTree, entry);
  if (tree === true) return { decision: 'Allowed', blockedBy: [], reasons: decision.reasons, conditional: false, conditions: [] };
  if (tree === false) return { decision: 'ImplicitlyDenied', blockedBy: [], reasons: [], conditional: false, conditions: [] };
  return { ...decision, conditions: leaves(tree), conditionTree: tree };
}

function resolve(tree: ConditionTree, entry: string): ConditionTree | boolean {
  if (tree.kind === 'condition') {
    const { condition } = tree;
    if (!isPrincipalEntryCondition(condition)) return tree;
    // A leaf of a Deny (or of NotPrincipal) holds while the entry does not match.
    return condition.values.includes(entry) !== condition.negated;
  }
  const items: ConditionTree[] = [];
  for (const item of tree.items) {
    const resolved = resolve(item, entry);
    if (resolved === (tree.kind === 'or')) return resolved;
    if (typeof resolved !== 'boolean') items.push(resolved);
  }
  if (items.length === 0) return tree.kind === 'and';
  return items.length === 1 ? (items[0] as ConditionTree) : { kind: tree.kind, items };
}

function isPrincipalEntryCondition(condition: GrantCondition): boolean {
  return condition.operator === UNKNOWN_VALUE_OPERATOR && (condition.key.startsWith('Principal.') || condition.key.startsWith('NotPrincipal.'));
}

/** The distinct leaves of a tree, in order of first appearance. */
function leaves(tree: ConditionTree): GrantCondition[] {
  const found = new Map<string, GrantCondition>();
  const visit = (node: ConditionTree): void => {
    if (node.kind !== 'condition') return node.items.forEach(visit);
    const key = JSON.stringify(node.condition);
    if (!found.has(key)) found.set(key, node.condition);
  };
  visit(tree);
  return [...found.values()];
}
