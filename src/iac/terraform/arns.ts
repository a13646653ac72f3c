/**
 * The ARN of each resource a plan creates or holds. The plan's `arn` attribute when known;
 * for a resource created by the change, built from the name the configuration gives it (AWS
 * derives the ARN from it); otherwise a symbolic ARN whose unknown part reads
 * `${ADDRESS.ATTRIBUTE}`, after the fixed prefix of a name the provider generates.
 */
import { distributionArn, eventRulePath, iamArn, type IamEntityKind } from '../arn.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';

interface ArnRule {
  /** The attribute the ARN is built from. */
  nameAttribute: string;
  /**
   * The name is an ID AWS picks at random, with no part the configuration chooses (a KMS key
   * ID): a symbolic ARN stands for the resource as well as the real one will, since no policy
   * can name the ID before it exists, so it is not recorded as an unknown.
   */
  opaqueId?: true;
  /** The attribute holding the ARN when known, if not `arn`. */
  arnAttribute?: string;
  /** What the resource's `id` holds, as the provider documents it, when it is the name or the ARN. */
  id?: 'name' | 'arn';
  build: (side: PlanSide, inst: TfInstance, name: string) => string;
}

const iam = (kind: IamEntityKind): ArnRule => ({
  nameAttribute: 'name',
  id: kind === 'policy' ? 'arn' : 'name',
  build: (side, inst, name) => iamArn(side.facts.partition, side.account, kind, side.string(inst, 'path') ?? '/', name),
});

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` for a regional resource named by `nameAttribute`. */
const regional = (service: string, nameAttribute: string, resource: (name: string) => string): ArnRule => ({
  nameAttribute,
  build: (side, inst, name) => `arn:${side.facts.partition}:${service}:${side.region(inst)}:${side.account}:${resource(name)}`,
});

const KMS_KEY: ArnRule = { ...regional('kms', 'key_id', (id) => `key/${id}`), opaqueId: true, id: 'name' };
const EVENTS = regional('events', 'name', (resource) => resource);

const ARN_RULES: Record<string, ArnRule> = {
  aws_iam_role: iam('role'),
  aws_iam_user: iam('user'),
  aws_iam_group: iam('group'),
  aws_iam_policy: iam('policy'),
  aws_iam_instance_profile: iam('instance-profile'),
  aws_iam_openid_connect_provider: {
    nameAttribute: 'url',
    build: (side, _inst, url) => `arn:${side.facts.partition}:iam::${side.account}:oidc-provider/${url.replace(/^https:\/\//, '')}`,
  },
  aws_iam_saml_provider: {
    nameAttribute: 'name',
    build: (side, _inst, name) => `arn:${side.facts.partition}:iam::${side.account}:saml-provider/${name}`,
  },
  aws_s3_bucket: { nameAttribute: 'bucket', id: 'name', build: (side, _inst, name) => `arn:${side.facts.partition}:s3:::${name}` },
  aws_s3_access_point: {
    nameAttribute: 'name',
    build: (side, inst, name) =>
      `arn:${side.facts.partition}:s3:${side.region(inst)}:${side.string(inst, 'account_id') ?? side.account}:accesspoint/${name}`,
  },
  aws_kms_key: { ...KMS_KEY, build: (side, inst, id) => KMS_KEY.build(side, inst, side.bool(inst, 'multi_region') ? multiRegionKeyId(id) : id) },
  aws_kms_replica_key: { ...KMS_KEY, build: (side, inst, id) => KMS_KEY.build(side, inst, multiRegionKeyId(id)) },
  aws_sqs_queue: regional('sqs', 'name', (name) => name),
  aws_sns_topic: { ...regional('sns', 'name', (name) => name), id: 'arn' },
  // Secrets Manager appends six random characters to the name: any such secret.
  aws_secretsmanager_secret: { ...regional('secretsmanager', 'name', (name) => `secret:${name}-??????`), id: 'arn' },
  aws_lambda_function: { ...regional('lambda', 'function_name', (name) => `function:${name}`), id: 'name' },
  aws_ecr_repository: { ...regional('ecr', 'name', (name) => `repository/${name}`), id: 'name' },
  aws_dynamodb_table: { ...regional('dynamodb', 'name', (name) => `table/${name}`), id: 'name' },
  aws_cloudwatch_event_bus: regional('events', 'name', (name) => `event-bus/${name}`),
  aws_glacier_vault: regional('glacier', 'name', (name) => `vaults/${name}`),
  aws_backup_vault: regional('backup', 'name', (name) => `backup-vault:${name}`),
  aws_elasticsearch_domain: regional('es', 'domain_name', (name) => `domain/${name}`),
  aws_opensearch_domain: regional('es', 'domain_name', (name) => `domain/${name}`),
  aws_kinesis_stream: regional('kinesis', 'name', (name) => `stream/${name}`),
  aws_s3tables_table_bucket: regional('s3tables', 'name', (name) => `bucket/${name}`),
  aws_codeartifact_domain: regional('codeartifact', 'domain', (name) => `domain/${name}`),
  aws_codeartifact_repository: { nameAttribute: 'repository', build: codeArtifactRepositoryArn },
  // Its `arn` is the management API's (`arn:aws:apigateway:REGION::/restapis/ID`); its policy
  // speaks for `execution_arn`.
  aws_api_gateway_rest_api: { ...regional('execute-api', 'id', (id) => id), arnAttribute: 'execution_arn', opaqueId: true },
  aws_apigatewayv2_api: { ...regional('execute-api', 'id', (id) => id), arnAttribute: 'execution_arn', opaqueId: true },
  // Sources that Lambda permissions and resource policies name in `aws:SourceArn`.
  aws_cloudwatch_event_rule: { ...EVENTS, build: (side, inst, name) => EVENTS.build(side, inst, eventRulePath(side.string(inst, 'event_bus_name'), name)) },
  aws_cloudwatch_log_group: { ...regional('logs', 'name', (name) => `log-group:${name}`), id: 'name' },
  aws_iot_topic_rule: regional('iot', 'name', (name) => `rule/${name}`),
  aws_cognito_user_pool: { ...regional('cognito-idp', 'id', (id) => `userpool/${id}`), opaqueId: true },
  // Bucket policies name a distribution in `AWS:SourceArn` (origin access control).
  aws_cloudfront_distribution: { nameAttribute: 'id', build: (side, _inst, id) => distributionArn(side.facts.partition, side.account, id), opaqueId: true },
  // ... and, the legacy way, an origin access identity as their principal (its `iam_arn`).
  aws_cloudfront_origin_access_identity: {
    nameAttribute: 'id',
    arnAttribute: 'iam_arn',
    build: (side, _inst, id) => `arn:${side.facts.partition}:iam::cloudfront:user/CloudFront Origin Access Identity ${id}`,
    opaqueId: true,
  },
};

