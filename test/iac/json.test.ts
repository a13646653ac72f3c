import { describe, expect, it } from 'vitest';
import { findJsonError, parseJson } from '../../src/iac/json.js';

describe('JSON syntax errors', () => {
  it.each([
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, 0, true, false, null, "x\\n\\u00e9"], "b": {"c": {}}} ',
    '"just a string"',
    '-0.1E2',
  ])('finds no error in valid JSON %s', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonError(text)).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 8, 'expected a double-quoted property name'],
    ['{"a" 1}', 5, "expected ':' after a property name"],
    ['[1 2]', 3, "expected ',' or ']'"],
    ['{"a": 1 "b": 2}', 8, "expected ',' or '}'"],
    ['[,]', 1, "unexpected ','"],
    ['{"a": tru}', 6, 'unexpected character'],
    ['{"a": 01}', 7, "expected ',' or '}'"],
    ['{"a": -}', 6, 'invalid number'],
    ['{"a": "x\\q"}', 8, 'invalid escape in a string'],
    ['{"a": "line\nbreak"}', 11, 'control character in a string'],
    ['{"a": "open', 11, 'unterminated string'],
    ['{"a": [1, 2', 11, 'unexpected end of input'],
    ['{} {}', 3, 'unexpected text after the JSON value'],
    ['', 0, 'unexpected end of input'],
  ])('locates the error in %j', (text, offset, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonError(text)).toEqual({ offset, problem });
  });

  it('scans deeply nested input without recursion', () => {
    const deep = '['.repeat(200_000);
    expect(findJsonError(deep)).toEqual({ offset: 200_000, problem: 'unexpected end of input' });
  });

  it('never quotes the input in its message', () => {
    expect(() => parseJson('{"password": "hunter2" oops}', 'plan.json')).toThrow(
      "plan.json: line 1, column 24: not valid JSON: expected ',' or '}'",
    );
  });
});
