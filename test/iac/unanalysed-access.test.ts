import { describe, expect, it } from 'vitest';
import { readCloudFormation, readTerraformPlan } from '../../src/iac/index.js';
import type { InputFile } from '../../src/model/input.js';
import { parseConfig } from '../../src/rules/index.js';
import { review } from '../../src/review.js';

const A = '111122223333';
const config = parseConfig({ accountId: A }, 'test config');
const template = (path: string, lines: string[]): InputFile => ({ path, content: lines.join('\n') });

/** A SAM application: a function with an AWS managed policy, and a role the template reads. */
const samLines = (functionPolicy: string) => [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Worker:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      RoleName: worker',
  '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
  '  Api:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Handler: index.handler',
  '      Runtime: nodejs20.x',
  `      Policies: [${functionPolicy}]`,
];
const sam = (path = 'app/template.yaml', policy = 'AmazonS3ReadOnlyAccess') => template(path, samLines(policy));
const withoutSam = template('app/template.yaml', samLines('x').slice(1, 7));

const unknownAccess = (result: Awaited<ReturnType<typeof review>>) => result.findings.filter((f) => f.rule === 'unknown-access');

describe('a SAM resource is unknown access, so the review fails closed', () => {
  it('fails a template that adds a SAM function, with one unknown and no repeated notice', async () => {
    const result = await review({ plans: [], templates: [{ base: withoutSam, head: sam() }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.conclusion).toBe('failure');
    expect(unknownAccess(result)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: '`Api.Type` leaves access undecided: AWS::Serverless::Function is a SAM resource; the Serverless transform is not expanded, so the access it grants is not analysed.',
        locations: [{ file: 'app/template.yaml', line: 8, address: 'Api' }],
      }),
    ]);
    expect(result.unknowns.map((u) => `${u.address}.${u.attribute}`)).toEqual(['Api.Type']);
    expect(result.notices.filter((n) => n.message.includes('Serverless'))).toEqual([]);
  });

  it('does not fail when the SAM resource is in the base and the head alike (different paths)', async () => {
    const result = await review({ plans: [], templates: [{ base: sam('base/template.yaml'), head: sam() }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(unknownAccess(result)).toEqual([]);
    expect(result.conclusion).toBe('success');
    // Still listed among the access the inputs leave undecided: not a silent pass.
    expect(result.unknowns.map((u) => `${u.address}.${u.attribute}`)).toEqual(['Api.Type']);
  });

  it('fails when the head edits a SAM resource the base already had: what it grants may have changed', async () => {
    const result = await review({ plans: [], templates: [{ base: sam(), head: sam('app/template.yaml', 'AmazonS3FullAccess') }], terraformSources: [], config, today: '2026-01-01' });
    expect(unknownAccess(result).map((f) => f.message)).toEqual([
      '`Api.Type` leaves access undecided: AWS::Serverless::Function is a SAM resource; the Serverless transform is not expanded, so the access it grants is not analysed.',
    ]);
    expect(result.conclusion).toBe('failure');
    expect(result.notices.filter((n) => n.message.includes('removes it'))).toEqual([]);
  });

  it('does not fail when the head changes only what decides no access (the code, its runtime)', async () => {
    const newCode = template('app/template.yaml', samLines('AmazonS3ReadOnlyAccess').map((line) => line.replace('Runtime: nodejs20.x', 'Runtime: nodejs22.x\n      CodeUri: s3://artifacts/api-2.zip')));
    const result = await review({ plans: [], templates: [{ base: sam(), head: newCode }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(unknownAccess(result)).toEqual([]);
    expect(result.conclusion).toBe('success');
  });

  it('passes with a warning when the configuration lowers the rule', async () => {
    const lowered = parseConfig({ accountId: A, rules: { 'unknown-access': { severity: 'warning' } } }, 'test config');
    const result = await review({ plans: [], templates: [{ head: sam() }], terraformSources: [], config: lowered, today: '2026-01-01' });
    expect(unknownAccess(result).map((f) => f.severity)).toEqual(['warning']);
    expect(result.conclusion).toBe('success');
  });
});

describe('a template Transform is unknown access', () => {
  const macro = (transform: string[]) => template('app/stack.yaml', [...transform, 'Resources:', '  Queue:', '    Type: AWS::SQS::Queue']);

  it('records each macro other than the Serverless transform, under the stack name', () => {
    const { before, after } = readCloudFormation(
      { base: macro([]), head: macro(['Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions, { Name: AWS::Include, Parameters: { Location: s3://b/k } }]']) },
      { accountId: A, region: 'eu-west-1' },
    );
    expect(after.unknowns).toEqual([
      {
        address: 'stack',
        attribute: 'Transform',
        reason: 'the template uses Transform AWS::LanguageExtensions, AWS::Include, which is not expanded; the resources it generates and the access they grant are not analysed',
        source: { file: 'app/stack.yaml' },
        content: expect.stringMatching(/^[0-9a-f]{16}$/),
      },
    ]);
    expect(before.unknowns).toEqual([]);
    expect(after.notices.filter((n) => n.message.includes('Transform'))).toEqual([]);
  });

  it('records nothing for the Serverless transform alone', () => {
    expect(readCloudFormation({ head: macro(['Transform: AWS::Serverless-2016-10-31']) }, { accountId: A, region: 'eu-west-1' }).after.unknowns).toEqual([]);
  });

  it('names a SAM resource or Transform the head removes in a warning', () => {
    const { before, after } = readCloudFormation({ base: sam(), head: macro([]) }, { accountId: A, region: 'eu-west-1' });
    expect(after.unknowns).toEqual([]);
    expect(before.unknowns.map((u) => `${u.address}.${u.attribute}`)).toEqual(['Api.Type']);
    expect(before.notices.map((n) => n.message)).toContainEqual(
      'Api.Type: AWS::Serverless::Function is a SAM resource; the Serverless transform is not expanded, so the access it grants is not analysed (this change removes it)',
    );
    const kept = readCloudFormation({ base: sam(), head: sam() }, { accountId: A, region: 'eu-west-1' });
    expect(kept.before.notices.filter((n) => n.message.includes('removes it'))).toEqual([]);
  });
});

describe('a Terraform resource type not read yet is unknown access through review()', () => {
  const values = (action: string) => ({ container_name: 'clicks', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: '*' }] }) });
  const plan = (actions: string[], after = values('mediastore:*')): InputFile => {
    const change = { actions, before: actions.includes('create') ? null : values('mediastore:*'), after, after_unknown: {} };
    const json = { format_version: '1.2', planned_values: { root_module: {} }, configuration: {}, resource_changes: [{ address: 'aws_mediastore_container_policy.clicks', mode: 'managed', type: 'aws_mediastore_container_policy', name: 'clicks', change }] };
    return { path: 'plan.json', content: JSON.stringify(json) };
  };

  it('fails when the plan creates it and not when the plan keeps it', async () => {
    const created = await review({ plans: [plan(['create'])], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(unknownAccess(created).map((f) => f.message)).toEqual([
      '`aws_mediastore_container_policy.clicks.policy` leaves access undecided: aws_mediastore_container_policy carries a policy that Access Delta does not read yet; the access it grants is not analysed.',
    ]);
    expect(created.conclusion).toBe('failure');
    const kept = await review({ plans: [plan(['no-op'])], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(unknownAccess(kept)).toEqual([]);
    expect(kept.conclusion).toBe('success');
    expect(readTerraformPlan(plan(['no-op'])).before.unknowns.map((u) => u.attribute)).toEqual(['policy']);
  });

  it('fails when the plan edits the policy it cannot read', async () => {
    const edited = await review({ plans: [plan(['update'], values('mediastore:Get*'))], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(unknownAccess(edited).map((f) => f.message)).toEqual([
      '`aws_mediastore_container_policy.clicks.policy` leaves access undecided: aws_mediastore_container_policy carries a policy that Access Delta does not read yet; the access it grants is not analysed.',
    ]);
    expect(edited.conclusion).toBe('failure');
  });
});

describe('a VPC endpoint policy only narrows access, so it is not unknown access', () => {
  const endpointPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] };

  it('records nothing for a Terraform endpoint or endpoint policy', () => {
    const values = { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.s3', policy: JSON.stringify(endpointPolicy) };
    const change = (type: string) => ({ address: `${type}.s3`, mode: 'managed', type, name: 's3', change: { actions: ['create'], before: null, after: values, after_unknown: {} } });
    const json = { format_version: '1.2', planned_values: { root_module: {} }, configuration: {}, resource_changes: [change('aws_vpc_endpoint'), change('aws_vpc_endpoint_policy')] };
    expect(readTerraformPlan({ path: 'plan.json', content: JSON.stringify(json) }).after.unknowns).toEqual([]);
  });

  it('records nothing for AWS::EC2::VPCEndpoint, and the review passes', async () => {
    const head = template('net/template.yaml', [
      'Resources:',
      '  S3Endpoint:',
      '    Type: AWS::EC2::VPCEndpoint',
      '    Properties:',
      '      VpcId: vpc-1',
      '      ServiceName: com.amazonaws.eu-west-1.s3',
      `      PolicyDocument: ${JSON.stringify(endpointPolicy)}`,
    ]);
    const result = await review({ plans: [], templates: [{ head }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.unknowns).toEqual([]);
    expect(result.conclusion).toBe('success');
  });
});

describe('a grant to an S3 canonical user ID is unknown access, not left out', () => {
  const OAI_CANONICAL_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
  const site = (statements: object[]) =>
    template('site/template.yaml', [
      'Resources:',
      '  Site:',
      '    Type: AWS::S3::Bucket',
      '    Properties: { BucketName: acme-site }',
      '  SitePolicy:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      Bucket: { Ref: Site }',
      `      PolicyDocument: ${JSON.stringify({ Version: '2012-10-17', Statement: statements })}`,
    ]);
  const read = (principal: object, sid = 'Cdn') => ({ Sid: sid, Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-site/*' });
  const partner = read({ AWS: `arn:aws:iam::${A}:role/partner` }, 'Partner');

  it('fails a change that grants to one, and keeps the policy\'s other grants', async () => {
    const result = await review({ plans: [], templates: [{ base: site([partner]), head: site([partner, read({ CanonicalUser: OAI_CANONICAL_ID })]) }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.conclusion).toBe('failure');
    expect(unknownAccess(result)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: `\`SitePolicy.Statement Cdn\` leaves access undecided: it grants access to acme-site to the S3 canonical user ID \`${OAI_CANONICAL_ID}\`: an AWS account or a CloudFront origin access identity, which no input resolves to a principal, so whose access this is cannot be shown.`,
        remediation: expect.stringContaining('Name the principal by ARN or account ID'),
        locations: [expect.objectContaining({ file: 'site/template.yaml', address: 'SitePolicy' })],
      }),
    ]);
    // The partner's grant, in base and head alike, is unchanged: not marked undecided.
    expect(result.delta).toEqual({ added: [], removed: [], changed: [] });
  });

  it('passes when the base granted it alike, and still lists it', async () => {
    const both = site([read({ CanonicalUser: [OAI_CANONICAL_ID] })]);
    const result = await review({ plans: [], templates: [{ base: both, head: site([read({ CanonicalUser: [OAI_CANONICAL_ID] })]) }], terraformSources: [], config, today: '2026-01-01' });
    expect(unknownAccess(result)).toEqual([]);
    expect(result.unknowns.map((u) => `${u.address}.${u.attribute}`)).toEqual(['SitePolicy.Statement Cdn']);
  });

  it('leaves an ID known only at deploy time (a CDK origin access identity\'s) to the reader\'s own unknown', () => {
    const statement = read({ CanonicalUser: { 'Fn::GetAtt': ['SiteOAI', 'S3CanonicalUserId'] } });
    const { unknowns } = readCloudFormation({ head: site([statement]) }).after;
    expect(unknowns.map((u) => `${u.address}.${u.attribute}`)).toEqual(['SitePolicy.PolicyDocument']);
  });
});

describe('a bucket ACL that opens the bucket is unknown access, so the review fails closed', () => {
  const bucketWith = (acl: string) => template('web/template.yaml', ['Resources:', '  Site:', '    Type: AWS::S3::Bucket', `    Properties: { BucketName: www-example${acl} }`]);

  it('fails a change that makes a bucket public-read by its ACL', async () => {
    const result = await review({ plans: [], templates: [{ base: bucketWith(''), head: bucketWith(', AccessControl: PublicRead') }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.conclusion).toBe('failure');
    expect(unknownAccess(result)).toEqual([
      expect.objectContaining({
        message: '`Site.AccessControl` leaves access undecided: bucket www-example is opened by its ACL (AccessControl PublicRead); Access Delta does not analyse ACLs, so the access it grants is not in the review.',
        remediation: expect.stringContaining('BucketOwnerEnforced'),
      }),
    ]);
  });

  it('passes a change that keeps the same ACL', async () => {
    const open = bucketWith(', AccessControl: PublicRead');
    const result = await review({ plans: [], templates: [{ base: open, head: open }], terraformSources: [], config, today: '2026-01-01' });
    expect(unknownAccess(result)).toEqual([]);
    expect(result.conclusion).toBe('success');
  });
});
