/**
 * The curated capability table: for each data service, every action of the catalog with the
 * capabilities it gives on the resource it acts on. k9 Security's published lists are followed
 * where they exist (S3, KMS, SQS, DynamoDB); the other entries follow the same reading of the
 * six capabilities (docs/capabilities.md, generated from this table, explains them).
 *
 * Self-checks in test/iam/capability-table.test.ts fail when a listed action is not in the
 * installed catalog and when a catalog action of a curated service is in no list, so AWS
 * additions and renames surface as test failures, never as silent fallbacks.
 */
import type { Capability } from '../model/access.js';
import { ATHENA, GLUE, RDS, RDS_DATA, RDS_DB, REDSHIFT, REDSHIFT_DATA } from './capability-table-databases.js';
import { CODEARTIFACT, ECR, EXECUTE_API, LAMBDA } from './capability-table-compute.js';
import { IAM, STS } from './capability-table-identity.js';
import { EVENTS, KINESIS, LOGS, SNS, SQS } from './capability-table-messaging.js';
import { OPENSEARCH } from './capability-table-search.js';
import { DYNAMODB, KMS, S3, SECRETSMANAGER, SSM } from './capability-table-storage.js';

export interface CuratedService {
  /** Service prefix, as in actions (`s3`). */
  service: string;
  /** Why the entries that are not self-evident are what they are (shown in the docs). */
  notes: readonly string[];
  /** Action names without the prefix, per capability; an action may be in several lists. */
  capabilities: Readonly<Partial<Record<Capability, readonly string[]>>>;
  /** Actions that intentionally give no capability, with the reason. */
  unmapped?: Readonly<Record<string, string>>;
  /**
   * Set when the table covers only part of the service: it covers the actions that apply to
   * these resource types (plus any action listed above); the others use the fallback.
   */
  scope?: { resourceTypes: readonly string[]; description: string };
}

export const CURATED_SERVICES: readonly CuratedService[] = [
  S3,
  KMS,
  DYNAMODB,
  SQS,
  SNS,
  SECRETSMANAGER,
  SSM,
  LAMBDA,
  ECR,
  CODEARTIFACT,
  EXECUTE_API,
  LOGS,
  EVENTS,
  KINESIS,
  RDS,
  RDS_DATA,
  RDS_DB,
  REDSHIFT,
  REDSHIFT_DATA,
  GLUE,
  ATHENA,
  OPENSEARCH,
  STS,
  IAM,
];
