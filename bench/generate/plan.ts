/**
 * Renders the Terraform side of a World as `terraform show -json` output: the data resources
 * (with their policies) and the roles the configuration manages, in two child modules, with the
 * prior state, the planned values and per-resource changes between two Worlds.
 */
import { ACCOUNT, MANAGEMENT_ACCOUNT, ORG_ACCOUNTS, ORG_ID, REGION, ROOT_ID, roleArn, serviceControlPolicies, WORKLOADS_OU, type World, type WorldResource, type WorldRole } from './world.js';

const PROVIDER = 'registry.terraform.io/hashicorp/aws';
const TERRAFORM_VERSION = '1.9.8';
const DEFAULT_TAGS = { ManagedBy: 'terraform', Repository: 'acme/platform-data' };

interface PlannedResource {
  address: string;
  mode: 'managed';
  type: string;
  name: string;
  index: string;
  provider_name: string;
  schema_version: number;
  values: Record<string, unknown>;
  sensitive_values: Record<string, unknown>;
}

interface ModuleResources {
  module: string;
  resources: PlannedResource[];
}

const policyText = (document: unknown): string => JSON.stringify(document);
const tagsAll = (tags: Record<string, string>) => ({ ...DEFAULT_TAGS, ...tags });

function planned(module: string, type: string, name: string, index: string, values: Record<string, unknown>): PlannedResource {
  return { address: `module.${module}.${type}.${name}["${index}"]`, mode: 'managed', type, name, index, provider_name: PROVIDER, schema_version: 0, values, sensitive_values: {} };
}

/** Buckets whose policy lets anyone read part of them need Block Public Access off. */
function isPublic(resource: WorldResource): boolean {
  return resource.policy.Statement.some((s) => s.Effect === 'Allow' && s.Principal === '*' && s.Condition === undefined);
}

function dataResources(resource: WorldResource): PlannedResource[] {
  const { name, arn, tags } = resource;
  const policy = policyText(resource.policy);
  const common = { tags, tags_all: tagsAll(tags) };
  switch (resource.kind) {
    case 'bucket': {
      const blocked = !isPublic(resource);
      return [
        planned('data', 'aws_s3_bucket', 'bucket', name, { ...common, acceleration_status: '', arn, bucket: name, bucket_domain_name: `${name}.s3.amazonaws.com`, bucket_prefix: '', bucket_regional_domain_name: `${name}.s3.${REGION}.amazonaws.com`, force_destroy: false, hosted_zone_id: 'Z1BKCTXD74EZPE', id: name, object_lock_enabled: false, region: REGION, request_payer: 'BucketOwner', timeouts: null }),
        planned('data', 'aws_s3_bucket_policy', 'bucket', name, { bucket: name, id: name, policy }),
        planned('data', 'aws_s3_bucket_public_access_block', 'bucket', name, { block_public_acls: blocked, block_public_policy: blocked, bucket: name, id: name, ignore_public_acls: blocked, restrict_public_buckets: blocked }),
      ];
    }
    case 'key':
      return [
        planned('data', 'aws_kms_key', 'key', name, { ...common, arn, bypass_policy_lockout_safety_check: false, custom_key_store_id: '', customer_master_key_spec: 'SYMMETRIC_DEFAULT', deletion_window_in_days: 30, description: `${name} data key`, enable_key_rotation: true, id: resource.id, is_enabled: true, key_id: resource.id, key_usage: 'ENCRYPT_DECRYPT', multi_region: false, policy, rotation_period_in_days: 365, timeouts: null, xks_key_id: '' }),
      ];
    case 'queue':
      return [
        planned('data', 'aws_sqs_queue', 'queue', name, { ...common, arn, content_based_deduplication: false, deduplication_scope: '', delay_seconds: 0, fifo_queue: false, fifo_throughput_limit: '', id: resource.id, kms_data_key_reuse_period_seconds: 300, kms_master_key_id: '', max_message_size: 262144, message_retention_seconds: 345600, name, name_prefix: '', receive_wait_time_seconds: 0, sqs_managed_sse_enabled: true, url: resource.id, visibility_timeout_seconds: 30 }),
        planned('data', 'aws_sqs_queue_policy', 'queue', name, { id: resource.id, policy, queue_url: resource.id }),
      ];
    case 'table':
      return [
        planned('data', 'aws_dynamodb_table', 'table', name, { ...common, arn, attribute: [{ name: 'pk', type: 'S' }], billing_mode: 'PAY_PER_REQUEST', deletion_protection_enabled: true, global_secondary_index: [], hash_key: 'pk', id: name, name, point_in_time_recovery: [{ enabled: true }], range_key: null, stream_enabled: false, table_class: 'STANDARD' }),
        planned('data', 'aws_dynamodb_resource_policy', 'table', name, { confirm_remove_self_resource_access: false, id: arn, policy, resource_arn: arn }),
      ];
  }
}

