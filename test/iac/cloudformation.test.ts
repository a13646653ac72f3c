import { describe, expect, it } from 'vitest';
import { readCloudFormation } from '../../src/iac/index.js';
import { InputError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import { fixture, inlineNames, principal, resource } from './helpers.js';
import { inputErrorOf } from '../input-error.js';

const A = '555555555555';
const R = 'eu-west-1';
const options = { accountId: A, region: R, parameters: { AuditRoleArn: `arn:aws:iam::${A}:role/audit` } };
const { after } = readCloudFormation({ head: fixture('cloudformation/data-platform.yaml') }, options);
const statements = (inventory: Inventory, arn: string) => (resource(inventory, arn).policy?.document as { Statement: Array<Record<string, unknown>> }).Statement;
const byAddress = (address: string) => after.resources.find((r) => r.source?.address === address)!;

describe('CloudFormation reader: YAML short forms and intrinsics', () => {
  it('evaluates Sub with pseudo parameters and parameter defaults, and keeps ${!Literal} as a policy variable', () => {
    const ingest = principal(after, 'data-platform-ingest-dev');
    expect(ingest).toMatchObject({ arn: `arn:aws:iam::${A}:role/data/data-platform-ingest-dev`, path: '/data/', permissionsBoundaryArn: `arn:aws:iam::${A}:policy/boundary`, tags: { Team: 'data' } });
    const writeRaw = ingest.inlinePolicies.find((p) => p.name === 'write-raw')!;
    const raw = byAddress('RawBucket');
    expect(writeRaw.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: `${raw.arn}/incoming/\${aws:username}/*` }],
    });
  });

  it('drops a statement under Fn::If whose condition is false (AWS::NoValue), and resources whose Condition is false', () => {
    expect(after.resources.map((r) => r.name)).not.toContain('prod-only');
    const prod = readCloudFormation({ head: fixture('cloudformation/data-platform.yaml') }, { ...options, parameters: { ...options.parameters, Environment: 'prod' } }).after;
    expect(prod.resources.map((r) => r.name)).toContain('prod-only');
    expect(principal(prod, 'data-platform-ingest-prod').inlinePolicies.find((p) => p.name === 'write-raw')!.document).toMatchObject({ Statement: [{}, { Action: 'kms:Encrypt' }] });
    expect(prod.resources.filter((r) => r.type === 'AWS::KMS::Key')).toHaveLength(1);
  });

  it('evaluates Select, Split and Join over a list parameter, and GetAtt of generated names', () => {
    expect(statements(after, byAddress('RawBucket').arn)).toEqual([
      { Sid: 'PartnersRead', Effect: 'Allow', Principal: { AWS: ['333333333333', '444444444444'] }, Action: 's3:GetObject', Resource: `${byAddress('RawBucket').arn}/shared/*` },
      { Sid: 'Audit', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/audit` }, Action: 's3:GetBucketPolicy', Resource: byAddress('RawBucket').arn },
    ]);
    const analyst = after.principals.find((p) => p.source?.address === 'AnalystRole')!;
    expect(analyst.trustPolicy?.document).toMatchObject({ Statement: [{ Principal: { AWS: '333333333333' } }] });
  });

  it('synthesizes the names CloudFormation generates, stable across reads, in the right case', () => {
    const raw = byAddress('RawBucket');
    expect(raw.name).toMatch(/^data-platform-rawbucket-[a-z0-9]{12}$/);
    expect(raw.arn).toBe(`arn:aws:s3:::${raw.name}`);
    const again = readCloudFormation({ head: fixture('cloudformation/data-platform.yaml') }, options).after;
    expect(again.resources.map((r) => r.arn)).toEqual(after.resources.map((r) => r.arn));
    expect(after.principals.find((p) => p.source?.address === 'AnalystRole')!.name).toMatch(/^data-platform-AnalystRole-[A-Z0-9]{12}$/);
    expect(byAddress('Jobs').arn).toMatch(new RegExp(`^arn:aws:sqs:${R}:${A}:data-platform-Jobs-[A-Z0-9]{12}\\.fifo$`));
    expect(byAddress('DataKey').arn).toMatch(new RegExp(`^arn:aws:kms:${R}:${A}:key/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
    expect(byAddress('DbSecret').arn).toMatch(new RegExp(`^arn:aws:secretsmanager:${R}:${A}:secret:db-credentials-[A-Za-z]{6}$`));
  });

  it('points at the line of each logical ID', () => {
    expect(principal(after, 'data-platform-ingest-dev').source).toEqual({ file: 'cloudformation/data-platform.yaml', line: 27, address: 'IngestRole' });
    expect(byAddress('RawBucket').policy?.source).toMatchObject({ address: 'RawBucketPolicy', line: 145 });
  });
});

describe('CloudFormation reader: resource types', () => {
  it('reads managed policies with their attachments, groups, users and memberships', () => {
    const policy = after.managedPolicies[0]!;
    expect(policy.arn).toMatch(new RegExp(`^arn:aws:iam::${A}:policy/data/data-platform-ReadRawPolicy-`));
    expect(after.principals.find((p) => p.source?.address === 'AnalystRole')!.managedPolicyArns).toEqual([policy.arn]);
    const analysts = after.groups.find((g) => g.name === 'analysts')!;
    expect(analysts.managedPolicyArns).toEqual([policy.arn]);
    expect(inlineNames(analysts)).toEqual(['athena']);
    expect(principal(after, 'carol').groupArns).toEqual([analysts.arn]);
    expect(principal(after, 'dave').groupArns).toEqual([analysts.arn]);
    expect(inlineNames(principal(after, 'dave'))).toEqual(['on-call']);
    expect(inlineNames(principal(after, 'data-platform-ingest-dev'))).toEqual(['on-call', 'write-raw']);
  });

  it('reads keys (explicit and default policy, alias), queues, topics, secrets, functions, repositories and tables', () => {
    expect(byAddress('DataKey')).toMatchObject({ type: 'AWS::KMS::Key', name: 'alias/data' });
    expect(byAddress('ScratchKey').policy).toMatchObject({ name: expect.stringContaining('default key policy') });
    // Without an alias a key is named by its logical ID: its key ID is AWS's to choose at creation.
    expect(byAddress('ScratchKey')).toMatchObject({ name: 'ScratchKey', arn: expect.stringMatching(new RegExp(`^arn:aws:kms:${R}:${A}:key/[0-9a-f-]{36}$`)) });
    const multiRegion = readCloudFormation({ head: { path: 'k.yaml', content: 'Resources:\n  Replicated:\n    Type: AWS::KMS::Key\n    Properties:\n      MultiRegion: true\n' } }, options).after;
    expect(multiRegion.resources[0]).toMatchObject({ name: 'Replicated', arn: expect.stringMatching(new RegExp(`^arn:aws:kms:${R}:${A}:key/mrk-[0-9a-f]{32}$`)) });
    expect(statements(after, byAddress('Jobs').arn)).toEqual([expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' } })]);
    expect(statements(after, `arn:aws:sns:${R}:${A}:alerts`)).toEqual([expect.objectContaining({ Resource: `arn:aws:sns:${R}:${A}:alerts` })]);
    expect(statements(after, byAddress('DbSecret').arn)).toEqual([expect.objectContaining({ Effect: 'Deny' })]);
    const ingest = byAddress('Ingest');
    expect(statements(after, ingest.arn)).toEqual([
      {
        Sid: 'IngestFromBucket',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: ingest.arn,
        Condition: { ArnLike: { 'AWS:SourceArn': byAddress('RawBucket').arn }, StringEquals: { 'AWS:SourceAccount': A } },
      },
    ]);
    expect(byAddress('Images')).toMatchObject({ type: 'AWS::ECR::Repository', tags: { Team: 'data' } });
    expect(statements(after, `arn:aws:dynamodb:${R}:${A}:table/catalog`)).toEqual([expect.objectContaining({ Action: 'dynamodb:Query' })]);
    expect(byAddress('RawBucket')).toMatchObject({ tags: { Confidentiality: 'Confidential' }, publicAccessBlock: { blockPublicPolicy: true } });
  });

  it('links workloads (Lambda, EC2 through its instance profile, ECS task) to roles', () => {
    const role = `arn:aws:iam::${A}:role/data/data-platform-ingest-dev`;
    expect(after.workloads.map((w) => [w.id, w.kind, w.roleArn])).toEqual([
      ['Ingest', 'lambda', role],
      ['Worker', 'ec2-instance', role],
      ['Task', 'ecs-task', role],
      ['Task', 'ecs-task-execution', `arn:aws:iam::${A}:role/\${Fn::ImportValue shared-ecs-execution-role-arn}`],
    ]);
  });

  it('reads service control policies with their targets', () => {
    expect(after.organization?.scpLevels[A]?.map((l) => [l.target, l.policies.map((p) => p.name)])).toEqual([
      ['r-ab12', ['FullAWSAccess', 'deny-leave']],
      [A, ['FullAWSAccess']],
    ]);
  });
});

describe('CloudFormation reader: nothing silent', () => {
  it('names an unresolvable intrinsic and records the access it leaves unknown', () => {
    expect(after.notices).toContainEqual(expect.objectContaining({ message: expect.stringContaining('Fn::ImportValue shared-ecs-execution-role-arn cannot be resolved from the template (used by Task)') }));
    expect(after.notices).toContainEqual(expect.objectContaining({ message: expect.stringContaining('Ref SharedServicesAccount cannot be resolved from the template (used by Images)') }));
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'Images', attribute: 'RepositoryPolicyText', subject: byAddress('Images').arn }));
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'Task', attribute: 'ExecutionRoleArn' }));
  });

  it('names a parameter without a value', () => {
    const noParameters = readCloudFormation({ head: fixture('cloudformation/data-platform.yaml') }, { accountId: A, region: R }).after;
    expect(noParameters.notices).toContainEqual(expect.objectContaining({ message: expect.stringContaining('Ref AuditRoleArn (parameter: no value given, no default) cannot be resolved from the template (used by RawBucketPolicy)') }));
  });

  it('records policy-bearing types it does not read, and SAM resources, as unknowns without a notice', () => {
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'PermissionSet', attribute: 'InlinePolicy', reason: 'AWS::SSO::PermissionSet carries a policy that Access Delta does not read yet; the access it grants is not analysed' }));
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'Api', attribute: 'Type', reason: 'AWS::Serverless::Function is a SAM resource; the Serverless transform is not expanded, so the access it grants is not analysed', source: expect.objectContaining({ address: 'Api', line: 355 }) }));
    expect(after.notices.map((n) => n.message).filter((m) => m.includes('PermissionSet') || m.includes('Serverless'))).toEqual([]);
  });

  it('says when the account or the region is not given and an ARN needs it', () => {
    const bare = readCloudFormation({ head: fixture('cloudformation/reports.base.json') }).after;
    expect(principal(bare, 'reporter').arn).toBe('arn:aws:iam::${account_id}:role/reporter');
    expect(bare.notices).toContainEqual({ level: 'warning', message: 'cloudformation/reports.base.json: the input does not tell the account (ARNs read ${account_id}); set `accountId` in the configuration', source: { file: 'cloudformation/reports.base.json' } });
    const queue = readCloudFormation({ head: { path: 'q.yaml', content: 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n' } }, { accountId: A }).after;
    expect(queue.notices.map((n) => n.message)).toEqual(['q.yaml: the input does not tell the region (ARNs read ${region}); set `region` in the configuration']);
  });
});

describe('CloudFormation reader: a PR reads the template at base and head', () => {
  const { before, after: head } = readCloudFormation({ base: fixture('cloudformation/reports.base.json'), head: fixture('cloudformation/reports.head.json') }, { accountId: A, region: R });

  it('gives each side its own inventory, with JSON line numbers', () => {
    expect(before.principals.map((p) => p.name)).toEqual(['reporter']);
    expect(head.principals.map((p) => p.name)).toEqual(['reporter', 'auditor']);
    expect(principal(head, 'reporter').inlinePolicies[0]!.document).toMatchObject({
      Statement: [{ Resource: 'arn:aws:s3:::reports-archive/*' }, { Action: 's3:PutObject', Resource: 'arn:aws:s3:::reports-archive/*' }],
    });
    expect(principal(head, 'auditor').source).toEqual({ file: 'cloudformation/reports.head.json', line: 67, address: 'Auditor' });
  });

  it('resolves the IDs and ARNs of CloudFront distributions and log groups, which policies name', () => {
    const template = [
      'Resources:',
      '  Site: { Type: AWS::S3::Bucket, Properties: { BucketName: example-site } }',
      '  Cdn: { Type: AWS::CloudFront::Distribution, Properties: { DistributionConfig: { Enabled: true } } }',
      '  SitePolicy:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      Bucket: !Ref Site',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: cloudfront.amazonaws.com }',
      '            Action: s3:GetObject',
      '            Resource: arn:aws:s3:::example-site/*',
      '            Condition: { StringEquals: { "AWS:SourceArn": [!Sub "arn:aws:cloudfront::${AWS::AccountId}:distribution/${Cdn}", !Sub "arn:aws:cloudfront::${AWS::AccountId}:distribution/${Cdn.Id}"] } }',
      '  Logs: { Type: AWS::Logs::LogGroup }',
      '  Writer:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: vpc-flow-logs.amazonaws.com }, Action: sts:AssumeRole }] }',
      '      Policies: [{ PolicyName: logs, PolicyDocument: { Statement: [{ Effect: Allow, Action: logs:PutLogEvents, Resource: [!GetAtt Logs.Arn, !Ref Logs] }] } }]',
    ].join('\n');
    const { after: site } = readCloudFormation({ head: { path: 'site.yaml', content: template } }, { accountId: A, region: R });
    expect(site.unknowns).toEqual([]);
    const [byRef, byId] = (statements(site, 'arn:aws:s3:::example-site')[0]!['Condition'] as Record<string, Record<string, string[]>>)['StringEquals']!['AWS:SourceArn']!;
    expect(byRef).toMatch(new RegExp(`^arn:aws:cloudfront::${A}:distribution/E[A-Z0-9]{13}$`));
    expect(byId).toBe(byRef);
    const writer = site.principals.find((p) => p.source?.address === 'Writer')!;
    const [arn, name] = (writer.inlinePolicies[0]!.document as { Statement: [{ Resource: string[] }] }).Statement[0].Resource;
    expect(arn).toBe(`arn:aws:logs:${R}:${A}:log-group:${name}:*`);
    expect(name).toMatch(/^site-Logs-[A-Z0-9]{12}$/);
  });

  it('names the stack after the head\'s file on both sides, so a template given by two paths generates the same names', () => {
    const template = 'Resources:\n  Raw:\n    Type: AWS::S3::Bucket\n';
    const { before: old, after: now } = readCloudFormation({ base: { path: 'old/ingest.yaml', content: template }, head: { path: 'stacks/data-ingest.yaml', content: template } }, { accountId: A, region: R });
    expect(now.resources.map((r) => r.arn)).toEqual([expect.stringMatching(/^arn:aws:s3:::data-ingest-raw-[a-z0-9]{12}$/)]);
    expect(old.resources.map((r) => r.arn)).toEqual(now.resources.map((r) => r.arn));
    const removed = readCloudFormation({ base: { path: 'stacks/data-ingest.yaml', content: template } }, { accountId: A, region: R });
    expect(removed.before.resources.map((r) => r.arn)).toEqual(now.resources.map((r) => r.arn));
  });

  it('reads a template added or removed by the PR as an empty side', () => {
    const added = readCloudFormation({ head: fixture('cloudformation/reports.head.json') }, { accountId: A, region: R });
    expect(added.before.principals).toEqual([]);
    expect(added.before.accountId).toBe(A);
  });
});

