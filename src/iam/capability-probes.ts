/**
 * Capability probes: for a resource of the inventory, every action that can act on it and the
 * request ARN to ask the evaluator about, with the capabilities the action gives. One allowed
 * probe of a capability is enough for a principal to hold it.
 *
 * A CloudFormation type maps to the catalog resource types it contains and how each one's
 * request ARN follows from the resource's ARN: an S3 bucket is the bucket itself and its
 * objects (`arn:aws:s3:::bucket/*`), a DynamoDB table also its indexes and streams. Probes
 * are worked out once per type and only instantiated per resource.
 */
import type { CapabilityProbe } from './types.js';
import type { Catalog } from './catalog.js';
import { capabilitiesOfAction } from './capabilities.js';

/** How the request ARN (or pattern) follows from the resource's ARN. */
export interface RequestArn {
  /** For people, as Markdown (docs/capabilities.md): `` `ARN/*` ``. */
  shape: string;
  /** Undefined when this resource has no such part. */
  of: (arn: string) => string | undefined;
}

/** A catalog resource type inside a CloudFormation resource, and its request ARN. */
export interface ProbeTarget {
  service: string;
  /** Catalog resource type name (lower case). */
  resourceType: string;
  requestArn: RequestArn;
  /** Only the actions (name without the service prefix) this accepts; every action when absent. */
  actions?: (action: string) => boolean;
}

const itself: RequestArn = { shape: '`ARN`', of: (arn) => arn };
const withSuffix = (suffix: string): RequestArn => ({ shape: `\`ARN${suffix}\``, of: (arn) => `${arn}${suffix}` });
/** `arn:…:log-group:name:*` (CloudFormation's log group ARN) → `arn:…:log-group:name`. */
const withoutStarSuffix = (arn: string): string => (arn.endsWith(':*') ? arn.slice(0, -2) : arn);
/** `…:cluster:name` → `…:dbuser:name/*`: the part after `from` moves under `to`, then `suffix`. */
const sibling = (from: string, to: string, suffix: string): RequestArn => ({
  shape: `\`ARN\` with \`${from}\` → \`${to}\`, then \`${suffix}\``,
  of: (arn) => {
    const at = arn.indexOf(from);
    return at < 0 ? undefined : `${arn.slice(0, at)}${to}${arn.slice(at + from.length)}${suffix}`;
  },
});
const customBusRules = sibling(':event-bus/', ':rule/', '/*');

function target(service: string, resourceType: string, requestArn: RequestArn = itself): ProbeTarget {
  return { service, resourceType, requestArn };
}

