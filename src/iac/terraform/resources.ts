/**
 * Terraform's resources with resource-based policies: S3, KMS, SQS, SNS, Secrets Manager,
 * Lambda, ECR, DynamoDB, CloudWatch Logs, EventBridge, Glacier, Backup, OpenSearch/Elasticsearch
 * domains, Kinesis, API Gateway REST APIs, CodeArtifact, S3 table buckets. A policy set by its own
 * resource (`aws_s3_bucket_policy`) replaces the one the owning resource reports
 * (`aws_s3_bucket.policy`, which the provider reads back from AWS).
 */
import { hasUnknownValue } from '../../iam/unknown-value.js';
import type { PublicAccessBlock, Resource, SourceLocation } from '../../model/inventory.js';
import { arnResourceName, parseArn, sqsQueueArnFromUrl } from '../arn.js';
import { isObject } from '../json.js';
import { asStoredPolicy, kinesisType } from '../resource-types.js';
import { appendStatement, defaultKeyPolicy, lambdaFunction, lambdaPermissionStatement } from '../statements.js';
import { openAclUnknown } from '../unread.js';
import { codeArtifactDomainArn, codeArtifactRepositoryArn } from './arns.js';
import type { Handler } from './handler.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';
import { writtenString } from './written.js';

interface Declared {
  type: string;
  nameAttribute: string;
  /** The attribute holding the resource's own policy, if it has one. */
  policyAttribute?: string;
}

const DECLARED: Record<string, Declared> = {
  aws_s3_bucket: { type: 'AWS::S3::Bucket', nameAttribute: 'bucket', policyAttribute: 'policy' },
  aws_s3_access_point: { type: 'AWS::S3::AccessPoint', nameAttribute: 'name', policyAttribute: 'policy' },
  aws_kms_key: { type: 'AWS::KMS::Key', nameAttribute: 'key_id', policyAttribute: 'policy' },
  aws_kms_replica_key: { type: 'AWS::KMS::Key', nameAttribute: 'key_id', policyAttribute: 'policy' },
  aws_sqs_queue: { type: 'AWS::SQS::Queue', nameAttribute: 'name', policyAttribute: 'policy' },
  aws_sns_topic: { type: 'AWS::SNS::Topic', nameAttribute: 'name', policyAttribute: 'policy' },
  aws_secretsmanager_secret: { type: 'AWS::SecretsManager::Secret', nameAttribute: 'name', policyAttribute: 'policy' },
  aws_lambda_function: { type: 'AWS::Lambda::Function', nameAttribute: 'function_name' },
  aws_ecr_repository: { type: 'AWS::ECR::Repository', nameAttribute: 'name' },
  aws_dynamodb_table: { type: 'AWS::DynamoDB::Table', nameAttribute: 'name' },
  aws_cloudwatch_event_bus: { type: 'AWS::Events::EventBus', nameAttribute: 'name' },
  aws_glacier_vault: { type: 'AWS::Glacier::Vault', nameAttribute: 'name', policyAttribute: 'access_policy' },
  aws_backup_vault: { type: 'AWS::Backup::BackupVault', nameAttribute: 'name' },
  aws_elasticsearch_domain: { type: 'AWS::Elasticsearch::Domain', nameAttribute: 'domain_name', policyAttribute: 'access_policies' },
  aws_opensearch_domain: { type: 'AWS::OpenSearchService::Domain', nameAttribute: 'domain_name', policyAttribute: 'access_policies' },
  aws_kinesis_stream: { type: 'AWS::Kinesis::Stream', nameAttribute: 'name' },
  aws_s3tables_table_bucket: { type: 'AWS::S3Tables::TableBucket', nameAttribute: 'name' },
  aws_codeartifact_domain: { type: 'AWS::CodeArtifact::Domain', nameAttribute: 'domain' },
  aws_codeartifact_repository: { type: 'AWS::CodeArtifact::Repository', nameAttribute: 'repository' },
  aws_api_gateway_rest_api: { type: 'AWS::ApiGateway::RestApi', nameAttribute: 'name', policyAttribute: 'policy' },
};

