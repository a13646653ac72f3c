/** Policy documents as IaC holds them: JSON strings or already-parsed objects. */
import { InputError } from '../model/errors.js';
import type { PolicyDocument, PolicyKind, SourceLocation } from '../model/inventory.js';
import { isObject, parseJson } from './json.js';

/**
 * The parsed document of a policy value; undefined for an absent or empty one.
 * @throws InputError naming `file` and `place` when it is not a JSON object.
 */
export function parsePolicyValue(value: unknown, file: string, place: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    const parsed = parseJson(value, file, place);
    if (!isObject(parsed)) throw new InputError(file, place, 'a policy document must be a JSON object');
    return parsed;
  }
  if (isObject(value)) return value;
  throw new InputError(file, place, `a policy document must be a JSON object or a JSON string, not ${typeName(value)}`);
}

export function policyDocument(
  id: string,
  name: string,
  kind: PolicyKind,
  document: unknown,
  source: SourceLocation | undefined,
): PolicyDocument {
  return { id, name, kind, document, ...(source ? { source } : {}) };
}

function typeName(value: unknown): string {
  return Array.isArray(value) ? 'an array' : typeof value === 'number' ? 'a number' : typeof value;
}
