/**
 * Small `terraform show -json` documents for the app tests, in the shape Terraform 1.9 writes,
 * with the `.tf` source they were planned from.
 */

const ACCOUNT = '111111111111';
const PROVIDER = 'registry.terraform.io/hashicorp/aws';

interface PlannedResource {
  address: string;
  type: string;
  name: string;
  after: Record<string, unknown>;
  afterUnknown: Record<string, unknown>;
  references: Record<string, string[]>;
}

/** The fields every representation of a resource in a plan starts with. */
function identity(r: PlannedResource) {
  return { address: r.address, mode: 'managed', type: r.type, name: r.name };
}

function plan(resources: PlannedResource[]): string {
  return JSON.stringify(
    {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: {
        root_module: {
          resources: resources.map((r) => ({
            ...identity(r),
            provider_name: PROVIDER,
            schema_version: 0,
            values: r.after,
            sensitive_values: {},
          })),
        },
      },
      resource_changes: resources.map((r) => ({
        ...identity(r),
        provider_name: PROVIDER,
        change: {
          actions: ['create'],
          before: null,
          after: r.after,
          after_unknown: r.afterUnknown,
          before_sensitive: false,
          after_sensitive: {},
        },
      })),
      prior_state: { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } },
      configuration: {
        provider_config: { aws: { name: 'aws', full_name: PROVIDER, expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: resources.map((r) => ({
            ...identity(r),
            provider_config_key: 'aws',
            expressions: Object.fromEntries(Object.entries(r.references).map(([key, refs]) => [key, { references: refs }])),
            schema_version: 0,
          })),
        },
      },
      timestamp: '2026-11-28T09:55:12Z',
      applyable: true,
      complete: true,
      errored: false,
    },
    null,
    2,
  );
}

/** `count` new roles, each with an inline policy allowing `*` on `*`: one finding per role. */
export function wildcardRoles(count: number): { plan: string; source: string } {
  const resources: PlannedResource[] = [];
  const blocks: string[] = [];
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  const everything = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] });
  for (let i = 0; i < count; i++) {
    const name = `worker${String(i).padStart(2, '0')}`;
    resources.push({
      address: `aws_iam_role.${name}`,
      type: 'aws_iam_role',
      name,
      after: {
        name,
        path: '/',
        assume_role_policy: trust,
        description: null,
        force_detach_policies: false,
        max_session_duration: 3600,
        permissions_boundary: null,
        tags: null,
      },
      afterUnknown: { arn: true, id: true, unique_id: true, create_date: true, tags_all: true, inline_policy: true, managed_policy_arns: true },
      references: {},
    });
    resources.push({
      address: `aws_iam_role_policy.${name}`,
      type: 'aws_iam_role_policy',
      name,
      after: { name: 'everything', name_prefix: null, policy: everything, role: name },
      afterUnknown: { id: true },
      references: { role: [`aws_iam_role.${name}.name`, `aws_iam_role.${name}`] },
    });
    blocks.push(
      `resource "aws_iam_role" "${name}" {\n  name               = "${name}"\n  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json\n}\n`,
      `resource "aws_iam_role_policy" "${name}" {\n  name   = "everything"\n  role   = aws_iam_role.${name}.name\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "Everything", Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n`,
    );
  }
  return { plan: plan(resources), source: blocks.join('\n') };
}

/** A plan that creates only a log group: it changes no access. */
export function logGroupOnly(): { plan: string; source: string } {
  return {
    plan: plan([
      {
        address: 'aws_cloudwatch_log_group.app',
        type: 'aws_cloudwatch_log_group',
        name: 'app',
        after: { name: '/payments/app', retention_in_days: 30, kms_key_id: null, skip_destroy: false, tags: null },
        afterUnknown: { arn: true, id: true, tags_all: true },
        references: {},
      },
    ]),
    source: 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/payments/app"\n  retention_in_days = 30\n}\n',
  };
}

export const TEST_ACCOUNT = ACCOUNT;