/** A separate resource that sets an owner's policy, and the attribute pointing at the owner. */
interface PolicySetter {
  owner: string;
  type: string;
  pointer: string;
  /** Turns the pointer's value (a name, URL, ID or ARN) into the owner's ARN. */
  toArn: (side: PlanSide, inst: TfInstance, value: string) => string | undefined;
  policyAttribute: string;
  /** The owner's Inventory type when it depends on the ARN (a Kinesis stream or consumer). */
  ownerType?: (arn: string) => string;
}

const regionalArn = (service: string, resource: (value: string) => string) => (side: PlanSide, inst: TfInstance, value: string) =>
  value.startsWith('arn:') ? value : `arn:${side.facts.partition}:${service}:${side.region(inst)}:${side.account}:${resource(value)}`;

const SETTERS: PolicySetter[] = [
  { owner: 'aws_s3_bucket', type: 'aws_s3_bucket_policy', pointer: 'bucket', policyAttribute: 'policy', toArn: (side, _i, v) => s3BucketArn(side, v) },
  { owner: 'aws_kms_key', type: 'aws_kms_key_policy', pointer: 'key_id', policyAttribute: 'policy', toArn: regionalArn('kms', (id) => `key/${id}`) },
  { owner: 'aws_sqs_queue', type: 'aws_sqs_queue_policy', pointer: 'queue_url', policyAttribute: 'policy', toArn: (side, _i, v) => (v.startsWith('arn:') ? v : sqsQueueArnFromUrl(v, side.facts.partition)) },
  { owner: 'aws_sns_topic', type: 'aws_sns_topic_policy', pointer: 'arn', policyAttribute: 'policy', toArn: (_s, _i, v) => v },
  { owner: 'aws_secretsmanager_secret', type: 'aws_secretsmanager_secret_policy', pointer: 'secret_arn', policyAttribute: 'policy', toArn: (_s, _i, v) => v },
  { owner: 'aws_s3_access_point', type: 'aws_s3control_access_point_policy', pointer: 'access_point_arn', policyAttribute: 'policy', toArn: (_s, _i, v) => v },
  { owner: 'aws_ecr_repository', type: 'aws_ecr_repository_policy', pointer: 'repository', policyAttribute: 'policy', toArn: regionalArn('ecr', (n) => `repository/${n}`) },
  { owner: 'aws_dynamodb_table', type: 'aws_dynamodb_resource_policy', pointer: 'resource_arn', policyAttribute: 'policy', toArn: (_s, _i, v) => v },
  { owner: 'aws_cloudwatch_event_bus', type: 'aws_cloudwatch_event_bus_policy', pointer: 'event_bus_name', policyAttribute: 'policy', toArn: regionalArn('events', (n) => `event-bus/${n}`) },
  { owner: 'aws_backup_vault', type: 'aws_backup_vault_policy', pointer: 'backup_vault_name', policyAttribute: 'policy', toArn: regionalArn('backup', (n) => `backup-vault:${n}`) },
  { owner: 'aws_elasticsearch_domain', type: 'aws_elasticsearch_domain_policy', pointer: 'domain_name', policyAttribute: 'access_policies', toArn: regionalArn('es', (n) => `domain/${n}`) },
  { owner: 'aws_opensearch_domain', type: 'aws_opensearch_domain_policy', pointer: 'domain_name', policyAttribute: 'access_policies', toArn: regionalArn('es', (n) => `domain/${n}`) },
  // A stream or one of its consumers (`…:stream/NAME/consumer/CONSUMER:TIMESTAMP`).
  { owner: 'aws_kinesis_stream', type: 'aws_kinesis_resource_policy', pointer: 'resource_arn', policyAttribute: 'policy', toArn: (_s, _i, v) => v, ownerType: kinesisType },
  { owner: 'aws_s3tables_table_bucket', type: 'aws_s3tables_table_bucket_policy', pointer: 'table_bucket_arn', policyAttribute: 'resource_policy', toArn: (_s, _i, v) => v },
  {
    owner: 'aws_codeartifact_domain',
    type: 'aws_codeartifact_domain_permissions_policy',
    pointer: 'domain',
    policyAttribute: 'policy_document',
    toArn: codeArtifactDomainArn,
  },
  { owner: 'aws_codeartifact_repository', type: 'aws_codeartifact_repository_permissions_policy', pointer: 'repository', policyAttribute: 'policy_document', toArn: codeArtifactRepositoryArn },
  {
    owner: 'aws_api_gateway_rest_api',
    type: 'aws_api_gateway_rest_api_policy',
    pointer: 'rest_api_id',
    policyAttribute: 'policy',
    toArn: regionalArn('execute-api', (id) => id),
  },
];

