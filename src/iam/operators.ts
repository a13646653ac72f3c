/**
 * Condition operators: their names, how their policy values are read, and how one request
 * value compares with them. `ForAllValues:` / `ForAnyValue:` and `...IfExists` are handled by
 * the caller (conditions.ts); this module knows the base operators.
 */
import { quoted } from '../model/errors.js';
import { splitArn } from './arn.js';
import { ipInRange, parseIpRange, type IpRange } from './ip.js';
import { ArnPattern } from './resource-pattern.js';
import { hasUnknownValue } from './unknown-value.js';
import { chunksText, parseTemplate, resolveOnce, type Template, type UnknownReading, type ValueSource } from './variables.js';
import { Glob, type PatternChunk } from './wildcard.js';

type ValueKind = 'string' | 'stringIgnoreCase' | 'stringLike' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

export interface BaseOperator {
  /** Canonical name, e.g. `StringNotLike`. */
  name: string;
  kind: ValueKind;
  /** A negated operator matches when no policy value matches (and when the key is absent). */
  negated: boolean;
  comparison: Comparison;
  /** The operator that matches exactly when this one does not (for negating conditions). */
  opposite: string;
}

const OPERATORS: readonly BaseOperator[] = [
  ...pair('StringEquals', 'StringNotEquals', 'string'),
  ...pair('StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'stringIgnoreCase'),
  ...pair('StringLike', 'StringNotLike', 'stringLike'),
  ...pair('NumericEquals', 'NumericNotEquals', 'numeric'),
  ...ordered('Numeric', 'numeric'),
  ...pair('DateEquals', 'DateNotEquals', 'date'),
  ...ordered('Date', 'date'),
  ...pair('IpAddress', 'NotIpAddress', 'ip'),
  ...pair('ArnEquals', 'ArnNotEquals', 'arn'),
  ...pair('ArnLike', 'ArnNotLike', 'arn'),
  { name: 'Bool', kind: 'bool', negated: false, comparison: 'eq', opposite: 'Bool' },
  { name: 'BinaryEquals', kind: 'binary', negated: false, comparison: 'eq', opposite: 'BinaryEquals' },
  { name: 'Null', kind: 'null', negated: false, comparison: 'eq', opposite: 'Null' },
];

function pair(positive: string, negative: string, kind: ValueKind): BaseOperator[] {
  return [
    { name: positive, kind, negated: false, comparison: 'eq', opposite: negative },
    { name: negative, kind, negated: true, comparison: 'eq', opposite: positive },
  ];
}

function ordered(prefix: string, kind: ValueKind): BaseOperator[] {
  const make = (suffix: string, comparison: Comparison, opposite: string): BaseOperator => ({
    name: prefix + suffix,
    kind,
    negated: false,
    comparison,
    opposite: prefix + opposite,
  });
  return [
    make('LessThan', 'lt', 'GreaterThanEquals'),
    make('LessThanEquals', 'le', 'GreaterThan'),
    make('GreaterThan', 'gt', 'LessThanEquals'),
    make('GreaterThanEquals', 'ge', 'LessThan'),
  ];
}

const BY_NAME = new Map(OPERATORS.map((operator) => [operator.name.toLowerCase(), operator]));

export type SetOperator = 'ForAllValues' | 'ForAnyValue' | null;

export interface ParsedOperator {
  written: string;
  base: BaseOperator;
  set: SetOperator;
  ifExists: boolean;
}

/** Reads `ForAnyValue:StringLikeIfExists` and the like; null when the name is unknown. */
export function parseOperator(written: string): ParsedOperator | null {
  let rest = written;
  let set: SetOperator = null;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') set = 'ForAllValues';
    else if (prefix === 'foranyvalue') set = 'ForAnyValue';
    else return null;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BY_NAME.get(rest.toLowerCase());
  if (!base || (base.kind === 'null' && (ifExists || set !== null))) return null;
  return { written, base, set, ifExists };
}

/** One policy value, read once for its operator. */
export type PolicyValue =
  | { kind: 'text'; text: string }
  | { kind: 'glob'; glob: Glob }
  | { kind: 'number'; value: number }
  | { kind: 'ip'; range: IpRange }
  | { kind: 'arn'; pattern: ArnPattern }
  | { kind: 'template'; template: Template }
  /** A value holding an unknown value, for an operator that reads no text patterns (numbers, dates, ...). */
  | { kind: 'unknown'; text: string };

/** Operators whose values may hold policy variables. */
function takesVariables(kind: ValueKind): boolean {
  return kind === 'string' || kind === 'stringIgnoreCase' || kind === 'stringLike' || kind === 'arn';
}

/**
 * Reads a policy value; returns a message when it is not valid for the operator. Unknown values
 * are read in every operator's values, variables only when `variables` (2012-10-17).
 */
export function readPolicyValue(operator: BaseOperator, text: string, variables: boolean): PolicyValue | string {
  if (!takesVariables(operator.kind)) {
    if (hasUnknownValue(text)) return { kind: 'unknown', text };
  } else {
    const template = parseTemplate(text, variables);
    if (template) return { kind: 'template', template };
  }
  switch (operator.kind) {
    case 'string':
    case 'binary':
      return { kind: 'text', text };
    case 'stringIgnoreCase':
      return { kind: 'text', text: text.toLowerCase() };
    case 'stringLike':
      return { kind: 'glob', glob: Glob.of(text) };
    case 'arn':
      return { kind: 'arn', pattern: ArnPattern.of(text) };
    case 'bool':
    case 'null': {
      const lower = text.toLowerCase();
      return lower === 'true' || lower === 'false' ? { kind: 'text', text: lower } : `${quoted(text)} is not true or false`;
    }
    case 'numeric': {
      const value = readNumber(text);
      return Number.isNaN(value) ? `${quoted(text)} is not a number` : { kind: 'number', value };
    }
    case 'date': {
      const value = readDate(text);
      return Number.isNaN(value) ? `${quoted(text)} is not an ISO 8601 date or epoch time` : { kind: 'number', value };
    }
    case 'ip': {
      const range = parseIpRange(text);
      return range ? { kind: 'ip', range } : `${quoted(text)} is not an IPv4 or IPv6 address or CIDR range`;
    }
  }
}

/** A request value read once for the operator's kind (NaN / null when unreadable). */
type RequestValue = { text: string; number: number; ip: IpRange | null };

export function readRequestValue(operator: BaseOperator, text: string): RequestValue {
  switch (operator.kind) {
    case 'numeric':
      return { text, number: readNumber(text), ip: null };
    case 'date':
      return { text, number: readDate(text), ip: null };
    case 'ip':
      return { text, number: NaN, ip: parseIpRange(text) };
    case 'bool':
    case 'stringIgnoreCase':
      return { text: text.toLowerCase(), number: NaN, ip: null };
    default:
      return { text, number: NaN, ip: null };
  }
}

/**
 * Does the request value match any policy value, as the positive form of the operator
 * (`StringNotLike` compares like `StringLike`; the caller negates)? Unknown values are read
 * as `reading` says; read `wild`, only the values that hold one are compared.
 */
export function anyValueMatches(
  operator: BaseOperator,
  request: RequestValue,
  values: readonly PolicyValue[],
  source: ValueSource,
  reading: UnknownReading = 'literal',
): boolean {
  for (const value of values) {
    if (value.kind === 'unknown') {
      if (reading === 'wild' || request.text === value.text) return true;
      continue;
    }
    if (value.kind !== 'template') {
      if (reading === 'literal' && valueMatches(operator, request, value)) return true;
      continue;
    }
    if (reading === 'wild' && value.template.unknowns.length === 0) continue;
    const resolved = resolveOnce(value.template, source, resolvedValues, resolvedValue, operator, reading);
    if (resolved && valueMatches(operator, request, resolved)) return true;
  }
  return false;
}

function resolvedValue(chunks: PatternChunk[], operator: BaseOperator): PolicyValue {
  if (operator.kind === 'stringLike') return { kind: 'glob', glob: Glob.fromChunks(chunks) };
  if (operator.kind === 'arn') return { kind: 'arn', pattern: ArnPattern.fromChunks(chunks) };
  const ignoreCase = operator.kind === 'stringIgnoreCase';
  // An unknown value read as `*` in an exact comparison: the only wildcard of the text.
  if (chunks.some((chunk) => chunk.unknown && chunk.wild)) {
    return { kind: 'glob', glob: Glob.fromChunks(chunks.map((chunk) => ({ text: chunk.text, wild: chunk.unknown === true })), ignoreCase) };
  }
  const text = chunksText(chunks);
  return { kind: 'text', text: ignoreCase ? text.toLowerCase() : text };
}

/** Each template belongs to one condition value, hence to one operator. */
const resolvedValues = new WeakMap<Template, Map<string, PolicyValue>>();

function valueMatches(operator: BaseOperator, request: RequestValue, value: PolicyValue): boolean {
  switch (value.kind) {
    case 'text':
      return request.text === value.text;
    case 'glob':
      return value.glob.matches(request.text);
    case 'number':
      return compare(request.number, value.value, operator.comparison);
    case 'ip':
      return request.ip !== null && ipInRange(request.ip, value.range);
    case 'arn': {
      const arn = splitArn(request.text);
      return arn !== null && value.pattern.matches(request.text, arn);
    }
    case 'template':
    case 'unknown':
      return false;
  }
}

function compare(a: number, b: number, comparison: Comparison): boolean {
  if (Number.isNaN(a)) return false;
  switch (comparison) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

// Unambiguous (a digit run can end only one way), so it cannot backtrack on long values.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function readNumber(text: string): number {
  return NUMBER.test(text.trim()) ? Number(text) : NaN;
}

const EPOCH = /^\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Milliseconds since the epoch, from ISO 8601 (W3C profile) or epoch seconds. */
function readDate(text: string): number {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return Number(trimmed) * 1000;
  if (!ISO_DATE.test(trimmed)) return NaN;
  const withZone = /T.*(Z|[+-]\d{2}:\d{2})$/.test(trimmed) || !trimmed.includes('T') ? trimmed : `${trimmed}Z`;
  return Date.parse(withZone);
}
