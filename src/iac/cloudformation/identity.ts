/**
 * Names, `Ref` values and ARNs of CloudFormation resources. A resource whose template gives no
 * name gets the one CloudFormation would generate (`STACK-LogicalId-SUFFIX`), with a suffix
 * derived from the stack and logical ID so that both sides of a PR name it the same way.
 */
import { createHash } from 'node:crypto';
import { distributionArn, eventRulePath, iamArn, iamPath } from '../arn.js';

export interface StackEnvironment {
  stackName: string;
  accountId: string;
  region: string;
  partition: string;
}

interface Identity {
  /** The property that names the resource, if the template may set it. */
  nameProperty?: string;
  /** How CloudFormation generates a name: its case and maximum length. */
  generated?: { lower?: boolean; max: number };
  /** What `Ref` returns. */
  ref: 'name' | 'arn' | 'url' | 'id';
  arn?: (env: StackEnvironment, name: string, properties: Record<string, unknown>) => string;
  /** `Fn::GetAtt` attributes other than `Arn` that return the ARN too (`TopicArn`, `DomainArn`...). */
  arnAttributes?: readonly string[];
  /** Other `Fn::GetAtt` attributes. */
  attributes?: Record<string, (env: StackEnvironment, name: string, properties: Record<string, unknown>) => string>;
}

const iam = (kind: 'role' | 'user' | 'group' | 'policy' | 'instance-profile') => (env: StackEnvironment, name: string, p: Record<string, unknown>) =>
  iamArn(env.partition, env.accountId, kind, iamPath(p['Path']), name);
const regional = (service: string, resource: (name: string) => string) => (env: StackEnvironment, name: string) =>
  `arn:${env.partition}:${service}:${env.region}:${env.accountId}:${resource(name)}`;

/** An OpenSearch or Elasticsearch domain: CloudFormation generates lower-case names of at most 28 characters. */
const SEARCH_DOMAIN: Identity = { nameProperty: 'DomainName', generated: { lower: true, max: 28 }, ref: 'name', arn: regional('es', (n) => `domain/${n}`), arnAttributes: ['DomainArn'] };

