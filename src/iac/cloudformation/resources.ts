/**
 * CloudFormation resource types with access: IAM, resource policies, workload roles and
 * Organizations policies. Handlers run in phases, as for Terraform (see terraform/handler.ts).
 */
import type { Group, IdentityType, Principal, PublicAccessBlock, Resource, Workload } from '../../model/inventory.js';
import { arnResourceName, iamArn, iamPath, parseArn, parseIamArn, sqsQueueArnFromUrl } from '../arn.js';
import { isObject } from '../json.js';
import { controlKind, type OrganizationCollector } from '../organization.js';
import { asStoredPolicy, cloudTrailType, kinesisType } from '../resource-types.js';
import { appendStatement, defaultKeyPolicy, lambdaFunction, lambdaPermissionStatement } from '../statements.js';
import { openAclUnknown } from '../unread.js';
import type { Stack } from './stack.js';

export interface CfnHandler {
  phase: 'declare' | 'attach' | 'extend' | 'use';
  read: (stack: Stack, id: string, properties: Record<string, unknown>, org: OrganizationCollector) => void;
}

/** Resource types and the property holding their own policy (as AWS stores it: asStoredPolicy). */
const RESOURCE_TYPES: Record<string, { policy?: string[] }> = {
  'AWS::S3::Bucket': {},
  'AWS::S3::AccessPoint': { policy: ['Policy'] },
  'AWS::KMS::Key': { policy: ['KeyPolicy'] },
  'AWS::KMS::ReplicaKey': { policy: ['KeyPolicy'] },
  'AWS::SQS::Queue': {},
  'AWS::SNS::Topic': {},
  'AWS::SecretsManager::Secret': {},
  'AWS::ECR::Repository': { policy: ['RepositoryPolicyText'] },
  'AWS::DynamoDB::Table': { policy: ['ResourcePolicy', 'PolicyDocument'] },
  'AWS::Events::EventBus': { policy: ['Policy'] },
  'AWS::Backup::BackupVault': { policy: ['AccessPolicy'] },
  'AWS::OpenSearchService::Domain': { policy: ['AccessPolicies'] },
  'AWS::Elasticsearch::Domain': { policy: ['AccessPolicies'] },
  'AWS::Kinesis::Stream': {},
  'AWS::ApiGateway::RestApi': { policy: ['Policy'] },
  'AWS::S3Tables::TableBucket': {},
  'AWS::S3Express::AccessPoint': { policy: ['Policy'] },
  'AWS::CodeArtifact::Domain': { policy: ['PermissionsPolicyDocument'] },
  'AWS::CodeArtifact::Repository': { policy: ['PermissionsPolicyDocument'] },
};