/** CloudFormation type name → the catalog resource types it contains. */
export const RESOURCE_TYPE_TARGETS: Readonly<Record<string, readonly ProbeTarget[]>> = {
  'AWS::S3::Bucket': [target('s3', 'bucket'), target('s3', 'object', withSuffix('/*'))],
  'AWS::S3::AccessPoint': [target('s3', 'accesspoint'), target('s3', 'accesspointobject', withSuffix('/object/*'))],
  'AWS::S3Express::DirectoryBucket': [target('s3express', 'bucket')],
  'AWS::S3Express::AccessPoint': [target('s3express', 'accesspoint')],
  'AWS::S3Tables::TableBucket': [target('s3tables', 'tablebucket'), target('s3tables', 'table', withSuffix('/table/*'))],
  'AWS::CloudTrail::EventDataStore': [target('cloudtrail', 'eventdatastore')],
  'AWS::CloudTrail::Dashboard': [target('cloudtrail', 'dashboard')],
  'AWS::CloudTrail::Channel': [target('cloudtrail', 'channel')],
  'AWS::Glacier::Vault': [target('glacier', 'vault')],
  'AWS::Backup::BackupVault': [target('backup', 'backupvault')],
  'AWS::EFS::FileSystem': [target('elasticfilesystem', 'file-system')],
  'AWS::KinesisFirehose::DeliveryStream': [target('firehose', 'deliverystream')],
  'AWS::KMS::Key': [target('kms', 'key')],
  'AWS::KMS::Alias': [target('kms', 'alias')],
  'AWS::SQS::Queue': [target('sqs', 'queue')],
  'AWS::SNS::Topic': [target('sns', 'topic')],
  'AWS::DynamoDB::Table': dynamoDbTable(),
  'AWS::DynamoDB::GlobalTable': dynamoDbTable(),
  'AWS::SecretsManager::Secret': [target('secretsmanager', 'secret')],
  'AWS::SSM::Parameter': [target('ssm', 'parameter')],
  'AWS::Lambda::Function': [
    target('lambda', 'function'),
    target('lambda', 'function version', withSuffix(':*')),
    target('lambda', 'function alias', withSuffix(':*')),
    target('lambda', 'durable execution', withSuffix(':*/durable-execution/*')),
  ],
  'AWS::ECR::Repository': [target('ecr', 'repository')],
  'AWS::Logs::LogGroup': [
    target('logs', 'log-group', { shape: '`ARN` without a final `:*`', of: withoutStarSuffix }),
    target('logs', 'log-stream', {
      shape: '`ARN` without a final `:*`, then `:log-stream:*`',
      of: (arn) => `${withoutStarSuffix(arn)}:log-stream:*`,
    }),
  ],
  // The account's CloudWatch Logs resource policy: it speaks for every log group of its region.
  'AWS::Logs::ResourcePolicy': [
    target('logs', 'log-group', everyLogGroup('')),
    target('logs', 'log-stream', everyLogGroup(':log-stream:*')),
  ],
  'AWS::Events::EventBus': [
    target('events', 'event-bus'),
    // Rules of the default bus have ARNs without the bus name: no pattern tells them apart.
    target('events', 'rule-on-custom-event-bus', {
      shape: `${customBusRules.shape} (custom buses only)`,
      of: (arn) => (arn.endsWith(':event-bus/default') ? undefined : customBusRules.of(arn)),
    }),
  ],
  'AWS::Kinesis::Stream': [target('kinesis', 'stream'), target('kinesis', 'consumer', withSuffix('/consumer/*'))],
  'AWS::Kinesis::StreamConsumer': [target('kinesis', 'consumer')],
  // A REST API's policy speaks for its methods, `API_ARN/STAGE/METHOD/PATH`.
  'AWS::ApiGateway::RestApi': [target('execute-api', 'execute-api-general', withSuffix('/*'))],
  'AWS::CodeArtifact::Domain': [target('codeartifact', 'domain')],
  'AWS::CodeArtifact::Repository': [
    target('codeartifact', 'repository'),
    target('codeartifact', 'package', sibling(':repository/', ':package/', '/*')),
  ],
  'AWS::OpenSearchService::Domain': searchDomain(),
  'AWS::Elasticsearch::Domain': searchDomain(),
  'AWS::IAM::Role': [target('iam', 'role'), target('sts', 'role')],
  'AWS::IAM::User': [target('iam', 'user')],
  'AWS::IAM::Group': [target('iam', 'group')],
  'AWS::IAM::ManagedPolicy': [target('iam', 'policy')],
  'AWS::RDS::DBInstance': [target('rds', 'db')],
  'AWS::RDS::DBCluster': [target('rds', 'cluster'), target('rds-data', 'cluster')],
  'AWS::Redshift::Cluster': [
    target('redshift', 'cluster'),
    target('redshift-data', 'cluster'),
    target('redshift', 'dbuser', sibling(':cluster:', ':dbuser:', '/*')),
  ],
  'AWS::Glue::Database': [target('glue', 'database'), target('glue', 'table', sibling(':database/', ':table/', '/*'))],
  'AWS::Glue::Table': [target('glue', 'table')],
  'AWS::Athena::WorkGroup': [target('athena', 'workgroup')],
};

/** `…:resource-policy:name` → `…:log-group:*` + `suffix`. */
function everyLogGroup(suffix: string): RequestArn {
  return {
    shape: `\`ARN\` up to \`:resource-policy:\`, then \`:log-group:*${suffix}\``,
    of: (arn) => {
      const at = arn.indexOf(':resource-policy:');
      return at < 0 ? undefined : `${arn.slice(0, at)}:log-group:*${suffix}`;
    },
  };
}