describe('CloudFormation reader: bad input', () => {
  const error = (content: string, path = 'stack.yaml'): InputError => inputErrorOf(() => readCloudFormation({ head: { path, content } }));

  it('names the line and column of a YAML syntax error, without quoting the file', () => {
    const e = error('Resources:\n  Role:\n    Type: AWS::IAM::Role\n     Properties: {\n');
    expect(e.file).toBe('stack.yaml');
    expect(e.place).toMatch(/^line \d+, column \d+$/);
    expect(e.message).not.toContain('Properties');
  });

  it('says when a file is not a template', () => {
    expect(error('{"Parameters": {"A": "b"}}', 'params.json').message).toBe('params.json: not a CloudFormation template: no "Resources" object');
  });

  it('names the logical ID and property of a policy string that is not JSON', () => {
    const e = error('Resources:\n  Logs:\n    Type: AWS::Logs::ResourcePolicy\n    Properties:\n      PolicyName: x\n      PolicyDocument: "{ not json"\n');
    expect(e.place).toMatch(/^Logs: PolicyDocument, line 1, column \d+$/);
  });
});

describe('CloudFormation reader: only what decides access is evaluated', () => {
  it('does not report intrinsics in properties no reader uses', () => {
    const template = [
      'Resources:',
      '  Db:',
      '    Type: AWS::RDS::DBInstance',
      '    Properties:',
      '      AvailabilityZone: !Select [0, !GetAZs ""]',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      FunctionName: reports',
      '      Role: !ImportValue shared-lambda-role',
      '      Environment:',
      '        Variables:',
      '          DB_HOST: !GetAtt Db.Endpoint.Address',
    ].join('\n');
    const { after } = readCloudFormation({ head: { path: 't.yaml', content: template } }, { accountId: A, region: R });
    expect(after.notices.map((n) => n.message)).toEqual([expect.stringContaining('Fn::ImportValue shared-lambda-role cannot be resolved from the template (used by Fn)')]);
  });
});