function roleResources(role: WorldRole): PlannedResource[] {
  const arn = roleArn(role);
  const resources = [
    planned('apps', 'aws_iam_role', 'app', role.name, {
      arn,
      assume_role_policy: policyText(role.trust),
      create_date: '2023-04-12T09:30:00Z',
      description: `Runtime role of ${role.name}`,
      force_detach_policies: false,
      id: role.name,
      inline_policy: role.inline.map((p) => ({ name: p.name, policy: policyText(p.document) })),
      managed_policy_arns: [...role.managed].sort(),
      max_session_duration: 3600,
      name: role.name,
      name_prefix: '',
      path: role.path,
      permissions_boundary: role.boundary ?? '',
      tags: role.tags,
      tags_all: tagsAll(role.tags),
      unique_id: `AROA${role.name.replace(/[^a-z0-9]/g, '').toUpperCase().slice(0, 17).padEnd(17, 'X')}`,
    }),
  ];
  for (const inline of role.inline) {
    resources.push(planned('apps', 'aws_iam_role_policy', 'inline', `${role.name}/${inline.name}`, { id: `${role.name}:${inline.name}`, name: inline.name, name_prefix: '', policy: policyText(inline.document), role: role.name }));
  }
  for (const policyArn of role.managed) {
    resources.push(planned('apps', 'aws_iam_role_policy_attachment', 'managed', `${role.name}/${policyArn.slice(policyArn.lastIndexOf('/') + 1)}`, { id: `${role.name}-20230412093000000000000001`, policy_arn: policyArn, role: role.name }));
  }
  return resources;
}

