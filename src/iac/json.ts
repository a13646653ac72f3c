/**
 * JSON parsing whose errors name the file, the line and the column, and never quote the input
 * (a plan's text can hold secrets; V8's own messages echo a snippet of it).
 */
import { InputError } from '../model/errors.js';

/**
 * Parses `text`; on a syntax error throws an InputError naming `file` and the position,
 * prefixed by `place` when the text is embedded in a larger file (a policy in a plan).
 */
export function parseJson(text: string, file: string, place?: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const error = findJsonError(text);
    const where = error ? lineAndColumn(text, error.offset) : undefined;
    const at = where ? `line ${where.line}, column ${where.column}` : undefined;
    throw new InputError(file, [place, at].filter(Boolean).join(', ') || undefined, `not valid JSON: ${error?.problem ?? 'syntax error'}`);
  }
}

/** The value of `text`, or undefined when it is not JSON: for inputs that may be something else. */
export function parseJsonLoosely(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface JsonError {
  offset: number;
  problem: string;
}

type State = 'value' | 'arrayStart' | 'objectStart' | 'key' | 'colon' | 'afterValue';

/** The first syntax error of `text` (a linear scan, no recursion), or undefined when it is valid. */
export function findJsonError(text: string): JsonError | undefined {
  const stack: string[] = [];
  let state: State = 'value';
  let i = 0;
  const fail = (problem: string): JsonError => ({ offset: i, problem });
  const close = (): void => {
    stack.pop();
    i++;
    state = 'afterValue';
  };
  while (true) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    const ch = text[i];
    if (state === 'afterValue' && stack.length === 0) return ch === undefined ? undefined : fail('unexpected text after the JSON value');
    if (ch === undefined) return fail('unexpected end of input');
    switch (state) {
      case 'arrayStart':
      case 'value': {
        if (state === 'arrayStart' && ch === ']') {
          close();
          break;
        }
        if (ch === '{' || ch === '[') {
          stack.push(ch);
          i++;
          state = ch === '{' ? 'objectStart' : 'arrayStart';
          break;
        }
        const end = ch === '"' ? stringEnd(text, i) : ch === '-' || (ch >= '0' && ch <= '9') ? numberEnd(text, i) : literalEnd(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = 'afterValue';
        break;
      }
      case 'objectStart':
      case 'key': {
        if (state === 'objectStart' && ch === '}') {
          close();
          break;
        }
        if (ch !== '"') return fail('expected a double-quoted property name');
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = 'colon';
        break;
      }
      case 'colon':
        if (ch !== ':') return fail("expected ':' after a property name");
        i++;
        state = 'value';
        break;
      case 'afterValue': {
        const open = stack[stack.length - 1];
        const closing = open === '{' ? '}' : ']';
        if (ch === ',') {
          i++;
          state = open === '{' ? 'key' : 'value';
        } else if (ch === closing) {
          close();
        } else {
          return fail(`expected ',' or '${closing}'`);
        }
        break;
      }
    }
  }
}

function stringEnd(text: string, start: number): number | JsonError {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, problem: 'control character in a string' };
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, problem: 'invalid \\u escape' };
        i += 6;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        i += 2;
      } else {
        return { offset: i, problem: 'invalid escape in a string' };
      }
      continue;
    }
    i++;
  }
  return { offset: text.length, problem: 'unterminated string' };
}

function numberEnd(text: string, start: number): number | JsonError {
  let i = start;
  const digits = (): number => {
    const from = i;
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    return i - from;
  };
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else if (digits() === 0) return { offset: start, problem: 'invalid number' };
  if (text[i] === '.') {
    i++;
    if (digits() === 0) return { offset: start, problem: 'invalid number' };
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (digits() === 0) return { offset: start, problem: 'invalid number' };
  }
  return i;
}

function literalEnd(text: string, start: number): number | JsonError {
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, start)) return start + literal.length;
  }
  const ch = text[start]!;
  return { offset: start, problem: /[{}[\]:,]/.test(ch) ? `unexpected '${ch}'` : 'unexpected character' };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