const TYPE_OF_OWNER: Record<string, string> = Object.fromEntries(Object.entries(DECLARED).map(([tf, d]) => [tf, d.type]));

export const RESOURCE_HANDLERS: Record<string, Handler> = {
  ...Object.fromEntries(Object.entries(DECLARED).map(([tfType, declared]) => [tfType, { phase: 'declare' as const, read: (side: PlanSide, inst: TfInstance) => declareResource(side, inst, tfType, declared) }])),
  ...Object.fromEntries(SETTERS.map((setter) => [setter.type, { phase: 'attach' as const, read: (side: PlanSide, inst: TfInstance) => setPolicy(side, inst, setter) }])),
  aws_s3_bucket_public_access_block: { phase: 'attach', read: bucketPublicAccessBlock },
  aws_s3_bucket_acl: { phase: 'attach', read: bucketAcl },
  aws_s3_account_public_access_block: {
    phase: 'declare',
    read: (side, inst) => side.builder.setAccountPublicAccessBlock(publicAccessBlock(side, inst, inst, side.source(inst))),
  },
  aws_cloudwatch_log_resource_policy: { phase: 'declare', read: logResourcePolicy },
  aws_kms_alias: { phase: 'attach', read: kmsAlias },
  aws_kms_grant: { phase: 'extend', read: kmsGrant },
  aws_lambda_permission: { phase: 'extend', read: lambdaPermission },
};

/** Keys (`policy|OWNER_TYPE|VALUE`) of owners whose policy a separate resource sets on a side. */
export function separatelySetPolicies(side: PlanSide, keys: Set<string>): void {
  for (const setter of SETTERS) {
    for (const inst of side.ofType(setter.type)) {
      const value = side.string(inst, setter.pointer);
      if (value) keys.add(`policy|${setter.owner}|${value}`);
      const ref = side.referenced(inst, setter.pointer);
      if (ref) keys.add(`policy|${setter.owner}|${ref.target.address}`);
    }
  }
}

/** Attributes that may hold what a separate policy resource names its owner by. */
const OWNER_IDENTITY_ATTRIBUTES = ['bucket', 'id', 'name', 'url', 'key_id', 'arn', 'function_name', 'domain_name'];

function policySetSeparately(side: PlanSide, inst: TfInstance, tfType: string, arn: string): boolean {
  const separately = (id: string | undefined) => id !== undefined && side.managedSeparately(`policy|${tfType}|${id}`);
  return separately(inst.address) || separately(arn) || OWNER_IDENTITY_ATTRIBUTES.some((attribute) => separately(side.string(inst, attribute)));
}

