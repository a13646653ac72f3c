/**
 * Access a reader does not analyse (a policy-bearing resource type it does not read, a SAM
 * resource, a template Transform) is recorded as an unknown, so the `unknown-access` rule fails
 * the review when it is new on the after side. Its place (address and attribute) is the same on
 * both sides, and its content a digest of what was not read, so what the base already had, unedited,
 * does not count as new.
 */
import { createHash } from 'node:crypto';
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
  /** What was left unread (a policy value, a resource's properties, a template), when known. */
  content?: unknown;
}

/**
 * Types whose policies can only narrow access, never grant it: a VPC endpoint policy limits what
 * requests through the endpoint may do. Effective access is worked out without the network path,
 * so leaving them out shows more access, never less: they are not unknown access.
 */
export const NARROWING_ONLY_TYPES: ReadonlySet<string> = new Set(['aws_vpc_endpoint', 'aws_vpc_endpoint_policy', 'AWS::EC2::VPCEndpoint']);

/** The reason for a resource of a type the readers do not read that carries a policy. */
export function unsupportedPolicyReason(type: string): string {
  return `${type} carries a policy that Access Delta does not read yet; the access it grants is not analysed`;
}

/**
 * Records `unread` on the side being read, with a digest of what was left unread (so an edit of
 * it is new unknown access). Only the after side's unknowns are shown in a review, so when the
 * change removes it (`removed`) a warning names it: the access it granted goes away unanalysed.
 */
export function recordUnread(builder: InventoryBuilder, unread: Unread, removed: boolean): void {
  const { subject, content, ...rest } = unread;
  builder.addUnknown({
    ...rest,
    ...(subject === undefined ? {} : { subject }),
    ...(content === undefined ? {} : { content: createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16) }),
  });
  if (removed) {
    builder.addNotice({ level: 'warning', message: `${unread.address}.${unread.attribute}: ${unread.reason} (this change removes it)`, source: unread.source });
  }
}