export const IDENTITIES: Record<string, Identity> = {
  'AWS::IAM::Role': { nameProperty: 'RoleName', generated: { max: 64 }, ref: 'name', arn: iam('role') },
  'AWS::IAM::User': { nameProperty: 'UserName', generated: { max: 64 }, ref: 'name', arn: iam('user') },
  'AWS::IAM::Group': { nameProperty: 'GroupName', generated: { max: 128 }, ref: 'name', arn: iam('group') },
  'AWS::IAM::ManagedPolicy': { nameProperty: 'ManagedPolicyName', generated: { max: 128 }, ref: 'arn', arn: iam('policy'), arnAttributes: ['PolicyArn'] },
  'AWS::IAM::Policy': { nameProperty: 'PolicyName', generated: { max: 128 }, ref: 'id' },
  'AWS::IAM::InstanceProfile': { nameProperty: 'InstanceProfileName', generated: { max: 128 }, ref: 'name', arn: iam('instance-profile') },
  'AWS::IAM::OIDCProvider': {
    nameProperty: 'Url',
    ref: 'arn',
    arn: (env, url) => `arn:${env.partition}:iam::${env.accountId}:oidc-provider/${url.replace(/^https:\/\//, '')}`,
  },
  'AWS::IAM::SAMLProvider': { nameProperty: 'Name', generated: { max: 128 }, ref: 'arn', arn: (env, name) => `arn:${env.partition}:iam::${env.accountId}:saml-provider/${name}` },
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    generated: { lower: true, max: 63 },
    ref: 'name',
    arn: (env, name) => `arn:${env.partition}:s3:::${name}`,
    attributes: {
      DomainName: (_env, name) => `${name}.s3.amazonaws.com`,
      RegionalDomainName: (env, name) => `${name}.s3.${env.region}.amazonaws.com`,
    },
  },
  'AWS::S3::AccessPoint': { nameProperty: 'Name', generated: { lower: true, max: 50 }, ref: 'name', arn: regional('s3', (n) => `accesspoint/${n}`) },
  'AWS::KMS::Key': { generated: { max: 36 }, ref: 'id', arn: regional('kms', (id) => `key/${id}`), attributes: { KeyId: (_env, id) => id } },
  'AWS::KMS::ReplicaKey': { generated: { max: 36 }, ref: 'id', arn: regional('kms', (id) => `key/${id}`), attributes: { KeyId: (_env, id) => id } },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    generated: { max: 80 },
    ref: 'url',
    arn: regional('sqs', (n) => n),
    attributes: {
      QueueName: (_env, name) => name,
      QueueUrl: (env, name) => sqsUrl(env, name),
    },
  },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', generated: { max: 256 }, ref: 'arn', arn: regional('sns', (n) => n), arnAttributes: ['TopicArn'], attributes: { TopicName: (_env, name) => name } },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', generated: { max: 256 }, ref: 'arn', arn: (env, name) => regional('secretsmanager', (n) => `secret:${n}-${suffix(env, n, 6, 'letters')}`)(env, name) },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', generated: { max: 64 }, ref: 'name', arn: regional('lambda', (n) => `function:${n}`) },
  'AWS::ECR::Repository': { nameProperty: 'RepositoryName', generated: { lower: true, max: 256 }, ref: 'name', arn: regional('ecr', (n) => `repository/${n}`), attributes: { RepositoryUri: (env, name) => `${env.accountId}.dkr.ecr.${env.region}.amazonaws.com/${name}` } },
  'AWS::DynamoDB::Table': { nameProperty: 'TableName', generated: { max: 255 }, ref: 'name', arn: regional('dynamodb', (n) => `table/${n}`), attributes: { StreamArn: (env, name) => regional('dynamodb', (n) => `table/${n}/stream/*`)(env, name) } },
  'AWS::Events::EventBus': { nameProperty: 'Name', generated: { max: 256 }, ref: 'name', arn: regional('events', (n) => `event-bus/${n}`), attributes: { Name: (_env, name) => name } },
  'AWS::Backup::BackupVault': { nameProperty: 'BackupVaultName', generated: { max: 50 }, ref: 'name', arn: regional('backup', (n) => `backup-vault:${n}`), arnAttributes: ['BackupVaultArn'], attributes: { BackupVaultName: (_env, name) => name } },
  'AWS::ECS::TaskDefinition': { nameProperty: 'Family', generated: { max: 255 }, ref: 'arn', arn: regional('ecs', (n) => `task-definition/${n}:1`), arnAttributes: ['TaskDefinitionArn'] },
  'AWS::Organizations::Policy': { nameProperty: 'Name', ref: 'id' },
  'AWS::OpenSearchService::Domain': SEARCH_DOMAIN,
  'AWS::Elasticsearch::Domain': SEARCH_DOMAIN,
  // The policy speaks for the API's execute-api ARN; Ref and RestApiId give its generated ID.
  'AWS::ApiGateway::RestApi': { ref: 'id', arn: regional('execute-api', (id) => id), attributes: { RestApiId: (_env, id) => id } },
  // Its ARN (`Fn::GetAtt Arn`) ends in `:*`, as CloudFormation returns it.
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', generated: { max: 512 }, ref: 'name', arn: regional('logs', (n) => `log-group:${n}:*`) },
  // Sources that Lambda permissions name in `SourceArn`: a rule (on its event bus unless that is
  // the default one), an HTTP API and a user pool (IDs of AWS's choosing).
  'AWS::Events::Rule': {
    nameProperty: 'Name',
    generated: { max: 64 },
    ref: 'name',
    arn: (env, name, p) => regional('events', (n) => eventRulePath(p['EventBusName'], n))(env, name),
  },
  'AWS::ApiGatewayV2::Api': { ref: 'id', arn: regional('execute-api', (id) => id), attributes: { ApiId: (_env, id) => id } },
  'AWS::Cognito::UserPool': { ref: 'id', arn: regional('cognito-idp', (id) => `userpool/${id}`), attributes: { UserPoolId: (_env, id) => id } },
  // Bucket policies name a distribution in `AWS:SourceArn` (origin access control); its ID is AWS's.
  'AWS::CloudFront::Distribution': { ref: 'id', arn: (env, id) => distributionArn(env.partition, env.accountId, id), attributes: { Id: (_env, id) => id } },
  'AWS::CodeArtifact::Domain': { nameProperty: 'DomainName', generated: { lower: true, max: 50 }, ref: 'arn', arn: regional('codeartifact', (n) => `domain/${n}`), attributes: { Name: (_env, name) => name } },
  'AWS::CodeArtifact::Repository': {
    nameProperty: 'RepositoryName',
    generated: { max: 100 },
    ref: 'arn',
    arn: (env, name, p) => regional('codeartifact', (n) => `repository/${String(p['DomainName'])}/${n}`)(env, name),
    attributes: { Name: (_env, name) => name, DomainName: (_env, _name, p) => String(p['DomainName']) },
  },
  'AWS::S3Tables::TableBucket': {
    nameProperty: 'TableBucketName',
    generated: { lower: true, max: 63 },
    ref: 'arn',
    arn: regional('s3tables', (n) => `bucket/${n}`),
    arnAttributes: ['TableBucketARN'],
  },
  'AWS::S3Express::AccessPoint': { nameProperty: 'Name', generated: { lower: true, max: 50 }, ref: 'name', arn: regional('s3express', (n) => `accesspoint/${n}`) },
  'AWS::Kinesis::Stream': { nameProperty: 'Name', generated: { max: 128 }, ref: 'name', arn: regional('kinesis', (n) => `stream/${n}`) },
};