function resolved(rule: ArnRule, arn: string, name: string | undefined): ResolvedArn {
  const id = rule.id === 'arn' ? arn : rule.id === 'name' ? name : undefined;
  // Later entries win: a name attribute called `id` (a KMS key's is `key_id`, an API's `id`) is the name.
  const attributes = new Map<string, string>(id === undefined ? [] : [['id', id]]);
  if (name !== undefined) attributes.set(rule.nameAttribute, name);
  attributes.set(rule.arnAttribute ?? 'arn', arn);
  return { arn, attributes };
}

/** Multi-Region key IDs start with `mrk-`; a symbolic one keeps that, for patterns such as `key/mrk-*`. */
function multiRegionKeyId(id: string): string {
  return id.startsWith('mrk-') ? id : `mrk-${id}`;
}

/** `…:domain/DOMAIN` in the account that owns the domain (`domain_owner`, else the plan's). */
export function codeArtifactDomainArn(side: PlanSide, inst: TfInstance, domain: string): string {
  return codeArtifactArn(side, inst, `domain/${domain}`);
}

/** `…:repository/DOMAIN/NAME` in the account that owns the domain. */
export function codeArtifactRepositoryArn(side: PlanSide, inst: TfInstance, name: string): string {
  const domain = side.name(inst, 'domain');
  return codeArtifactArn(side, inst, `repository/${domain}/${name}`);
}

function codeArtifactArn(side: PlanSide, inst: TfInstance, resource: string): string {
  const owner = side.string(inst, 'domain_owner') ?? side.account;
  return `arn:${side.facts.partition}:codeartifact:${side.region(inst)}:${owner}:${resource}`;
}

export interface ResolvedArn {
  arn: string;
  /**
   * The resource's attributes that this side can tell before apply, by name: the one holding
   * the ARN (`arn`, an API's `execution_arn`), the name it is built from (symbolic when it is),
   * and `id` where the provider documents it as the name or the ARN.
   */
  attributes: ReadonlyMap<string, string>;
  /** The attribute that stays unknown when the ARN is symbolic. */
  unknownAttribute?: string;
}

/** The ARN of `inst`, if its type has one (see ARN_RULES). */
export function arnOf(side: PlanSide, inst: TfInstance): ResolvedArn | undefined {
  const rule = ARN_RULES[inst.type];
  if (!rule || inst.mode !== 'managed') return undefined;
  const known = side.string(inst, rule.arnAttribute ?? 'arn');
  const name = side.string(inst, rule.nameAttribute);
  if (known !== undefined) return resolved(rule, known, name);
  if (name !== undefined) return resolved(rule, rule.build(side, inst, name), name);
  const symbol = side.symbol(inst, rule.nameAttribute);
  if (rule.opaqueId) return resolved(rule, rule.build(side, inst, symbol), symbol);
  // A generated name is as decided as an opaque ID once its fixed prefix is kept: patterns such
  // as `role/etl-*` cover the symbolic name as they will the real one.
  const generated = side.generatedName(inst, rule.nameAttribute);
  if (generated !== undefined) return resolved(rule, rule.build(side, inst, generated), generated);
  return { ...resolved(rule, rule.build(side, inst, symbol), symbol), unknownAttribute: rule.nameAttribute };
}
