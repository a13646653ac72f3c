/**
 * The Condition element: compiled once per statement, evaluated per request into true,
 * false, or a condition on keys the request leaves unknown.
 *
 * AWS rules implemented here (reference_policies_elements_condition_operators,
 * reference_policies_multi-value-conditions):
 * - all operators of a block, all keys of an operator must match (AND); the values of one
 *   key match if any of them does (OR), or for negated operators if none does;
 * - a key absent from the request: the condition is false, except for negated operators
 *   (true), `...IfExists` (true), `ForAllValues:` (true), and `Null` (which tests presence);
 * - a single-valued operator never matches a multivalued request value; `ForAllValues:`
 *   needs every request value to match, `ForAnyValue:` at least one;
 * - key names are case-insensitive.
 */
import type { StatementRef } from '../model/access.js';
import {
  anyValueMatches,
  parseOperator,
  readPolicyValue,
  readRequestValue,
  type ParsedOperator,
  type PolicyValue,
} from './operators.js';
import type { ConditionLeaf, Residual, Truth } from './truth.js';
import { and } from './truth.js';
import type { ContextValue } from './types.js';
import type { VariableLookup } from './variables.js';

/** What the evaluator knows about a key of the request. */
export type KeyKnowledge = 'known' | 'unknown' | 'unknown-value';

/** The request as conditions see it; keys are lower-cased. */
export interface RequestView {
  value: VariableLookup;
  knowledge(lowerKey: string): KeyKnowledge;
}

export interface CompiledCondition {
  readonly leaf: ConditionLeaf;
  readonly lowerKey: string;
  readonly operator: ParsedOperator;
  readonly values: readonly PolicyValue[];
  /** Lower-cased keys its values read through policy variables. */
  readonly variableKeys: readonly string[];
}

/** Reports a problem at an element path (relative to `Condition`). */
export type Complain = (element: string, problem: string) => never;

/** Compiles a Condition element; `variables` is false for documents older than 2012-10-17. */
export function compileConditions(
  block: unknown,
  source: StatementRef,
  variables: boolean,
  complain: Complain,
): CompiledCondition[] {
  if (!isObject(block)) return complain('Condition', 'must be an object of condition operators');
  const compiled: CompiledCondition[] = [];
  for (const [operatorName, keys] of Object.entries(block)) {
    const operator = parseOperator(operatorName);
    if (!operator) return complain(`Condition.${operatorName}`, `unknown condition operator "${operatorName}"`);
    if (!isObject(keys) || Object.keys(keys).length === 0) {
      return complain(`Condition.${operatorName}`, 'must be an object of condition keys and values');
    }
    for (const [key, raw] of Object.entries(keys)) {
      const element = `Condition.${operatorName}.${key}`;
      const written = readValues(raw);
      if (!written) return complain(element, 'values must be a string, number, boolean or a non-empty array of them');
      const values = written.map((text) => {
        const value = readPolicyValue(operator.base, text, variables);
        return typeof value === 'string' ? complain(element, value) : value;
      });
      compiled.push({
        leaf: { operator: operatorName, key, values: written, source },
        lowerKey: key.toLowerCase(),
        operator,
        values,
        variableKeys: values.flatMap((value) => (value.kind === 'template' ? value.template.keys : [])),
      });
    }
  }
  return compiled;
}

function readValues(raw: unknown): string[] | null {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) return null;
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
    else return null;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** All conditions of a statement (AND). */
export function evaluateConditions(conditions: readonly CompiledCondition[], request: RequestView): Truth {
  let result: Truth = true;
  for (const condition of conditions) {
    result = and(result, evaluateCondition(condition, request));
    if (result === false) return false;
  }
  return result;
}

function evaluateCondition(condition: CompiledCondition, request: RequestView): Truth {
  const knowledge = request.knowledge(condition.lowerKey);
  const isNull = condition.operator.base.kind === 'null';
  const settled = knowledge === 'known' || (isNull && knowledge === 'unknown-value');
  if (!settled || condition.variableKeys.some((key) => request.knowledge(key) !== 'known')) {
    return residual(condition);
  }
  return matches(condition, knowledge === 'unknown-value' ? '' : request.value(condition.lowerKey), request.value);
}

function residual(condition: CompiledCondition): Residual {
  return { kind: 'leaf', leaf: condition.leaf, negated: false };
}

function matches(condition: CompiledCondition, value: ContextValue | undefined, lookup: VariableLookup): boolean {
  const { base, set, ifExists } = condition.operator;
  if (base.kind === 'null') {
    const wanted = value === undefined ? 'true' : 'false';
    return condition.values.some((v) => v.kind === 'text' && v.text === wanted);
  }
  if (value === undefined) return set === 'ForAllValues' || (set === null && (ifExists || base.negated));
  const test = (text: string): boolean => {
    const found = anyValueMatches(base, readRequestValue(base, text), condition.values, lookup);
    return base.negated ? !found : found;
  };
  if (set === 'ForAllValues') return typeof value === 'string' ? test(value) : value.every(test);
  if (set === 'ForAnyValue') return typeof value === 'string' ? test(value) : value.some(test);
  return typeof value === 'string' && test(value);
}
