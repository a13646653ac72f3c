import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/iam/policy.js';
import { UNKNOWN_VALUE_OPERATOR } from '../../src/iam/unknown-value.js';
import { readCloudFormation } from '../../src/iac/index.js';
import type { Inventory, PolicyDocument } from '../../src/model/inventory.js';
import { parseConfig } from '../../src/rules/index.js';
import { review } from '../../src/review.js';
import { fixture, principal, resource } from './helpers.js';

const A = '555555555555';
const file = fixture('cloudformation/deploy-time-values.yaml');
// No region: the mapping looked up by region cannot be resolved.
const { after } = readCloudFormation({ head: file }, { accountId: A });
const ARCHIVE = 'arn:aws:s3:::team-archive';
const SHIPPER = `arn:aws:iam::${A}:role/shipper`;
const PARTNER = `arn:aws:iam::${A}:role/partner`;

type Statement = Record<string, unknown>;
const statement = (policy: PolicyDocument | undefined, sid: string) =>
  ((policy?.document as { Statement: Statement[] }).Statement).find((s) => s.Sid === sid)!;
const shipPolicy = () => principal(after, 'shipper').inlinePolicies.find((p) => p.name === 'ship');
const noticeFor = (inventory: Inventory, text: string) => inventory.notices.find((n) => n.message.includes(text));

describe('CloudFormation: values known only at deploy time are kept in the policy as unknown values', () => {
  it('a parameter without a value: `${Ref NAME}`, an unknown of the policy owner, and a notice', () => {
    expect(statement(resource(after, ARCHIVE).policy, 'ReporterReads')).toMatchObject({ Principal: { AWS: '${Ref ReaderRoleArn}' }, Resource: `${ARCHIVE}/*` });
    expect(after.unknowns).toContainEqual({
      address: 'ArchivePolicy',
      attribute: 'PolicyDocument',
      reason: 'depends on Ref ReaderRoleArn, Fn::FindInMap LogDeliveryAccount.(region).AccountId, known only at deploy time',
      subject: ARCHIVE,
      source: expect.objectContaining({ file: file.path, address: 'ArchivePolicy' }),
    });
    expect(noticeFor(after, 'Ref ReaderRoleArn (parameter: no value given, no default) cannot be resolved from the template (used by ArchivePolicy)')?.level).toBe('warning');
  });

  it('Fn::GetAtt of a type whose attributes the reader does not synthesize', () => {
    expect(statement(shipPolicy(), 'WriteAudit')).toMatchObject({ Resource: '${Fn::GetAtt AuditLog.Arn}' });
    expect(statement(shipPolicy(), 'ReadArchive')).toMatchObject({ Resource: ARCHIVE });
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'Shipper', attribute: 'Policies[0].PolicyDocument', subject: SHIPPER }));
    expect(noticeFor(after, 'Fn::GetAtt AuditLog.Arn cannot be resolved from the template (used by Shipper)')).toBeDefined();
  });

  it('Fn::FindInMap keyed by a region no input gives (and resolved once the region is given)', () => {
    expect(statement(resource(after, ARCHIVE).policy, 'LoadBalancerLogs')).toMatchObject({ Principal: { AWS: '${Fn::FindInMap LogDeliveryAccount.(region).AccountId}' } });
    expect(noticeFor(after, 'Fn::FindInMap LogDeliveryAccount.(region).AccountId cannot be resolved')).toBeDefined();
    const inIreland = readCloudFormation({ head: file }, { accountId: A, region: 'eu-west-1' }).after;
    expect(statement(resource(inIreland, ARCHIVE).policy, 'LoadBalancerLogs')).toMatchObject({ Principal: { AWS: '156460612806' } });
  });

  it('Fn::ImportValue, also inside Fn::Sub', () => {
    expect(statement(shipPolicy(), 'ReadShared')).toMatchObject({ Resource: '${Fn::ImportValue shared-data-bucket-arn}/*' });
    expect(after.unknowns.find((u) => u.subject === SHIPPER)?.reason).toBe('depends on Fn::GetAtt AuditLog.Arn, Fn::ImportValue shared-data-bucket-arn, known only at deploy time');
    expect(noticeFor(after, 'Fn::ImportValue shared-data-bucket-arn cannot be resolved')).toBeDefined();
  });

  it('a list parameter without a value, joined and split, stays one unknown element', () => {
    expect(principal(after, 'partner').trustPolicy?.document).toMatchObject({ Statement: [{ Principal: { AWS: ['${Ref PartnerAccounts}'] } }] });
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'Partner', attribute: 'AssumeRolePolicyDocument', subject: PARTNER }));
  });

  it('every policy holding them compiles, and the known parts are read as written', () => {
    const documents = [resource(after, ARCHIVE).policy!, shipPolicy()!, principal(after, 'partner').trustPolicy!];
    for (const document of documents) expect(() => compilePolicy(document)).not.toThrow();
  });

  it('a policy that is an unknown value as a whole is recorded, not read', () => {
    const template = [
      'Resources:',
      '  Queue: { Type: AWS::SQS::Queue, Properties: { QueueName: jobs } }',
      '  QueuePolicy:',
      '    Type: AWS::SQS::QueuePolicy',
      '    Properties: { Queues: [!Ref Queue], PolicyDocument: !ImportValue shared-queue-policy }',
    ].join('\n');
    const read = readCloudFormation({ head: { path: 'q.yaml', content: template } }, { accountId: A, region: 'eu-west-1' }).after;
    const queue = `arn:aws:sqs:eu-west-1:${A}:jobs`;
    expect(resource(read, queue).policy).toBeUndefined();
    expect(read.unknowns).toEqual([expect.objectContaining({ address: 'QueuePolicy', attribute: 'PolicyDocument', subject: queue, reason: 'depends on Fn::ImportValue shared-queue-policy, known only at deploy time' })]);
  });

  it('a name known only at deploy time makes a symbolic identity, recorded as unknown', () => {
    const template = [
      'Parameters: { Name: { Type: String } }',
      'Resources:',
      '  Data: { Type: AWS::S3::Bucket, Properties: { BucketName: !Ref Name } }',
      '  Jobs: { Type: AWS::SQS::Queue, Properties: { QueueName: !Sub "${Name}-jobs", FifoQueue: true } }',
    ].join('\n');
    const read = readCloudFormation({ head: { path: 'b.yaml', content: template } }, { accountId: A, region: 'eu-west-1' }).after;
    const queue = `arn:aws:sqs:eu-west-1:${A}:\${Ref Name}-jobs.fifo`;
    expect(read.resources.map((r) => r.arn)).toEqual(['arn:aws:s3:::${Ref Name}', queue]);
    expect(read.unknowns).toEqual([
      expect.objectContaining({ address: 'Data', attribute: 'BucketName', subject: 'arn:aws:s3:::${Ref Name}' }),
      expect.objectContaining({ address: 'Jobs', attribute: 'QueueName', subject: queue }),
    ]);
  });

  it('the account no input gives is not an unknown of the policies (it has its own warning)', () => {
    const bare = readCloudFormation({ head: fixture('cloudformation/reports.base.json') }).after;
    expect(bare.unknowns).toEqual([]);
    expect(bare.notices.map((n) => n.message)).toContainEqual(expect.stringContaining('does not tell the account'));
  });
});