describe('CloudFormation reader: parameters it must not read', () => {
  it('never substitutes a NoEcho parameter, and knows SSM parameter values only at deploy', () => {
    const template = [
      'Parameters:',
      '  PartnerToken:',
      '    Type: String',
      '    NoEcho: true',
      '    Default: s3cr3t-token-do-not-print',
      '  ReaderRole:',
      '    Type: AWS::SSM::Parameter::Value<String>',
      '    Default: /shared/reader-role-arn',
      'Resources:',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      QueueName: jobs',
      '  QueuePolicy:',
      '    Type: AWS::SQS::QueuePolicy',
      '    Properties:',
      '      Queues: [!Ref Queue]',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { AWS: !Ref ReaderRole }',
      '            Action: sqs:ReceiveMessage',
      '            Resource: "*"',
      '            Condition: { StringEquals: { "aws:userid": !Ref PartnerToken } }',
    ].join('\n');
    const { after } = readCloudFormation({ head: { path: 'q.yaml', content: template } }, { accountId: A, region: R });
    expect(JSON.stringify(after)).not.toContain('s3cr3t-token-do-not-print');
    expect(JSON.stringify(after)).not.toContain('/shared/reader-role-arn');
    const messages = after.notices.map((n) => n.message);
    expect(messages).toContainEqual(expect.stringContaining('Ref PartnerToken (parameter: NoEcho: a secret, not read)'));
    expect(messages).toContainEqual(expect.stringContaining('Ref ReaderRole (parameter: read from SSM Parameter Store at deploy time)'));
    expect(after.unknowns).toEqual([expect.objectContaining({ address: 'QueuePolicy', attribute: 'PolicyDocument', subject: `arn:aws:sqs:${R}:${A}:jobs` })]);
  });
});

describe('CloudFormation reader: S3 ACLs', () => {
  const site = (properties: string) => `Resources:\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: www-example\n      AccessControl: PublicRead\n${properties}`;
  const read = (template: string) => readCloudFormation({ head: { path: 's.yaml', content: template } }, { accountId: A, region: R }).after;

  it('makes a bucket opened by its canned ACL unknown access', () => {
    expect(read(site('')).unknowns).toEqual([
      expect.objectContaining({ address: 'Site', attribute: 'AccessControl', reason: 'bucket www-example is opened by its ACL (AccessControl PublicRead); Access Delta does not analyse ACLs, so the access it grants is not in the review' }),
    ]);
  });

  it('leaves it out when the bucket\'s Block Public Access ignores public ACLs', () => {
    expect(read(site('      PublicAccessBlockConfiguration: { IgnorePublicAcls: true }\n')).unknowns).toEqual([]);
  });
});
