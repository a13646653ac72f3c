/**
 * Three-valued results: a decision part is true, false, or depends on conditions over keys
 * the request leaves unknown (a Residual: an and/or tree of conditions, each possibly
 * negated). In Strict evaluation only booleans ever appear, so the combinators below cost a
 * type check.
 */
import { conditionKey, type GrantCondition, type StatementRef } from '../model/access.js';
import type { ConditionTree } from './types.js';

/** A condition as written, with the statement it comes from. */
export interface ConditionLeaf {
  operator: string;
  key: string;
  values: readonly string[];
  source: StatementRef;
}

export type Residual =
  | { kind: 'leaf'; leaf: ConditionLeaf; negated: boolean }
  | { kind: 'and' | 'or'; items: Residual[] };

export type Truth = boolean | Residual;

export function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return join('and', a, b);
}

export function or(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true;
  if (a === false) return b;
  if (b === false) return a;
  return join('or', a, b);
}

/** Negation pushed down to the leaves (De Morgan). */
export function not(a: Truth): Truth {
  if (typeof a === 'boolean') return !a;
  if (a.kind === 'leaf') return { ...a, negated: !a.negated };
  return { kind: a.kind === 'and' ? 'or' : 'and', items: a.items.map((item) => not(item) as Residual) };
}

/** True when the value is not `false` (it may hold, at least under conditions). */
export function possible(a: Truth): boolean {
  return a !== false;
}

function join(kind: 'and' | 'or', a: Residual, b: Residual): Residual {
  const items: Residual[] = [];
  for (const side of [a, b]) {
    if (side.kind === kind) items.push(...side.items);
    else items.push(side);
  }
  return { kind, items };
}

/** The tree in the shape of the public contract. */
export function toConditionTree(residual: Residual): ConditionTree {
  if (residual.kind === 'leaf') return { kind: 'condition', condition: toGrantCondition(residual) };
  return { kind: residual.kind, items: residual.items.map(toConditionTree) };
}

/** The distinct leaves of a tree, in order of first appearance. */
export function grantConditions(residual: Residual): GrantCondition[] {
  const seen = new Set<string>();
  const out: GrantCondition[] = [];
  const visit = (node: Residual): void => {
    if (node.kind !== 'leaf') return node.items.forEach(visit);
    const condition = toGrantCondition(node);
    const id = conditionKey(condition);
    if (!seen.has(id)) {
      seen.add(id);
      out.push(condition);
    }
  };
  visit(residual);
  return out;
}

function toGrantCondition(node: Extract<Residual, { kind: 'leaf' }>): GrantCondition {
  const { leaf } = node;
  return {
    operator: leaf.operator,
    key: leaf.key,
    values: [...leaf.values],
    negated: node.negated,
    policy: leaf.source.policy,
    statement: leaf.source.statement,
  };
}