function declareResource(side: PlanSide, inst: TfInstance, tfType: string, declared: Declared): void {
  const arn = side.declaredArn(inst);
  const parsed = parseArn(arn);
  const name = side.name(inst, declared.nameAttribute);
  const resource: Resource = {
    arn,
    type: declared.type,
    name,
    accountId: parsed?.account || side.account,
    ...(parsed?.region ? { region: parsed.region } : tfType === 'aws_s3_bucket' ? { region: side.region(inst) } : {}),
    tags: side.tags(inst),
    source: side.source(inst),
  };
  if (declared.policyAttribute && !policySetSeparately(side, inst, tfType, arn)) {
    const policy = side.policy(inst, declared.policyAttribute, resourcePolicySpec(resource));
    if (policy) resource.policy = asStoredPolicy(policy, resource.type, arn);
    else if (isKmsKey(tfType) && !side.isConfigured(inst, 'policy')) resource.policy = defaultKeyPolicy(resource, side.facts.partition);
  }
  if (tfType === 'aws_s3_access_point') {
    const [block] = side.blocks(inst, 'public_access_block_configuration') ?? [];
    if (block) resource.publicAccessBlock = publicAccessBlock(side, block, inst, resource.source);
  }
  if (tfType === 'aws_s3_bucket' && side.isConfigured(inst, 'acl')) reportOpenAcl(side, inst, () => resource, side.string(inst, 'acl'), []);
  side.builder.putResource(resource);
}

/**
 * S3 ACLs are an access path the engine does not evaluate: a canned ACL or grant that opens a
 * bucket to everyone or to every AWS account is unknown access, never passed over.
 */
function reportOpenAcl(side: PlanSide, inst: TfInstance, bucketOf: () => Resource, canned: string | undefined, granteeUris: string[]): void {
  const open = [...(canned && OPEN_CANNED_ACLS.has(canned) ? [`canned ACL ${canned}`] : []), ...granteeUris.filter((uri) => /\/(AllUsers|AuthenticatedUsers)$/.test(uri)).map((uri) => `a grant to ${uri.slice(uri.lastIndexOf('/') + 1)}`)];
  if (open.length === 0) return;
  const attribute = canned && OPEN_CANNED_ACLS.has(canned) ? 'acl' : 'access_control_policy';
  const bucket = bucketOf();
  side.builder.addOpenAcl(bucket.arn, openAclUnknown(inst.address, attribute, bucket.name, open, side.source(inst)));
}

const OPEN_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);

/** `aws_s3_bucket_acl`: a canned ACL or explicit grants. */
function bucketAcl(side: PlanSide, inst: TfInstance): void {
  const bucket = () => pointedResource(side, inst, { owner: 'aws_s3_bucket', pointer: 'bucket', toArn: (s, _i, v) => s3BucketArn(s, v) });
  const uris: string[] = [];
  for (const policy of side.blocks(inst, 'access_control_policy') ?? []) {
    for (const grant of side.blocks(policy, 'grant') ?? []) {
      for (const grantee of side.blocks(grant, 'grantee') ?? []) {
        const uri = side.string(grantee, 'uri');
        if (uri) uris.push(uri);
      }
    }
  }
  reportOpenAcl(side, inst, bucket, side.string(inst, 'acl'), uris);
}

function isKmsKey(tfType: string): boolean {
  return tfType === 'aws_kms_key' || tfType === 'aws_kms_replica_key';
}

function resourcePolicySpec(resource: Resource) {
  return { id: `${resource.arn}#policy`, name: `${resource.name} resource policy`, kind: 'resource' as const, subject: resource.arn };
}

/**
 * The resource a setter's pointer designates, created as a partial entry when not declared.
 * When the pointer stays unknown, a symbolic resource stands for it (and the unknown is recorded).
 */
