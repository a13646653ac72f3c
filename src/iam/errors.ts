/**
 * A policy document that is not valid. The message names the policy (its name and id, and
 * the file when known), the statement (Sid or 1-based index) and the element.
 */
import { InputError } from '../model/errors.js';

/** Where in a policy a problem is. */
export interface PolicyPlace {
  /** Policy name, or id when it has no name. */
  policy: string;
  /** Source file, when the policy came from one. */
  file?: string;
  /** Address or line in the file, when known. */
  at?: string;
  /** `Sid` or `#<1-based index>`. */
  statement?: string;
  /** The element, e.g. `Condition.StringEquals.aws:SourceVpc`. */
  element?: string;
}

export class PolicyValidationError extends InputError {
  constructor(
    readonly where: PolicyPlace,
    problem: string,
  ) {
    super(where.file ?? `policy ${where.policy}`, placeText(where), problem);
  }
}

function placeText(where: PolicyPlace): string | undefined {
  const parts = [
    where.at,
    where.file ? `policy ${where.policy}` : undefined,
    where.statement === undefined ? undefined : `statement ${where.statement}`,
    where.element,
  ].filter((part): part is string => part !== undefined && part.length > 0);
  return parts.length > 0 ? parts.join(': ') : undefined;
}
