/** JSON parsing whose errors name the file, the line and the column. */
import { InputError } from '../model/errors.js';

/**
 * Parses `text`; on a syntax error throws an InputError naming `file` and the position,
 * prefixed by `place` when the text is embedded in a larger file (a policy in a plan).
 */
export function parseJson(text: string, file: string, place?: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : undefined;
    const problem = `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
    const at = where ? `line ${where.line}, column ${where.column}` : undefined;
    throw new InputError(file, [place, at].filter(Boolean).join(', ') || undefined, problem);
  }
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

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
