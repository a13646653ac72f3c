import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import { fixture, inlineNames, principal, resource } from './helpers.js';

const A = '222222222222';
const { before, after } = readTerraformPlan(fixture('unknowns.tfplan.json'));
const unknownsOf = (address: string) => after.unknowns.filter((u) => u.address === address);

describe('Terraform plan reader: values known only after apply', () => {
  it('resolves the ARN of a new role from its configured path and name, recording no unknown', () => {
    expect(principal(after, 'reporting').arn).toBe(`arn:aws:iam::${A}:role/service/reporting`);
    expect(unknownsOf('aws_iam_role.reporting')).toEqual([]);
  });

  it('keeps a symbolic principal for a role whose name is generated, with its policies and an unknown', () => {
    const symbolic = `arn:aws:iam::${A}:role/\${aws_iam_role.etl.name}`;
    const etl = after.principals.find((p) => p.arn === symbolic)!;
    expect(etl.source?.address).toBe('aws_iam_role.etl');
    expect(inlineNames(etl)).toEqual(['etl']);
    expect(unknownsOf('aws_iam_role.etl')).toEqual([
      { address: 'aws_iam_role.etl', attribute: 'name', reason: 'known after apply', subject: symbolic, source: { file: 'unknowns.tfplan.json', address: 'aws_iam_role.etl' } },
    ]);
  });

  it('renders a deferred policy document from its statements, filling unknown principal ARNs from configuration references', () => {
    expect(resource(after, 'arn:aws:s3:::analytics-data').policy?.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReportingReads',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::analytics-data/*',
          Principal: { AWS: `arn:aws:iam::${A}:role/service/reporting` },
        },
        {
          Sid: 'DenyOthers',
          Effect: 'Deny',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::analytics-data/*',
          Principal: '*',
          Condition: {
            ArnNotEquals: { 'aws:PrincipalArn': [`arn:aws:iam::${A}:role/admin`, `arn:aws:iam::${A}:role/service/reporting`] },
            Bool: { 'aws:SecureTransport': 'false' },
          },
        },
      ],
    });
    expect(unknownsOf('aws_s3_bucket_policy.data')).toEqual([]);
    expect(resource(before, 'arn:aws:s3:::analytics-data').policy?.document).toMatchObject({ Statement: [{ Effect: 'Deny' }] });
  });

  it('records an unknown policy, never an absent one, when a deferred document cannot be rendered', () => {
    const bucket = 'arn:aws:s3:::${aws_s3_bucket.scratch.bucket}';
    expect(resource(after, bucket).policy).toBeUndefined();
    expect(unknownsOf('aws_s3_bucket_policy.scratch')).toEqual([expect.objectContaining({ attribute: 'policy', reason: 'known after apply', subject: bucket })]);
    expect(unknownsOf('aws_s3_bucket.scratch')).toEqual([expect.objectContaining({ attribute: 'bucket', subject: bucket })]);
  });

  it('records a configured policy that references a variable unknown until apply', () => {
    expect(unknownsOf('aws_sns_topic.events')).toEqual([
      expect.objectContaining({ attribute: 'policy', subject: `arn:aws:sns:us-east-1:${A}:events` }),
    ]);
  });

  it('ignores a computed policy attribute the configuration does not set', () => {
    expect(after.unknowns.filter((u) => u.attribute === 'policy' && u.address.startsWith('aws_s3_bucket.'))).toEqual([]);
  });

  it('passes an unknown managed policy document on to every principal that attaches it, through groups', () => {
    const subjects = unknownsOf('aws_iam_policy.generated').map((u) => u.subject).sort();
    expect(subjects).toEqual([`arn:aws:iam::${A}:group/readers`, `arn:aws:iam::${A}:policy/generated`, `arn:aws:iam::${A}:user/ops`]);
    expect(after.managedPolicies.map((p) => p.name)).not.toContain('generated');
  });

  it('resolves a workload role known only after apply from the configuration reference', () => {
    expect(after.workloads).toEqual([expect.objectContaining({ id: 'aws_lambda_function.report', roleArn: `arn:aws:iam::${A}:role/service/reporting` })]);
  });

  it('does not read a policy marked sensitive, and records why', () => {
    expect(principal(after, 'ops').inlinePolicies).toEqual([]);
    expect(unknownsOf('aws_iam_user_policy.ops')).toEqual([
      expect.objectContaining({ attribute: 'policy', reason: 'marked sensitive in the plan, so not read', subject: `arn:aws:iam::${A}:user/ops` }),
    ]);
    expect(JSON.stringify({ before, after })).not.toContain('sensitive-marker-9f8e7d');
  });
});

describe('Terraform plan reader: Terraform 0.12 plans', () => {
  it('follows references that name only the resource (no attribute)', () => {
    const { after: legacy } = readTerraformPlan(fixture('legacy-0.12.tfplan.json'), { accountId: A });
    const instance = principal(legacy, 'instance');
    expect(instance.arn).toBe(`arn:aws:iam::${A}:role/instance`);
    expect(inlineNames(instance)).toEqual(['instance']);
    expect(legacy.principals).toHaveLength(1);
    expect(legacy.unknowns).toEqual([]);
  });

  it('says when the plan does not tell the account, and uses a symbolic one', () => {
    const { after: legacy } = readTerraformPlan(fixture('legacy-0.12.tfplan.json'));
    expect(principal(legacy, 'instance').arn).toBe('arn:aws:iam::${account_id}:role/instance');
    expect(legacy.notices).toContainEqual(expect.objectContaining({ level: 'warning', message: 'legacy-0.12.tfplan.json: the input does not tell the account (ARNs read ${account_id}); set it in the configuration' }));
  });
});

describe('Terraform plan reader: unknown values in nested blocks', () => {
  it('records an inline_policy block whose document is only known after apply', () => {
    const { after } = readTerraformPlan(fixture('unknowns.tfplan.json'));
    const dynamic = principal(after, 'dynamic');
    expect(dynamic.inlinePolicies).toEqual([]);
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'aws_iam_role.dynamic', attribute: 'inline_policy[0].policy', subject: dynamic.arn }));
  });
});