export function sqsUrl(env: StackEnvironment, name: string): string {
  return `https://sqs.${env.region}.amazonaws.com/${env.accountId}/${name}`;
}

/**
 * The name CloudFormation would give a resource the template does not name:
 * `STACK-LogicalId-SUFFIX`, shortened to fit, lower case where the service requires it. KMS keys
 * get a UUID, APIs, user pools and CloudFront distributions an ID of their shape.
 */
export function generatedName(env: StackEnvironment, logicalId: string, type: string): string {
  if (type === 'AWS::KMS::Key' || type === 'AWS::KMS::ReplicaKey') {
    const hex = digest(`${env.stackName}/${logicalId}`);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
  // REST and HTTP API IDs are ten lower-case letters and digits.
  if (type === 'AWS::ApiGateway::RestApi' || type === 'AWS::ApiGatewayV2::Api') return digest(`${env.stackName}/${logicalId}`).slice(0, 10);
  // User pool IDs are the region, `_` and nine letters and digits.
  if (type === 'AWS::Cognito::UserPool') return `${env.region}_${suffix(env, logicalId, 9, 'letters')}`;
  // CloudFront distribution IDs are `E` and 13 upper-case letters and digits.
  if (type === 'AWS::CloudFront::Distribution') return `E${suffix(env, logicalId, 13, 'upper')}`;
  const rule = IDENTITIES[type]?.generated ?? { max: 128 };
  const tail = `-${suffix({ stackName: env.stackName } as StackEnvironment, logicalId, 12, 'upper')}`;
  const room = rule.max - tail.length - 1;
  const stack = env.stackName.slice(0, Math.ceil(room / 2));
  const id = logicalId.slice(0, room - stack.length);
  const name = `${stack}-${id}${tail}`;
  return rule.lower ? name.toLowerCase() : name;
}

function suffix(env: Pick<StackEnvironment, 'stackName'>, seed: string, length: number, alphabet: 'upper' | 'letters'): string {
  const chars = alphabet === 'upper' ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const bytes = Buffer.from(digest(`${env.stackName}/${seed}`), 'hex');
  return Array.from(bytes.subarray(0, length), (b) => chars[b % chars.length]).join('');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