describe('CloudFormation: a review over values known only at deploy time completes and is not a silent pass', () => {
  const config = parseConfig({ accountId: A }, 'test config');

  it('reports the access as unknown, lists the unknowns, and fails on unknown-access', async () => {
    const result = await review({ plans: [], templates: [{ head: file }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.conclusion).toBe('failure');
    expect(result.unknowns.map((u) => `${u.address}.${u.attribute}`).sort()).toEqual([
      'ArchivePolicy.PolicyDocument',
      'Partner.AssumeRolePolicyDocument',
      'Shipper.Policies[0].PolicyDocument',
    ]);
    const unknownAccess = result.findings.filter((f) => f.rule === 'unknown-access');
    expect(unknownAccess.map((f) => f.resource ?? f.principal).sort()).toEqual([ARCHIVE, PARTNER, SHIPPER].sort());
    expect(unknownAccess.every((f) => f.severity === 'error')).toBe(true);

    // The shipper's access to the archive is known (s3:ListBucket); its grant is still marked as depending on unknowns.
    const shipperOnArchive = result.delta.added.find((g) => g.principal === SHIPPER && g.resource === ARCHIVE && g.capability === 'read-data');
    expect(shipperOnArchive).toMatchObject({ conditional: false, unknown: true });
  });

  /** A template with a `reports` bucket and a `reader` role whose policy reads `resource` (a `!Sub` text with parameter `Param`). */
  const readerTemplate = (resource: string) =>
    [
      'Parameters: { Param: { Type: String } }',
      'Resources:',
      '  Data:',
      '    Type: AWS::S3::Bucket',
      '    Properties: { BucketName: reports, Tags: [{ Key: Confidentiality, Value: Confidential }] }',
      '  Reader:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: reader',
      '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
      '      Policies:',
      '        - PolicyName: read',
      `          PolicyDocument: { Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: !Sub "${resource}" }] }`,
    ].join('\n');
  const reviewOf = (path: string, content: string) => review({ plans: [], templates: [{ head: { path, content } }], terraformSources: [], config, today: '2026-01-01' });

  it('keeps an Allow on an unknown resource as a grant conditional on it, naming the unknown value', async () => {
    const result = await reviewOf('reader.yaml', readerTemplate('${Param}/*'));
    expect(result.errors).toEqual([]);
    const read = result.delta.added.find((g) => g.principal === `arn:aws:iam::${A}:role/reader` && g.resource === 'arn:aws:s3:::reports' && g.capability === 'read-data');
    expect(read).toMatchObject({ conditional: true, unknown: true });
    expect(read?.conditions).toEqual([expect.objectContaining({ operator: UNKNOWN_VALUE_OPERATOR, key: 'Resource', values: ['${Ref Param}/*'], negated: false })]);
    expect(result.conclusion).toBe('failure');
  });

  it('reads the account no input names as the same account wherever it is written (no silent loss)', async () => {
    const template = [
      'Resources:',
      '  Data: { Type: AWS::S3::Bucket, Properties: { BucketName: !Sub "data-${AWS::AccountId}" } }',
      '  App:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: app',
      '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
      '      Policies: [{ PolicyName: read, PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: !Sub "${Data.Arn}/*" }] } }]',
    ].join('\n');
    const result = await review({ plans: [], templates: [{ head: { path: 'app.yaml', content: template } }], terraformSources: [], config: parseConfig({}, 'test config'), today: '2026-01-01' });
    expect(result.delta.added.map((g) => [g.principal, g.capability, g.resource, g.conditional])).toEqual([
      ['arn:aws:iam::${account_id}:role/app', 'read-data', 'arn:aws:s3:::data-${account_id}', false],
    ]);
    expect(result.unknowns).toEqual([]);
  });

  it('still fails the whole review for a policy that is invalid whatever the unknown values are', async () => {
    const result = await reviewOf('bad.yaml', readerTemplate('bucket-${Param}'));
    expect(result.conclusion).toBe('failure');
    expect(result.errors).toEqual([expect.objectContaining({ file: 'bad.yaml', message: expect.stringContaining('"bucket-${Ref Param}" cannot be "*" or an ARN') })]);
  });
});