/** The organization's tree and its service control policies with their attachments. */
function organizationResources(): PlannedResource[] {
  const resources: PlannedResource[] = [
    planned('organization', 'aws_organizations_organization', 'org', 'main', { arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:organization/${ORG_ID}`, aws_service_access_principals: ['sso.amazonaws.com'], enabled_policy_types: ['SERVICE_CONTROL_POLICY'], feature_set: 'ALL', id: ORG_ID, master_account_id: MANAGEMENT_ACCOUNT, roots: [{ arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:root/${ORG_ID}/${ROOT_ID}`, id: ROOT_ID, name: 'Root', policy_types: [{ status: 'ENABLED', type: 'SERVICE_CONTROL_POLICY' }] }] }),
    planned('organization', 'aws_organizations_organizational_unit', 'ou', 'workloads', { arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:ou/${ORG_ID}/${WORKLOADS_OU}`, id: WORKLOADS_OU, name: 'workloads', parent_id: ROOT_ID, tags: {}, tags_all: DEFAULT_TAGS }),
    ...[ACCOUNT, ...ORG_ACCOUNTS].map((account) => planned('organization', 'aws_organizations_account', 'member', account, { arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:account/${ORG_ID}/${account}`, id: account, name: `acme-${account.slice(0, 3)}`, parent_id: WORKLOADS_OU, status: 'ACTIVE', tags: {}, tags_all: DEFAULT_TAGS })),
  ];
  for (const scp of serviceControlPolicies()) {
    resources.push(planned('organization', 'aws_organizations_policy', 'scp', scp.name, { arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:policy/${ORG_ID}/service_control_policy/${scp.id}`, content: policyText(scp.document), description: scp.name, id: scp.id, name: scp.name, skip_destroy: false, tags: {}, tags_all: DEFAULT_TAGS, type: 'SERVICE_CONTROL_POLICY' }));
    for (const target of scp.targets) resources.push(planned('organization', 'aws_organizations_policy_attachment', 'scp', `${scp.name}/${target}`, { id: `${target}:${scp.id}`, policy_id: scp.id, skip_destroy: false, target_id: target }));
  }
  return resources;
}

function modules(world: World): ModuleResources[] {
  return [
    { module: 'data', resources: world.resources.flatMap(dataResources) },
    { module: 'apps', resources: world.roles.filter((r) => r.inTerraform).flatMap(roleResources) },
    { module: 'organization', resources: organizationResources() },
  ];
}

const rootModule = (mods: ModuleResources[]) => ({
  child_modules: mods.map((m) => ({ address: `module.${m.module}`, resources: m.resources })),
});

/** The configuration block: enough of it for readers that follow references. */
function configuration(mods: ModuleResources[]): unknown {
  const calls: Record<string, unknown> = {};
  for (const mod of mods) {
    const seen = new Map<string, unknown>();
    for (const resource of mod.resources) {
      const address = `${resource.type}.${resource.name}`;
      if (seen.has(address)) continue;
      seen.set(address, {
        address,
        mode: 'managed',
        type: resource.type,
        name: resource.name,
        provider_config_key: `${mod.module}:aws`,
        expressions: Object.fromEntries(Object.keys(resource.values).filter((k) => k === 'policy' || k === 'bucket' || k === 'role' || k === 'name').map((k) => [k, { references: [`each.value.${k}`, 'each.value'] }])),
        schema_version: 0,
        for_each_expression: { references: [`var.${resource.name}s`] },
      });
    }
    calls[mod.module] = { source: `./modules/${mod.module}`, module: { resources: [...seen.values()] } };
  }
  return {
    provider_config: { aws: { name: 'aws', full_name: PROVIDER, version_constraint: '~> 5.70', expressions: { region: { constant_value: REGION }, allowed_account_ids: { constant_value: [ACCOUNT] } } } },
    root_module: { module_calls: calls },
  };
}

/** The plan that turns `before` into `after` (both Worlds hold the same resources and roles). */
export function renderPlan(before: World, after: World): unknown {
  const beforeModules = modules(before);
  const afterModules = modules(after);
  const beforeByAddress = new Map(beforeModules.flatMap((m) => m.resources).map((r) => [r.address, r]));
  const changes = afterModules.flatMap((mod) =>
    mod.resources.map((resource) => {
      const old = beforeByAddress.get(resource.address);
      const changed = old === undefined || JSON.stringify(old.values) !== JSON.stringify(resource.values);
      return {
        address: resource.address,
        module_address: `module.${mod.module}`,
        mode: resource.mode,
        type: resource.type,
        name: resource.name,
        index: resource.index,
        provider_name: PROVIDER,
        change: {
          actions: old === undefined ? ['create'] : changed ? ['update'] : ['no-op'],
          before: old?.values ?? null,
          after: resource.values,
          after_unknown: {},
          before_sensitive: old === undefined ? false : {},
          after_sensitive: {},
        },
      };
    }),
  );
  return {
    format_version: '1.2',
    terraform_version: TERRAFORM_VERSION,
    planned_values: { root_module: rootModule(afterModules) },
    resource_changes: changes,
    prior_state: { format_version: '1.0', terraform_version: TERRAFORM_VERSION, values: { root_module: rootModule(beforeModules) } },
    configuration: configuration(afterModules),
    timestamp: '2025-03-03T10:15:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}
