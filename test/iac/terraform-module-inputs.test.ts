/**
 * Module inputs a caller leaves unset. A module such as a bucket module writes `bucket =
 * var.bucket` and `bucket_prefix = var.bucket_prefix`, both null by default; a caller that passes
 * neither gets a name the provider generates (`terraform-…`), exactly as if the module wrote
 * nothing. Such a name is decided like any generated one, through any depth of module calls,
 * while a name passed from a value known only after apply stays an unknown. An input the caller
 * passes as a reference to one of its own resources (`role_arn = aws_iam_role.worker.arn`) points
 * at that resource inside the module, as the reference would in the caller.
 */
import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import { TerraformConfiguration } from '../../src/iac/terraform/configuration.js';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { fixture } from './helpers.js';

const { after } = readTerraformPlan(fixture('module-inputs.tfplan.json'));
const bucketOf = (module: string) => after.resources.find((r) => r.source?.address === `${module}.aws_s3_bucket.this`)?.arn;

describe('Terraform plan reader: module inputs the caller leaves unset', () => {
  it('names a bucket the provider names when the caller passes neither its name nor its prefix, recording no unknown', () => {
    expect(bucketOf('module.artifacts')).toBe('arn:aws:s3:::terraform-${module.artifacts.aws_s3_bucket.this.bucket}');
    expect(after.unknowns.filter((u) => u.address.startsWith('module.artifacts.'))).toEqual([]);
  });

  it('does the same when the caller passes null, and through a module that passes its own unset input on', () => {
    expect(bucketOf('module.scratch')).toBe('arn:aws:s3:::terraform-${module.scratch.aws_s3_bucket.this.bucket}');
    expect(bucketOf('module.archive.module.store')).toBe('arn:aws:s3:::terraform-${module.archive.module.store.aws_s3_bucket.this.bucket}');
    expect(after.unknowns.filter((u) => u.address.startsWith('module.scratch.') || u.address.startsWith('module.archive.'))).toEqual([]);
  });

  it('points the Block Public Access settings at the generated bucket', () => {
    const arn = bucketOf('module.artifacts')!;
    expect(after.resources.find((r) => r.arn === arn)?.publicAccessBlock).toMatchObject({ blockPublicPolicy: true, restrictPublicBuckets: true });
  });

  it('keeps a name passed from a value known only after apply as an unknown', () => {
    expect(bucketOf('module.named')).toBe('arn:aws:s3:::${module.named.aws_s3_bucket.this.bucket}');
    expect(after.unknowns.map((u) => [u.address, u.attribute])).toEqual([['module.named.aws_s3_bucket.this', 'bucket']]);
  });

  it('follows an input the caller passes as a reference to its own resource: a Lambda function\'s role, a bucket policy\'s bucket', () => {
    expect(after.workloads.find((w) => w.id === 'module.worker.aws_lambda_function.this')?.roleArn).toBe('arn:aws:iam::111111111111:role/worker');
    expect(after.resources.find((r) => r.arn === 'arn:aws:s3:::acme-data')?.policy?.document).toMatchObject({ Statement: [{ Sid: 'PartnerReads' }] });
    expect(after.unknowns.filter((u) => u.address.startsWith('module.worker.') || u.address.startsWith('module.data_policy.'))).toEqual([]);
  });

  it('follows a module output the caller reads: a Lambda function\'s role = module.iam.role_arn', () => {
    expect(after.workloads.find((w) => w.id === 'aws_lambda_function.reporter')?.roleArn).toBe('arn:aws:iam::111111111111:role/reporter');
    expect(after.unknowns.filter((u) => u.address === 'aws_lambda_function.reporter')).toEqual([]);
  });

  it('renders a policy the caller passes from a policy document read at apply, filling the principal from the caller\'s role', () => {
    expect(after.resources.find((r) => r.arn === 'arn:aws:s3:::acme-reports')?.policy?.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'WorkerReads', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-reports/*', Principal: { AWS: 'arn:aws:iam::111111111111:role/worker' } }],
    });
    expect(after.unknowns.filter((u) => u.address.startsWith('module.reports_policy.'))).toEqual([]);
  });

  it('a review judges the bucket policy passed through the module, and fails unknown-access only on the name passed from an unknown', async () => {
    const result = await review({ plans: [fixture('module-inputs.tfplan.json')], templates: [], terraformSources: [], config: parseConfig({ accountId: '111111111111' }, 'test config'), today: '2026-01-01' });
    expect(result.findings.map((f) => [f.rule, f.resource])).toEqual([
      ['external-accounts', 'arn:aws:s3:::acme-data'],
      ['unknown-access', 'arn:aws:s3:::${module.named.aws_s3_bucket.this.bucket}'],
    ]);
  });
});

describe('TerraformConfiguration.isNull', () => {
  const configuration = new TerraformConfiguration({
    root_module: {
      module_calls: {
        app: {
          source: './app',
          expressions: { given: { constant_value: 'x' }, from_role: { references: ['aws_iam_role.app.arn', 'aws_iam_role.app'] } },
          module: { variables: { unset: { default: null }, required: {}, defaulted: { default: 'app' }, given: { default: null }, from_role: { default: null } } },
        },
      },
    },
  });
  const isNull = (expression: unknown) => configuration.isNull(['app'], expression);

  it('is true of a constant null and of variables left null', () => {
    expect(isNull({ constant_value: null })).toBe(true);
    expect(isNull({ references: ['var.unset'] })).toBe(true);
  });

  it('is false of a required variable, a default, a value the caller passes, anything else read, and of the root module', () => {
    expect(isNull({ references: ['var.required'] })).toBe(false);
    expect(isNull({ references: ['var.defaulted'] })).toBe(false);
    expect(isNull({ references: ['var.given'] })).toBe(false);
    expect(isNull({ references: ['var.from_role'] })).toBe(false);
    expect(isNull({ references: ['var.unset', 'local.name'] })).toBe(false);
    expect(isNull({ references: ['var.missing'] })).toBe(false);
    expect(isNull({})).toBe(false);
    expect(configuration.isNull([], { references: ['var.unset'] })).toBe(false);
  });
});

describe('a crafted configuration whose module input and output refer to each other', () => {
  it('is followed a bounded number of hops, and the role stays undecided', () => {
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { child_modules: [{ address: 'module.loop', resources: [{ address: 'module.loop.aws_lambda_function.f', mode: 'managed', type: 'aws_lambda_function', name: 'f', values: { function_name: 'f' } }] }] } },
      resource_changes: [
        { address: 'module.loop.aws_lambda_function.f', module_address: 'module.loop', mode: 'managed', type: 'aws_lambda_function', name: 'f', change: { actions: ['create'], before: null, after: { function_name: 'f' }, after_unknown: { role: true } } },
      ],
      configuration: {
        root_module: {
          module_calls: {
            loop: {
              source: './loop',
              expressions: { role: { references: ['module.loop.role', 'module.loop'] } },
              module: {
                variables: { role: {} },
                outputs: { role: { expression: { references: ['var.role'] } } },
                resources: [{ address: 'aws_lambda_function.f', mode: 'managed', type: 'aws_lambda_function', name: 'f', expressions: { function_name: { constant_value: 'f' }, role: { references: ['var.role'] } } }],
              },
            },
          },
        },
      },
    };
    const { after } = readTerraformPlan({ path: 'loop.tfplan.json', content: JSON.stringify(plan) }, { accountId: '111111111111' });
    expect(after.unknowns.map((u) => [u.address, u.attribute])).toEqual([['module.loop.aws_lambda_function.f', 'role']]);
  });
});
