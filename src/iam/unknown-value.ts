/**
 * Values known only when a change is deployed or applied, written inside policy documents
 * (and the ARNs readers build): one representation for every reader (DESIGN.md §1, unknowns).
 *
 * An unknown value is `${REFERENCE}`, REFERENCE naming what the value is:
 * `${aws_iam_role.app.name}` (a Terraform attribute known after apply), `${Ref BucketArn}` (a
 * CloudFormation parameter without value), `${GetAtt CentralEventLog.Arn}`,
 * `${ImportValue shared-KeyArn}`, `${account_id}` (the account no input names). It is never a
 * policy variable: a variable's key is `prefix:name` (`aws:username`,
 * `token.actions.githubusercontent.com:sub`) and the escapes are `${*}`, `${?}`, `${$}`;
 * anything else between `${` and `}` is an unknown value, in documents of every `Version`.
 *
 * An unknown value stands for one value, the same wherever the same text is written. The
 * engine reads an element that holds one as matching what holds the same text, and as *maybe*
 * matching whatever it would match if the unknown value were `*` (see docs/iam-engine.md).
 */

/** The operator of a condition that stands for "the request matches an unknown value". */
export const UNKNOWN_VALUE_OPERATOR = 'MatchesUnknownValue';

/** The escapes `${*}`, `${?}`, `${$}`, by the text between the braces: each stands for that text, never a wildcard. */
export const ESCAPES: ReadonlySet<string> = new Set(['*', '?', '$']);
/** `prefix:name`: the prefix of a condition key or of an identity provider's keys. */
const VARIABLE_KEY = /^[A-Za-z0-9_./-]+:[^:]/;

/** Is the text between `${` and `}` a policy variable (or an escape), as opposed to an unknown value? */
export function isPolicyVariable(inner: string): boolean {
  const trimmed = inner.trim();
  return ESCAPES.has(trimmed) || VARIABLE_KEY.test(trimmed);
}

/**
 * The unknown value that `reference` names. Unknown values inside the reference (an import
 * whose name is itself unknown) read `(REFERENCE)`; braces and dollars are dropped, and a
 * reference that would read as a policy variable is marked as unknown.
 */
export function unknownValue(reference: string): string {
  const flat = reference
    .replace(/\$\{([^}]*)\}/g, '($1)')
    .replace(/[${}]/g, '')
    .trim();
  return `\${${flat === '' ? 'unknown' : isPolicyVariable(flat) ? `unknown ${flat}` : flat}}`;
}

/** The unknown values written in a text, in order (repeats included). */
export function unknownValuesIn(text: string): string[] {
  const found: string[] = [];
  for (let open = text.indexOf('${'); open >= 0; ) {
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    if (!isPolicyVariable(text.slice(open + 2, close))) found.push(text.slice(open, close + 1));
    open = text.indexOf('${', close + 1);
  }
  return found;
}

export function hasUnknownValue(text: string): boolean {
  return text.includes('${') && unknownValuesIn(text).length > 0;
}

/** True when the whole text is one unknown value. */
export function isUnknownValue(text: string): boolean {
  const found = unknownValuesIn(text);
  return found.length === 1 && found[0] === text;
}

/** The reference an unknown value names (`Ref BucketArn` for `${Ref BucketArn}`). */
export function referenceOf(value: string): string {
  return value.slice(2, -1);
}

/** The distinct unknown values anywhere in a JSON value (strings, keys included), in order. */
export function unknownValuesOf(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (item: unknown): void => {
    if (typeof item === 'string') unknownValuesIn(item).forEach((v) => found.add(v));
    else if (Array.isArray(item)) item.forEach(visit);
    else if (typeof item === 'object' && item !== null) {
      for (const [key, inner] of Object.entries(item)) {
        visit(key);
        visit(inner);
      }
    }
  };
  visit(value);
  return [...found];
}

/**
 * Could the text, once its unknown values are known, begin with one of `starts`? True when the
 * known text before the first unknown value agrees with one of them.
 */
export function mayStartWith(text: string, starts: readonly string[]): boolean {
  const first = unknownValuesIn(text)[0];
  const known = first === undefined ? text : text.slice(0, text.indexOf(first));
  return starts.some((start) => start.startsWith(known) || known.startsWith(start));
}
