/**
 * Access a reader does not analyse (a policy-bearing resource type it does not read, a SAM
 * resource, a template Transform) is recorded as an unknown, so the `unknown-access` rule fails
 * the review when it is new on the after side. Its place (address and attribute) is the same on
 * both sides, and its content a digest of what was not read, so what the base already had, unedited,
 * does not count as new.
 */
import { createHash } from 'node:crypto';
import { labelledStatements } from '../iam/document.js';
import type { Resource, SourceLocation, UnknownValue } from '../model/inventory.js';
import type { InventoryBuilder } from './builder.js';
import { isObject } from './json.js';

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
    ...(content === undefined ? {} : { content: digest(content) }),
  });
  if (removed) {
    builder.addNotice({ level: 'warning', message: `${unread.address}.${unread.attribute}: ${unread.reason} (this change removes it)`, source: unread.source });
  }
}

const digest = (content: unknown): string => createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);

/**
 * The access a resource policy grants by S3 canonical user ID (`"Principal": {"CanonicalUser":
 * ...}`): the ID of an AWS account or of a CloudFront origin access identity, which no input
 * resolves. Each Allow statement naming one is an unknown, not a grant left out: the grants of
 * the resource's other statements stand (the unknown marks none of them).
 */
export function canonicalUserUnknowns(resource: Resource): UnknownValue[] {
  const policy = resource.policy;
  if (!policy) return [];
  return labelledStatements(policy.document).flatMap(({ statement, label }): UnknownValue[] => {
    const principal = statement['Principal'];
    if (statement['Effect'] !== 'Allow' || !isObject(principal)) return [];
    const ids = principal['CanonicalUser'];
    // An ID known only at deploy time (a CDK origin access identity's) is an unknown of its reader already.
    const literal = (Array.isArray(ids) ? ids : [ids]).filter((id): id is string => typeof id === 'string' && !id.includes('${'));
    if (literal.length === 0) return [];
    return [
      {
        address: policy.source?.address ?? policy.id,
        attribute: `Statement ${label}`,
        reason: `it grants access to ${resource.name} to the S3 canonical user ID ${literal.map((id) => `\`${id}\``).join(', ')}: an AWS account or a CloudFront origin access identity, which no input resolves to a principal, so whose access this is cannot be shown`,
        remediation: 'Name the principal by ARN or account ID instead; a CloudFront distribution reads through an origin access control (`Principal: {"Service": "cloudfront.amazonaws.com"}` with its `aws:SourceArn`), or waive the finding.',
        ...(policy.source ? { source: policy.source } : {}),
        content: digest(statement),
      },
    ];
  });
}

/**
 * A bucket ACL that opens the bucket to everyone or to every AWS account (`opened`: what does,
 * e.g. `canned ACL public-read`): the engine does not evaluate ACLs, so this is unknown access
 * (InventoryBuilder.addOpenAcl keeps it only where Block Public Access does not ignore public ACLs).
 */
export function openAclUnknown(address: string, attribute: string, bucket: string, opened: readonly string[], source: SourceLocation | undefined): UnknownValue {
  return {
    address,
    attribute,
    reason: `bucket ${bucket} is opened by its ACL (${opened.join(', ')}); Access Delta does not analyse ACLs, so the access it grants is not in the review`,
    remediation: 'Remove the ACL (S3 Object Ownership `BucketOwnerEnforced` turns ACLs off), let Block Public Access ignore public ACLs on the bucket or the account, or waive the finding if the bucket is meant to be public.',
    ...(source ? { source } : {}),
    content: digest(opened),
  };
}