export const CFN_HANDLERS: Record<string, CfnHandler[]> = {
  'AWS::IAM::Role': [{ phase: 'declare', read: (s, id, p) => declarePrincipal(s, id, p, 'IAMRole') }],
  'AWS::IAM::User': [
    { phase: 'declare', read: (s, id, p) => declarePrincipal(s, id, p, 'IAMUser') },
    { phase: 'attach', read: (s, id, p) => strings(p['Groups']).forEach((g) => s.builder.addUserToGroup(s.builder.principal('IAMUser', s.name(id)), s.builder.group(g, s.source(id)))) },
  ],
  'AWS::IAM::Group': [{ phase: 'declare', read: declareGroup }],
  'AWS::IAM::ManagedPolicy': [
    { phase: 'declare', read: declareManagedPolicy },
    { phase: 'attach', read: (s, id, p) => forEachOwner(s, id, p, (owner) => s.builder.attachManagedPolicy(owner, s.arn(id)!)) },
  ],
  'AWS::IAM::Policy': [{ phase: 'attach', read: inlinePolicyForMany }],
  'AWS::IAM::RolePolicy': [{ phase: 'attach', read: (s, id, p) => inlinePolicy(s, id, p, [s.builder.principal('IAMRole', text(p['RoleName']), s.source(id))]) }],
  'AWS::IAM::UserPolicy': [{ phase: 'attach', read: (s, id, p) => inlinePolicy(s, id, p, [s.builder.principal('IAMUser', text(p['UserName']), s.source(id))]) }],
  'AWS::IAM::GroupPolicy': [{ phase: 'attach', read: (s, id, p) => inlinePolicy(s, id, p, [s.builder.group(text(p['GroupName']), s.source(id))]) }],
  'AWS::IAM::UserToGroupAddition': [
    {
      phase: 'attach',
      read: (s, id, p) => {
        const group = s.builder.group(text(p['GroupName']), s.source(id));
        for (const user of strings(p['Users'])) s.builder.addUserToGroup(s.builder.principal('IAMUser', user, s.source(id)), group);
      },
    },
  ],
  'AWS::IAM::InstanceProfile': [
    {
      phase: 'attach',
      read: (s, id, p) =>
        s.builder.putInstanceProfile({
          arn: s.arn(id)!,
          name: s.name(id),
          roleArns: strings(p['Roles']).map((role) => s.builder.principal('IAMRole', role, s.source(id)).arn),
          source: s.source(id),
        }),
    },
  ],
  'AWS::IAM::OIDCProvider': [
    {
      phase: 'declare',
      read: (s, id, p) =>
        s.builder.putIdentityProvider({ arn: s.arn(id)!, type: 'oidc', url: s.name(id).replace(/^https:\/\//, ''), clientIds: strings(p['ClientIdList']), source: s.source(id) }),
    },
  ],
  'AWS::IAM::SAMLProvider': [{ phase: 'declare', read: (s, id) => s.builder.putIdentityProvider({ arn: s.arn(id)!, type: 'saml', source: s.source(id) }) }],
  ...Object.fromEntries(Object.entries(RESOURCE_TYPES).map(([type, spec]) => [type, [{ phase: 'declare' as const, read: (s: Stack, id: string, p: Record<string, unknown>) => declareResource(s, id, p, type, spec.policy) }]])),
  'AWS::S3::BucketPolicy': [{ phase: 'attach', read: (s, id, p) => setPolicy(s, id, p['PolicyDocument'], 'PolicyDocument', 'Bucket', [bucketArn(s, text(p['Bucket']))], 'AWS::S3::Bucket') }],
  'AWS::SQS::QueuePolicy': [{ phase: 'attach', read: (s, id, p) => setPolicy(s, id, p['PolicyDocument'], 'PolicyDocument', 'Queues', strings(p['Queues']).map((url) => queueArn(s, url)), 'AWS::SQS::Queue') }],
  'AWS::SNS::TopicPolicy': [{ phase: 'attach', read: (s, id, p) => setPolicy(s, id, p['PolicyDocument'], 'PolicyDocument', 'Topics', strings(p['Topics']), 'AWS::SNS::Topic') }],
  'AWS::SNS::TopicInlinePolicy': [{ phase: 'attach', read: (s, id, p) => setPolicy(s, id, p['PolicyDocument'], 'PolicyDocument', 'TopicArn', [text(p['TopicArn'])], 'AWS::SNS::Topic') }],
  'AWS::Kinesis::ResourcePolicy': resourceArnPolicy(kinesisType),
  'AWS::S3Tables::TableBucketPolicy': [
    { phase: 'attach', read: (s, id, p) => setPolicy(s, id, p['ResourcePolicy'], 'ResourcePolicy', 'TableBucketARN', [text(p['TableBucketARN'])], 'AWS::S3Tables::TableBucket') },
  ],
  'AWS::CloudTrail::ResourcePolicy': resourceArnPolicy(cloudTrailType),
  'AWS::SecretsManager::ResourcePolicy': [{ phase: 'attach', read: (s, id, p) => setPolicy(s, id, p['ResourcePolicy'], 'ResourcePolicy', 'SecretId', [secretArn(s, text(p['SecretId']))], 'AWS::SecretsManager::Secret') }],
  'AWS::Logs::ResourcePolicy': [{ phase: 'declare', read: logResourcePolicy }],
  'AWS::KMS::Alias': [
    {
      phase: 'attach',
      read: (s, id, p) => {
        const key = s.builder.findResource(keyArn(s, text(p['TargetKeyId'])));
        if (key && typeof p['AliasName'] === 'string') key.name = p['AliasName'];
      },
    },
  ],
  'AWS::Lambda::Permission': [{ phase: 'extend', read: lambdaPermission }],
  'AWS::Events::EventBusPolicy': [{ phase: 'extend', read: eventBusPolicy }],
  'AWS::Lambda::Function': [
    { phase: 'declare', read: (s, id, p) => declareResource(s, id, p, 'AWS::Lambda::Function', undefined) },
    { phase: 'use', read: (s, id, p) => workload(s, id, 'lambda', s.name(id), p['Role']) },
  ],
  'AWS::ECS::TaskDefinition': [
    {
      phase: 'use',
      read: (s, id, p) => {
        workload(s, id, 'ecs-task', s.name(id), p['TaskRoleArn']);
        workload(s, id, 'ecs-task-execution', s.name(id), p['ExecutionRoleArn']);
      },
    },
  ],
  'AWS::EC2::Instance': [{ phase: 'use', read: (s, id, p) => profileWorkload(s, id, 'ec2-instance', p['IamInstanceProfile']) }],
  'AWS::EC2::LaunchTemplate': [
    {
      phase: 'use',
      read: (s, id, p) => {
        const data = isObject(p['LaunchTemplateData']) ? p['LaunchTemplateData'] : {};
        const profile = isObject(data['IamInstanceProfile']) ? data['IamInstanceProfile'] : {};
        profileWorkload(s, id, 'launch-template', profile['Arn'] ?? profile['Name']);
      },
    },
  ],
  'AWS::Organizations::Policy': [{ phase: 'declare', read: organizationPolicy }],
  'AWS::Organizations::OrganizationalUnit': [{ phase: 'declare', read: (s, id, p, org) => org.place(s.name(id), text(p['ParentId']), false) }],
  'AWS::Organizations::Account': [{ phase: 'declare', read: (s, id, p, org) => strings(p['ParentIds']).forEach((parent) => org.place(s.name(id), parent, true)) }],
};

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function declarePrincipal(stack: Stack, id: string, p: Record<string, unknown>, type: IdentityType): void {
  const arn = stack.arn(id)!;
  const principal: Principal = {
    arn,
    type,
    name: stack.name(id),
    path: iamPath(p['Path']),
    accountId: parseArn(arn)?.account ?? stack.env.accountId,
    inlinePolicies: [],
    managedPolicyArns: [...new Set(strings(p['ManagedPolicyArns']))],
    groupArns: [],
    tags: stack.tags(id),
    source: stack.source(id),
  };
  if (typeof p['PermissionsBoundary'] === 'string') principal.permissionsBoundaryArn = p['PermissionsBoundary'];
  if (type === 'IAMRole') {
    const trust = stack.policy(id, 'AssumeRolePolicyDocument', p['AssumeRolePolicyDocument'], { id: `${arn}#trust`, name: `${principal.name} trust policy`, kind: 'trust', subject: arn });
    if (trust) principal.trustPolicy = trust;
  }
  ownInlinePolicies(stack, id, p, principal);
  stack.builder.putPrincipal(principal);
}

function declareGroup(stack: Stack, id: string, p: Record<string, unknown>): void {
  const group: Group = {
    arn: stack.arn(id)!,
    name: stack.name(id),
    path: iamPath(p['Path']),
    accountId: stack.env.accountId,
    inlinePolicies: [],
    managedPolicyArns: [...new Set(strings(p['ManagedPolicyArns']))],
    source: stack.source(id),
  };
  ownInlinePolicies(stack, id, p, group);
  stack.builder.putGroup(group);
}

/** The `Policies` property of a role, user or group. */
function ownInlinePolicies(stack: Stack, id: string, p: Record<string, unknown>, owner: Principal | Group): void {
  const policies = Array.isArray(p['Policies']) ? p['Policies'] : [];
  policies.forEach((entry, i) => {
    if (!isObject(entry)) return;
    const name = typeof entry['PolicyName'] === 'string' ? entry['PolicyName'] : `#${i + 1}`;
    const policy = stack.policy(id, `Policies[${i}].PolicyDocument`, entry['PolicyDocument'], { id: `${owner.arn}#inline/${name}`, name, kind: 'inline', subject: owner.arn });
    if (policy) stack.builder.putInlinePolicy(owner, policy);
  });
}

function declareManagedPolicy(stack: Stack, id: string, p: Record<string, unknown>): void {
  const arn = stack.arn(id)!;
  const name = stack.name(id);
  const policy = stack.policy(id, 'PolicyDocument', p['PolicyDocument'], { id: arn, name, kind: 'managed', subject: arn });
  if (policy) stack.builder.putManagedPolicy({ arn, name, awsManaged: false, policy, source: stack.source(id) });
}

/** The roles, users and groups named by `Roles`, `Users` and `Groups`. */
function forEachOwner(stack: Stack, id: string, p: Record<string, unknown>, act: (owner: Principal | Group) => void): void {
  const source = stack.source(id);
  for (const role of strings(p['Roles'])) act(stack.builder.principal('IAMRole', role, source));
  for (const user of strings(p['Users'])) act(stack.builder.principal('IAMUser', user, source));
  for (const group of strings(p['Groups'])) act(stack.builder.group(group, source));
}

function inlinePolicyForMany(stack: Stack, id: string, p: Record<string, unknown>): void {
  const owners: Array<Principal | Group> = [];
  forEachOwner(stack, id, p, (owner) => owners.push(owner));
  inlinePolicy(stack, id, p, owners);
}

function inlinePolicy(stack: Stack, id: string, p: Record<string, unknown>, owners: Array<Principal | Group>): void {
  const name = typeof p['PolicyName'] === 'string' ? p['PolicyName'] : stack.name(id);
  for (const owner of owners) {
    const policy = stack.policy(id, 'PolicyDocument', p['PolicyDocument'], { id: `${owner.arn}#inline/${name}`, name, kind: 'inline', subject: owner.arn });
    if (policy) stack.builder.putInlinePolicy(owner, policy);
  }
}

function declareResource(
  stack: Stack,
  id: string,
  p: Record<string, unknown>,
  type: string,
  policyPath: string[] | undefined,
): void {
  const arn = stack.arn(id)!;
  const parsed = parseArn(arn);
  const resource: Resource = {
    arn,
    type: type === 'AWS::KMS::ReplicaKey' ? 'AWS::KMS::Key' : type,
    // A key's ID is AWS's to choose at creation: the review names it by its logical ID (or alias).
    name: type.startsWith('AWS::KMS::') ? id : stack.name(id),
    accountId: parsed?.account || stack.env.accountId,
    region: parsed?.region || stack.env.region,
    tags: stack.tags(id),
    source: stack.source(id),
  };
  if (policyPath) {
    const value = policyPath.reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), p);
    const policy = stack.policy(id, policyPath.join('.'), value, resourcePolicySpec(resource));
    if (policy) resource.policy = asStoredPolicy(policy, resource.type, arn);
    else if (type.startsWith('AWS::KMS::')) resource.policy = defaultKeyPolicy(resource, stack.env.partition);
  }
  const block = p['PublicAccessBlockConfiguration'];
  if (isObject(block)) resource.publicAccessBlock = publicAccessBlock(block, stack, id);
  const acl = type === 'AWS::S3::Bucket' ? p['AccessControl'] : undefined;
  if (typeof acl === 'string' && OPEN_ACLS.has(acl)) stack.builder.addOpenAcl(resource.arn, openAclUnknown(id, 'AccessControl', resource.name, [`AccessControl ${acl}`], stack.source(id)));
  stack.builder.putResource(resource);
}

const OPEN_ACLS = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead']);

function resourcePolicySpec(resource: Resource) {
  return { id: `${resource.arn}#policy`, name: `${resource.name} resource policy`, kind: 'resource' as const, subject: resource.arn };
}

function publicAccessBlock(block: Record<string, unknown>, stack: Stack, id: string): PublicAccessBlock {
  return {
    blockPublicAcls: block['BlockPublicAcls'] === true || block['BlockPublicAcls'] === 'true',
    ignorePublicAcls: block['IgnorePublicAcls'] === true || block['IgnorePublicAcls'] === 'true',
    blockPublicPolicy: block['BlockPublicPolicy'] === true || block['BlockPublicPolicy'] === 'true',
    restrictPublicBuckets: block['RestrictPublicBuckets'] === true || block['RestrictPublicBuckets'] === 'true',
    source: stack.source(id),
  };
}

/**
 * `AWS::…::ResourcePolicy` setting its `ResourcePolicy` on the resource `ResourceArn` names, whose
 * Inventory type its ARN tells (a Kinesis stream or consumer, a CloudTrail store or channel).
 */
function resourceArnPolicy(typeOf: (arn: string) => string): CfnHandler[] {
  return [
    {
      phase: 'attach',
      read: (s, id, p) => {
        const arn = text(p['ResourceArn']);
        setPolicy(s, id, p['ResourcePolicy'], 'ResourcePolicy', 'ResourceArn', [arn], typeOf(arn));
      },
    },
  ];
}

/**
 * A policy resource (`AWS::S3::BucketPolicy`, ...) that sets the policy of the resources it names
 * in its `pointer` property.
 */
function setPolicy(stack: Stack, id: string, value: unknown, property: string, pointer: string, arns: string[], type: string): void {
  for (const arn of arns) {
    stack.recordUnknown(id, pointer, arn, arn);
    const resource = stack.builder.resource(arn, type, arnResourceName(arn), stack.source(id));
    const policy = stack.policy(id, property, value, resourcePolicySpec(resource));
    if (policy) resource.policy = policy;
  }
}

function bucketArn(stack: Stack, bucket: string): string {
  return bucket.startsWith('arn:') ? bucket : `arn:${stack.env.partition}:s3:::${bucket}`;
}

function queueArn(stack: Stack, url: string): string {
  return url.startsWith('arn:') ? url : (sqsQueueArnFromUrl(url, stack.env.partition) ?? `arn:${stack.env.partition}:sqs:${stack.env.region}:${stack.env.accountId}:${url}`);
}

function secretArn(stack: Stack, secret: string): string {
  return secret.startsWith('arn:') ? secret : `arn:${stack.env.partition}:secretsmanager:${stack.env.region}:${stack.env.accountId}:secret:${secret}-??????`;
}

function keyArn(stack: Stack, key: string): string {
  return key.startsWith('arn:') ? key : `arn:${stack.env.partition}:kms:${stack.env.region}:${stack.env.accountId}:key/${key}`;
}

function logResourcePolicy(stack: Stack, id: string, p: Record<string, unknown>): void {
  const name = typeof p['PolicyName'] === 'string' ? p['PolicyName'] : stack.name(id);
  const resource: Resource = {
    arn: `arn:${stack.env.partition}:logs:${stack.env.region}:${stack.env.accountId}:resource-policy:${name}`,
    type: 'AWS::Logs::ResourcePolicy',
    name,
    accountId: stack.env.accountId,
    region: stack.env.region,
    tags: {},
    source: stack.source(id),
  };
  const policy = stack.policy(id, 'PolicyDocument', p['PolicyDocument'], resourcePolicySpec(resource));
  if (policy) resource.policy = policy;
  stack.builder.putResource(resource);
}

function lambdaPermission(stack: Stack, id: string, p: Record<string, unknown>): void {
  const env = { partition: stack.env.partition, region: stack.env.region, account: stack.env.accountId };
  const fn = lambdaFunction(text(p['FunctionName']), env);
  const resource = stack.builder.resource(fn.arn, 'AWS::Lambda::Function', arnResourceName(fn.arn), stack.source(id));
  const optional = (key: string) => (typeof p[key] === 'string' ? { [key]: p[key] as string } : {});
  const statement = lambdaPermissionStatement(
    {
      sid: id,
      action: text(p['Action']),
      principal: text(p['Principal']),
      resource: fn.qualifier ? `${fn.arn}:${fn.qualifier}` : fn.arn,
      ...rename(optional('SourceArn'), 'sourceArn'),
      ...rename(optional('SourceAccount'), 'sourceAccount'),
      ...rename(optional('PrincipalOrgID'), 'principalOrgId'),
      ...rename(optional('FunctionUrlAuthType'), 'functionUrlAuthType'),
    },
    stack.env.partition,
  );
  appendStatement(resource, statement, stack.source(id));
  for (const key of ['FunctionName', 'Principal', 'Action', 'SourceArn', 'SourceAccount', 'PrincipalOrgID']) stack.recordUnknown(id, key, p[key], fn.arn);
}

function rename(value: Record<string, string>, to: string): Record<string, string> {
  const [first] = Object.values(value);
  return first === undefined ? {} : { [to]: first };
}

/** `AWS::Events::EventBusPolicy`: a statement of the bus's policy, written out or from its parts. */
function eventBusPolicy(stack: Stack, id: string, p: Record<string, unknown>): void {
  const busName = typeof p['EventBusName'] === 'string' ? p['EventBusName'] : 'default';
  const arn = busName.startsWith('arn:') ? busName : `arn:${stack.env.partition}:events:${stack.env.region}:${stack.env.accountId}:event-bus/${busName}`;
  const bus = stack.builder.resource(arn, 'AWS::Events::EventBus', arnResourceName(arn), stack.source(id));
  const sid = typeof p['StatementId'] === 'string' ? p['StatementId'] : id;
  if (isObject(p['Statement'])) {
    appendStatement(bus, { ...p['Statement'], Sid: sid }, stack.source(id));
    stack.recordUnknown(id, 'Statement', p['Statement'], arn);
    return;
  }
  for (const key of ['EventBusName', 'Principal', 'Action', 'Condition']) stack.recordUnknown(id, key, p[key], arn);
  const principal = text(p['Principal']);
  const condition = isObject(p['Condition']) ? p['Condition'] : undefined;
  appendStatement(
    bus,
    {
      Sid: sid,
      Effect: 'Allow',
      Principal: principal === '*' ? '*' : { AWS: /^\d{12}$/.test(principal) ? `arn:${stack.env.partition}:iam::${principal}:root` : principal },
      Action: text(p['Action']),
      Resource: arn,
      ...(condition ? { Condition: { StringEquals: { [text(condition['Key'])]: condition['Value'] } } } : {}),
    },
    stack.source(id),
  );
}

function workload(stack: Stack, id: string, kind: Workload['kind'], name: string, role: unknown): void {
  if (typeof role !== 'string' || role === '') return;
  const roleArn = role.startsWith('arn:') ? role : iamArn(stack.env.partition, stack.env.accountId, 'role', '/', role);
  stack.builder.addWorkload({ id, kind, name, roleArn, source: stack.source(id) });
  stack.recordUnknown(id, kind === 'ecs-task-execution' ? 'ExecutionRoleArn' : kind === 'ecs-task' ? 'TaskRoleArn' : 'Role', roleArn, roleArn);
}

function profileWorkload(stack: Stack, id: string, kind: Workload['kind'], profile: unknown): void {
  if (typeof profile !== 'string' || profile === '') return;
  const name = parseIamArn(profile)?.name ?? profile;
  const found = stack.builder.instanceProfile(name);
  if (!found) {
    stack.builder.addNotice({ level: 'warning', message: `${id} runs with instance profile "${name}", which the template does not declare: its role is not known`, source: stack.source(id) });
    return;
  }
  for (const roleArn of found.roleArns) stack.builder.addWorkload({ id, kind, name: stack.tags(id)['Name'] ?? id, roleArn, source: stack.source(id) });
}

function organizationPolicy(stack: Stack, id: string, p: Record<string, unknown>, org: OrganizationCollector): void {
  const kind = controlKind(typeof p['Type'] === 'string' ? p['Type'] : undefined);
  if (!kind) return;
  const name = stack.name(id);
  const policy = stack.policy(id, 'Content', p['Content'], { id: `${stack.file}#${id}`, name, kind, subject: name });
  if (!policy) return;
  for (const target of strings(p['TargetIds'])) org.attach(kind, target, policy);
}