function pointedResource(side: PlanSide, inst: TfInstance, setter: Pick<PolicySetter, 'owner' | 'pointer' | 'toArn' | 'ownerType'>): Resource {
  const pointer = side.pointer(inst, setter.pointer);
  let arn = pointer === undefined ? undefined : 'arn' in pointer ? pointer.arn : setter.toArn(side, inst, pointer.value);
  if (arn === undefined) {
    const symbol = side.symbol(inst, setter.pointer);
    arn = setter.toArn(side, inst, symbol) ?? symbol;
    side.unknown(inst, setter.pointer, arn);
  }
  const type = setter.ownerType?.(arn) ?? TYPE_OF_OWNER[setter.owner] ?? setter.owner;
  return side.builder.resource(arn, type, arnResourceName(arn), side.source(inst));
}

function setPolicy(side: PlanSide, inst: TfInstance, setter: PolicySetter): void {
  const resource = pointedResource(side, inst, setter);
  const policy = side.policy(inst, setter.policyAttribute, resourcePolicySpec(resource));
  if (policy) resource.policy = asStoredPolicy(policy, resource.type, resource.arn);
  else delete resource.policy;
}

function bucketPublicAccessBlock(side: PlanSide, inst: TfInstance): void {
  const bucket = pointedResource(side, inst, { owner: 'aws_s3_bucket', pointer: 'bucket', toArn: (s, _i, v) => s3BucketArn(s, v) });
  bucket.publicAccessBlock = publicAccessBlock(side, inst, inst, side.source(inst));
}

function publicAccessBlock(side: PlanSide, values: TfInstance, owner: TfInstance, source: SourceLocation | undefined): PublicAccessBlock {
  const flags = ['block_public_acls', 'ignore_public_acls', 'block_public_policy', 'restrict_public_buckets'] as const;
  for (const flag of flags) {
    if (side.isUnknown(values, flag)) side.unknown(owner, `${values.attributePrefix ?? ''}${flag}`, owner.address);
  }
  return {
    blockPublicAcls: side.bool(values, 'block_public_acls'),
    ignorePublicAcls: side.bool(values, 'ignore_public_acls'),
    blockPublicPolicy: side.bool(values, 'block_public_policy'),
    restrictPublicBuckets: side.bool(values, 'restrict_public_buckets'),
    ...(source ? { source } : {}),
  };
}

/**
 * A CloudWatch Logs resource policy applies to the log groups its statements name, account-wide
 * in a region; it is kept as a resource of its own (`AWS::Logs::ResourcePolicy`).
 */
function logResourcePolicy(side: PlanSide, inst: TfInstance): void {
  const name = side.name(inst, 'policy_name');
  const arn = `arn:${side.facts.partition}:logs:${side.region(inst)}:${side.account}:resource-policy:${name}`;
  const resource: Resource = {
    arn,
    type: 'AWS::Logs::ResourcePolicy',
    name,
    accountId: side.account,
    region: side.region(inst),
    tags: {},
    source: side.source(inst),
  };
  const policy = side.policy(inst, 'policy_document', resourcePolicySpec(resource));
  if (policy) resource.policy = policy;
  side.builder.putResource(resource);
}

function kmsAlias(side: PlanSide, inst: TfInstance): void {
  const alias = side.string(inst, 'name');
  const pointer = side.pointer(inst, 'target_key_id');
  if (!alias || !pointer) return;
  const arn = 'arn' in pointer ? pointer.arn : regionalArn('kms', (id) => `key/${id}`)(side, inst, pointer.value);
  const key = side.builder.findResource(arn);
  if (key) key.name = alias;
}

