import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/iam/policy.js';
import { readTerraformPlan } from '../../src/iac/index.js';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { fixture, inlineNames, principal, resource } from './helpers.js';
import { planFile } from './plan-builder.js';

const A = '222222222222';
const { before, after } = readTerraformPlan(fixture('unknowns.tfplan.json'));
const unknownsOf = (address: string) => after.unknowns.filter((u) => u.address === address);

describe('Terraform plan reader: values known only after apply', () => {
  it('resolves the ARN of a new role from its configured path and name, recording no unknown', () => {
    expect(principal(after, 'reporting').arn).toBe(`arn:aws:iam::${A}:role/service/reporting`);
    expect(unknownsOf('aws_iam_role.reporting')).toEqual([]);
  });

  it('keeps a symbolic principal for a role whose name is generated, with its name prefix and its policies, and no unknown', () => {
    // `name_prefix = "etl-"`: patterns such as `role/etl-*` cover the symbolic name as they will the real one.
    const symbolic = `arn:aws:iam::${A}:role/etl-\${aws_iam_role.etl.name}`;
    const etl = after.principals.find((p) => p.arn === symbolic)!;
    expect(etl.source?.address).toBe('aws_iam_role.etl');
    expect(inlineNames(etl)).toEqual(['etl']);
    expect(unknownsOf('aws_iam_role.etl')).toEqual([]);
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

  it('keeps a deferred document whose resource is known only after apply, with an unknown value in its place, and records the unknown', () => {
    const bucket = 'arn:aws:s3:::scratch-${aws_s3_bucket.scratch.bucket}';
    const element = '${data.aws_iam_policy_document.scratch.statement[0].resources[0]}';
    expect(resource(after, bucket).policy?.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Writers', Effect: 'Allow', Action: 's3:GetObject', Resource: element, Principal: { AWS: `arn:aws:iam::${A}:role/writer` } }],
    });
    expect(() => compilePolicy(resource(after, bucket).policy!)).not.toThrow();
    expect(unknownsOf('aws_s3_bucket_policy.scratch')).toEqual([
      expect.objectContaining({ attribute: 'policy', reason: 'known after apply: data.aws_iam_policy_document.scratch.statement[0].resources[0]', subject: bucket }),
    ]);
    expect(unknownsOf('aws_s3_bucket.scratch')).toEqual([]);
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
    expect(legacy.notices).toContainEqual(expect.objectContaining({ level: 'warning', message: 'legacy-0.12.tfplan.json: the input does not tell the account (ARNs read ${account_id}); set `accountId` in the configuration' }));
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

describe('Terraform plan reader: unknown values inside policies (the representation CloudFormation uses too)', () => {
  const file = fixture('deferred-unknowns.tfplan.json');
  const { after: deferred } = readTerraformPlan(file, { accountId: A });
  const etl = `arn:aws:iam::${A}:role/etl-\${aws_iam_role.etl.name}`;
  const element = '${data.aws_iam_policy_document.warehouse.statement[1].condition[0].values[0]}';
  const fn = `arn:aws:lambda:us-east-1:${A}:function:ingest`;

  it('fills a deferred principal with the symbolic ARN of a role whose name is generated, and an unresolvable value with an unknown value', () => {
    const statements = (resource(deferred, 'arn:aws:s3:::warehouse').policy?.document as { Statement: Array<Record<string, unknown>> }).Statement;
    expect(statements.map((s) => [s['Sid'], s['Principal'], s['Condition']])).toEqual([
      ['EtlReads', { AWS: etl }, undefined],
      ['OnlyFromSource', '*', { StringNotEquals: { 'aws:SourceAccount': element } }],
    ]);
    expect(deferred.unknowns.filter((u) => u.address === 'aws_s3_bucket_policy.warehouse')).toEqual([
      expect.objectContaining({ attribute: 'policy', subject: 'arn:aws:s3:::warehouse', reason: `known after apply: ${element.slice(2, -1)}` }),
    ]);
  });

  it('keeps an aws_lambda_permission condition known only after apply, as the ARN of the resource it refers to', () => {
    expect(resource(deferred, fn).policy?.document).toMatchObject({
      Statement: [{ Sid: 'AllowUploads', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::uploads-${aws_s3_bucket.uploads.bucket}' } } }],
    });
    // The bucket's generated name is decided (see below), so the condition is too.
    expect(deferred.unknowns.filter((u) => u.address === 'aws_lambda_permission.uploads')).toEqual([]);
  });

  it('a review grants through them, conditionally and marked unknown, and fails on unknown-access', async () => {
    const result = await review({ plans: [file], templates: [], terraformSources: [], config: parseConfig({ accountId: A }, 'test config'), today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.conclusion).toBe('failure');
    const read = result.delta.added.find((g) => g.principal === etl && g.resource === 'arn:aws:s3:::warehouse' && g.capability === 'read-data');
    expect(read).toMatchObject({ unknown: true, conditional: true });
    expect(read?.conditions).toEqual([expect.objectContaining({ operator: 'StringNotEquals', key: 'aws:SourceAccount', values: [element], negated: true })]);
    const invoke = result.delta.added.find((g) => g.principal === 's3.amazonaws.com' && g.resource === fn);
    expect(invoke?.conditions).toEqual([expect.objectContaining({ operator: 'ArnLike', values: ['arn:aws:s3:::uploads-${aws_s3_bucket.uploads.bucket}'] })]);
    expect(result.findings.filter((f) => f.rule === 'unknown-access').map((f) => f.message)).toContainEqual(expect.stringContaining('aws_s3_bucket_policy.warehouse.policy'));
  });
});

describe('Terraform plan reader: a bucket policy for CloudFront origin access control', () => {
  it('fills AWS:SourceArn (StringEquals, as AWS documents it) with the new distribution\'s ARN, whose ID AWS picks, and leaves nothing undecided', () => {
    const { after: site } = readTerraformPlan(fixture('cloudfront-oac.tfplan.json'), { accountId: A });
    expect(resource(site, 'arn:aws:s3:::example-site').policy?.document).toMatchObject({
      Statement: [{ Sid: 'CloudFrontReads', Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${A}:distribution/\${aws_cloudfront_distribution.cdn.id}` } } }],
    });
    expect(site.unknowns).toEqual([]);
  });
});

describe('Terraform plan reader: a bucket policy for a CloudFront origin access identity', () => {
  it('fills the principal with the new identity\'s IAM ARN, whose ID AWS picks, and leaves nothing undecided', () => {
    const { after: site } = readTerraformPlan(fixture('cloudfront-oai.tfplan.json'), { accountId: A });
    expect(resource(site, 'arn:aws:s3:::example-site').policy?.document).toMatchObject({
      Statement: [{ Sid: 'OriginAccessIdentityReads', Principal: { AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ${aws_cloudfront_origin_access_identity.site.id}' } }],
    });
    expect(site.unknowns).toEqual([]);
  });
});

describe('Terraform plan reader: names the provider generates', () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const role = (name: string, afterValues: Record<string, unknown>, afterUnknown: Record<string, unknown>, expressions: Record<string, unknown> = {}) =>
    ({ type: 'aws_iam_role', name, after: { path: '/', assume_role_policy: trust, tags: {}, ...afterValues }, afterUnknown: { name: true, arn: true, id: true, ...afterUnknown }, expressions });
  const { after: generated } = readTerraformPlan(
    planFile('names.tfplan.json', 'eu-west-1', [
      // Neither `name` nor `name_prefix`: the provider names it `terraform-…`.
      role('anonymous', { name_prefix: null }, { name_prefix: true }),
      // `name = "${random_id.suffix.hex}-etl"`: a name the configuration chooses, known only after apply.
      role('chosen', { name_prefix: null }, { name_prefix: true }, { name: { references: ['random_id.suffix.hex', 'random_id.suffix'] } }),
      // `name_prefix = var.team`, itself known only after apply.
      role('team', {}, { name_prefix: true }, { name_prefix: { references: ['var.team'] } }),
      // A module's `name = var.name` and `name_prefix = var.name_prefix`, called with a prefix only.
      role('module', { name_prefix: 'ci-' }, {}, { name: { references: ['var.name'] }, name_prefix: { references: ['var.name_prefix'] } }),
    ]),
    { accountId: A },
  );
  const arnOf = (name: string) => generated.principals.find((p) => p.source?.address === `aws_iam_role.${name}`)?.arn;

  it('keeps the provider\'s own prefix when the configuration sets no name, and records no unknown', () => {
    expect(arnOf('anonymous')).toBe(`arn:aws:iam::${A}:role/terraform-\${aws_iam_role.anonymous.name}`);
    expect(generated.unknowns.filter((u) => u.address === 'aws_iam_role.anonymous')).toEqual([]);
  });

  it('keeps a known prefix where a module also writes the name from a variable its caller leaves unset (the two conflict)', () => {
    expect(arnOf('module')).toBe(`arn:aws:iam::${A}:role/ci-\${aws_iam_role.module.name}`);
    expect(generated.unknowns.filter((u) => u.address === 'aws_iam_role.module')).toEqual([]);
  });

  it('records an unknown for a name the configuration sets, or prefixes, with a value known only after apply', () => {
    expect(arnOf('chosen')).toBe(`arn:aws:iam::${A}:role/\${aws_iam_role.chosen.name}`);
    expect(arnOf('team')).toBe(`arn:aws:iam::${A}:role/\${aws_iam_role.team.name}`);
    expect(generated.unknowns.map((u) => [u.address, u.attribute])).toEqual([
      ['aws_iam_role.chosen', 'name'],
      ['aws_iam_role.team', 'name'],
    ]);
  });
});