/** The HTTP API (`es:ESHttp*`) acts on the domain's paths, `domain/NAME/*`; the service API on the domain. */
function searchDomain(): ProbeTarget[] {
  const http = (action: string) => action.startsWith('ESHttp');
  return [
    { ...target('es', 'domain', { shape: '`ARN` (actions other than `ESHttp*`)', of: itself.of }), actions: (action) => !http(action) },
    { ...target('es', 'domain', { shape: '`ARN/*` (`ESHttp*` actions: requests to the domain\'s paths)', of: withSuffix('/*').of }), actions: http },
  ];
}

function dynamoDbTable(): ProbeTarget[] {
  return [
    target('dynamodb', 'table'),
    ...['index', 'stream', 'backup', 'export', 'import'].map((type) =>
      target('dynamodb', type, withSuffix(`/${type}/*`)),
    ),
  ];
}

/** A probe before it knows its resource: how to get the request ARN from the resource's. */
interface ProbeTemplate {
  action: string;
  requestArn: RequestArn['of'];
  capabilities: CapabilityProbe['capabilities'];
  fallback: boolean;
}

const templatesByType = new WeakMap<Catalog, Map<string, ProbeTemplate[]>>();

/**
 * Every probe for a resource: its CloudFormation type (`AWS::S3::Bucket`) and ARN. A type the
 * table does not know gets the probes of the catalog resource type its ARN matches (or, when
 * none matches, every action of its service on the ARN itself), marked `unmappedType`.
 * Wildcard-only actions (`s3:ListAllMyBuckets`) act on no resource and have no probe.
 */
export function probesFor(resource: { arn: string; type: string }, catalog: Catalog): CapabilityProbe[] {
  const mapped = RESOURCE_TYPE_TARGETS[resource.type];
  const unmappedType = mapped === undefined;
  const targets = mapped ?? targetsFromArn(resource.arn, catalog);
  const key = unmappedType ? `${resource.type}\u0000${targets.map(targetKey).join(',')}` : resource.type;
  let cache = templatesByType.get(catalog);
  if (cache === undefined) {
    cache = new Map();
    templatesByType.set(catalog, cache);
  }
  let templates = cache.get(key);
  if (templates === undefined) {
    templates = buildTemplates(targets, catalog);
    cache.set(key, templates);
  }
  const probes: CapabilityProbe[] = [];
  const seen = new Set<string>();
  for (const template of templates) {
    const requestResource = template.requestArn(resource.arn);
    if (requestResource === undefined) continue;
    const identity = `${template.action}\u0000${requestResource}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    probes.push({
      action: template.action,
      requestResource,
      capabilities: template.capabilities,
      fallback: template.fallback,
      ...(unmappedType ? { unmappedType: true } : {}),
    });
  }
  return probes;
}

function buildTemplates(targets: readonly ProbeTarget[], catalog: Catalog): ProbeTemplate[] {
  const templates: ProbeTemplate[] = [];
  for (const probeTarget of targets) {
    for (const info of catalog.actionsOf(probeTarget.service)) {
      const applies =
        (probeTarget.actions === undefined || probeTarget.actions(info.action)) &&
        (probeTarget.resourceType === ANY_TYPE
          ? !info.wildcardOnly
          : info.resourceTypes.some((type) => type.name === probeTarget.resourceType));
      const assignments = applies ? capabilitiesOfAction(info) : [];
      if (assignments.length === 0) continue;
      templates.push({
        action: info.name,
        requestArn: probeTarget.requestArn.of,
        capabilities: assignments.map((assignment) => assignment.capability),
        fallback: assignments.some((assignment) => assignment.fallback),
      });
    }
  }
  return templates;
}

/** Stands for "every action of the service that acts on some resource". */
const ANY_TYPE = '';

function targetsFromArn(arn: string, catalog: Catalog): ProbeTarget[] {
  const types = catalog.resourceTypesOfArn(arn);
  if (types.length > 0) return types.map((type) => target(type.service, type.name));
  const service = arn.split(':')[2] ?? '';
  return catalog.hasService(service) ? [target(service.toLowerCase(), ANY_TYPE)] : [];
}

function targetKey(probeTarget: ProbeTarget): string {
  return `${probeTarget.service}:${probeTarget.resourceType}`;
}
