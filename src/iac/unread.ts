/**
 * Access a reader does not analyse (a policy-bearing resource type it does not read, a SAM
 * resource, a template Transform) is recorded as an unknown, so the `unknown-access` rule fails
 * the review when it is new on the after side. Its identity (address and attribute) is the same
 * on both sides, so what the base already had does not count as new.
 */
import type { SourceLocation } from '../model/inventory.js';
import type { InventoryBuilder } from './builder.js';

export interface Unread {
  /** Terraform address, CloudFormation logical ID, or the template file for its Transform. */
  address: string;
  /** The policy attribute, `Type` for a SAM resource, `Transform` for a template's Transform. */
  attribute: string;
  reason: string;
  /** The ARN of the resource, when known. */
  subject?: string | undefined;
  source: SourceLocation;
}

/** The reason for a resource of a type the readers do not read that carries a policy. */
export function unsupportedPolicyReason(type: string): string {
  return `${type} carries a policy that Access Delta does not read yet; the access it grants is not analysed`;
}

/**
 * Records `unread` on the side being read. Only the after side's unknowns are shown in a review,
 * so when the change removes it (`removed`) a warning names it: the access it granted goes away
 * unanalysed.
 */
export function recordUnread(builder: InventoryBuilder, unread: Unread, removed: boolean): void {
  const { subject, ...rest } = unread;
  builder.addUnknown(subject === undefined ? rest : { ...rest, subject });
  if (removed) {
    builder.addNotice({ level: 'warning', message: `${unread.address}.${unread.attribute}: ${unread.reason} (this change removes it)`, source: unread.source });
  }
}

/** The identity of an unknown on both sides of a change. */
export function unknownKey(unknown: { address: string; attribute: string }): string {
  return `${unknown.address}\u0000${unknown.attribute}`;
}
