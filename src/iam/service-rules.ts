/**
 * What individual AWS services add to the general evaluation logic.
 */
import type { PolicyKind } from '../model/inventory.js';
import type { RequestResource } from './resource-pattern.js';

/** `sts:GetCallerIdentity` needs no permission and cannot be denied (STS API reference). */
export function alwaysAllowed(lowerAction: string): boolean {
  return lowerAction === 'sts:getcalleridentity';
}

/**
 * The services whose requests RCPs apply to (AWS Organizations user guide, "AWS services that
 * support RCPs": S3, STS, KMS, SQS and Secrets Manager at launch; ECR and OpenSearch Serverless,
 * Cognito user pools, CloudWatch Logs and DynamoDB since). For any other service AWS does not
 * enforce RCPs, so counting them would hide access; a service AWS adds later is judged without
 * its RCPs (more access shown, never less) until it is listed here.
 */
const RCP_SERVICES = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-idp', 'logs', 'dynamodb']);

export function rcpsApplyTo(lowerAction: string): boolean {
  return RCP_SERVICES.has(lowerAction.slice(0, lowerAction.indexOf(':')));
}

const READ_ONLY_IAM = /^iam:(get|list|generate|simulate)/;
const MANAGED_ALIAS_CHANGES = new Set(['kms:createalias', 'kms:deletealias', 'kms:updatealias']);

/**
 * Resources AWS manages that no customer policy can change: AWS managed policies
 * (`arn:aws:iam::aws:policy/...`), roles under the `/aws-reserved/` path (IAM Identity
 * Center), and AWS managed KMS aliases (`alias/aws/...`). Reading them stays possible.
 */
export function managedByAws(lowerAction: string, resource: RequestResource): boolean {
  const arn = resource.arn;
  if (!arn) return false;
  if (arn.service === 'iam' && !READ_ONLY_IAM.test(lowerAction) && lowerAction.startsWith('iam:')) {
    if (arn.account === 'aws' && arn.resource.startsWith('policy/')) return true;
    if (arn.resource.startsWith('role/aws-reserved/')) return true;
  }
  return MANAGED_ALIAS_CHANGES.has(lowerAction) && arn.service === 'kms' && arn.resource.startsWith('alias/aws/');
}

/**
 * Resources whose own policy must allow even in the same account: a role's trust policy
 * for `sts:AssumeRole*` and a KMS key's key policy (identity policies count only when the
 * key policy delegates to the account).
 */
export function resourcePolicyRequired(lowerAction: string, resource: RequestResource, kind: PolicyKind | undefined): boolean {
  if (kind === 'trust') return true;
  const arn = resource.arn;
  if (!arn) return false;
  if (lowerAction.startsWith('sts:assumerole')) return arn.service === 'iam' && arn.resource.startsWith('role/');
  return arn.service === 'kms' && arn.resource.startsWith('key/') && lowerAction.startsWith('kms:');
}