/** A KMS grant acts as an Allow statement of the key's policy for the grantee. */
function kmsGrant(side: PlanSide, inst: TfInstance): void {
  const key = pointedResource(side, inst, { owner: 'aws_kms_key', pointer: 'key_id', toArn: regionalArn('kms', (id) => `key/${id}`) });
  const grantee = side.string(inst, 'grantee_principal');
  const operations = side.strings(inst, 'operations');
  if (!grantee || side.isUnknown(inst, 'operations')) {
    side.unknown(inst, grantee ? 'operations' : 'grantee_principal', key.arn);
    return;
  }
  const sid = `Grant ${side.string(inst, 'name') ?? inst.address}`;
  const condition = grantConstraints(side, inst);
  appendStatement(key, {
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: grantee },
    Action: operations.map((op) => `kms:${op}`),
    Resource: '*',
    ...(condition ? { Condition: condition } : {}),
  }, side.source(inst));
  const retiring = side.string(inst, 'retiring_principal');
  if (retiring) {
    appendStatement(key, { Sid: `${sid} retiring`, Effect: 'Allow', Principal: { AWS: retiring }, Action: 'kms:RetireGrant', Resource: '*' }, side.source(inst));
  }
}

function grantConstraints(side: PlanSide, inst: TfInstance): Record<string, Record<string, unknown>> | undefined {
  const [constraints] = side.blocks(inst, 'constraints') ?? [];
  if (!constraints) return undefined;
  const equals = side.value(constraints, 'encryption_context_equals');
  const subset = side.value(constraints, 'encryption_context_subset');
  const condition: Record<string, Record<string, unknown>> = {};
  for (const context of [equals, subset]) {
    if (!isObject(context)) continue;
    for (const [key, value] of Object.entries(context)) {
      condition['StringEquals'] = { ...condition['StringEquals'], [`kms:EncryptionContext:${key}`]: value };
    }
  }
  if (isObject(equals)) condition['ForAllValues:StringEquals'] = { 'kms:EncryptionContextKeys': Object.keys(equals) };
  return Object.keys(condition).length > 0 ? condition : undefined;
}

/** `aws_lambda_permission`: one statement of the function's policy. */
function lambdaPermission(side: PlanSide, inst: TfInstance): void {
  const env = { partition: side.facts.partition, region: side.region(inst), account: side.account };
  const fn = pointedResource(side, inst, { owner: 'aws_lambda_function', pointer: 'function_name', toArn: (_s, _i, v) => lambdaFunction(v, env).arn });
  const principal = side.string(inst, 'principal');
  const action = side.string(inst, 'action');
  if (!principal || !action) {
    side.unknown(inst, principal ? 'action' : 'principal', fn.arn);
    return;
  }
  // A condition value known only after apply stays in the statement: the resource the
  // configuration refers to (by its ARN, possibly symbolic: then undecided only when that
  // resource's identity is), else an unknown value.
  const optional = (attribute: string): string | undefined => {
    if (!side.isUnknown(inst, attribute)) return side.string(inst, attribute);
    // As written (`"${aws_apigatewayv2_api.http.execution_arn}/*/*"`), when the .tf files tell it.
    const written = writtenString(side, inst, attribute);
    if (written !== undefined) return written;
    const pointer = side.pointer(inst, attribute);
    const resolved = pointer && 'arn' in pointer ? pointer : undefined;
    const value = resolved?.arn ?? side.symbol(inst, attribute);
    if (hasUnknownValue(value) && !resolved?.decided) side.unknown(inst, attribute, fn.arn);
    return value;
  };
  const given = side.string(inst, 'function_name');
  const qualifier = side.string(inst, 'qualifier') ?? (given ? lambdaFunction(given, env).qualifier : undefined);
  const statement = lambdaPermissionStatement(
    {
      sid: side.string(inst, 'statement_id') ?? inst.address,
      action,
      principal,
      resource: qualifier ? `${fn.arn}:${qualifier}` : fn.arn,
      ...definedOnly({
        sourceArn: optional('source_arn'),
        sourceAccount: optional('source_account'),
        principalOrgId: optional('principal_org_id'),
        functionUrlAuthType: optional('function_url_auth_type'),
      }),
    },
    side.facts.partition,
  );
  appendStatement(fn, statement, side.source(inst));
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}

function s3BucketArn(side: PlanSide, value: string): string {
  return value.startsWith('arn:') ? value : `arn:${side.facts.partition}:s3:::${value}`;
}

