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
import { quoted } from '../model/errors.js';
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
import { hasUnknownValue } from './unknown-value.js';
import { and } from './truth.js';
import type { ContextValue } from './types.js';
import type { ValueSource } from './variables.js';

/** What the evaluator knows about a key of the request. */
export type KeyKnowledge = 'known' | 'unknown' | 'unknown-value';

/** The request as conditions see it; keys are lower-cased. */
export interface RequestView extends ValueSource {
  knowledge(lowerKey: string): KeyKnowledge;
}

export interface CompiledCondition {
  readonly leaf: ConditionLeaf;
  readonly lowerKey: string;
  readonly operator: ParsedOperator;
  readonly values: readonly PolicyValue[];
  /** Lower-cased keys its values read through policy variables. */
  readonly variableKeys: readonly string[];
  /**
   * `key`: the key holds an unknown value (the condition is never decided); `values`: some
   * value does; null: neither (see unknown-value.ts).
   */
  readonly unknownIn: 'key' | 'values' | null;
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
    if (!operator) return complain(`Condition.${operatorName}`, `unknown condition operator ${quoted(operatorName)}`);
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
        unknownIn: hasUnknownValue(key) ? 'key' : values.some(holdsUnknown) ? 'values' : null,
      });
    }
  }
  return compiled;
}

function holdsUnknown(value: PolicyValue): boolean {
  return value.kind === 'unknown' || (value.kind === 'template' && value.template.unknowns.length > 0);
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
  if (condition.unknownIn === 'key') return residual(condition);
  if (knowledge !== 'known' && !(isNull && knowledge === 'unknown-value')) return residual(condition);
  for (const key of condition.variableKeys) if (request.knowledge(key) !== 'known') return residual(condition);
  const outcome = matches(condition, knowledge === 'unknown-value' ? '' : request.value(condition.lowerKey), request);
  return outcome === MAYBE ? residual(condition) : outcome;
}

function residual(condition: CompiledCondition): Residual {
  return { kind: 'leaf', leaf: condition.leaf, negated: false };
}

/** Whether a condition matches: `MAYBE` when that depends on an unknown value of the policy. */
const MAYBE = 'maybe';
type Outcome = boolean | typeof MAYBE;

function matches(condition: CompiledCondition, value: ContextValue | undefined, source: ValueSource): Outcome {
  const { base, set, ifExists } = condition.operator;
  if (base.kind === 'null') {
    const wanted = value === undefined ? 'true' : 'false';
    for (const v of condition.values) if (v.kind === 'text' && v.text === wanted) return true;
    return condition.unknownIn === 'values' ? MAYBE : false;
  }
  if (value === undefined) return set === 'ForAllValues' || (set === null && (ifExists || base.negated));
  if (typeof value === 'string') return valueMatches(condition, value, source);
  if (set === null) return false;
  // ForAnyValue: one match decides; ForAllValues: one mismatch does.
  const decisive = set === 'ForAnyValue';
  let outcome: Outcome = !decisive;
  for (const item of value) {
    const match = valueMatches(condition, item, source);
    if (match === decisive) return decisive;
    if (match === MAYBE) outcome = MAYBE;
  }
  return outcome;
}

/**
 * One request value against the condition's values, negated for negated operators. It may
 * match an unknown value when it does not match the known ones but one read as `*`.
 */
function valueMatches(condition: CompiledCondition, text: string, source: ValueSource): Outcome {
  const base = condition.operator.base;
  const request = readRequestValue(base, text);
  if (anyValueMatches(base, request, condition.values, source)) return !base.negated;
  if (condition.unknownIn === 'values' && anyValueMatches(base, request, condition.values, source, 'wild')) return MAYBE;
  return base.negated;
}
