import { describe, expect, it } from 'vitest';
import { granteesOf } from '../../src/access/grantees.js';
import { compilePolicy } from '../../src/iam/policy.js';
import { UNKNOWN_VALUE_OPERATOR } from '../../src/iam/unknown-value.js';
import type { Grant } from '../../src/model/access.js';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';

const A = '555555555555';
const BUCKET = 'arn:aws:s3:::reports';
const READER = '${Ref ReaderRoleArn}';
const WRITER = '${Ref WriterRoleArn}';
const CI = '${Ref CiRoleArn}';
const DEPLOYER = `arn:aws:iam::${A}:role/deployer`;

/** Roles given only at deploy time read and write a bucket; one of them may assume a deployer. */
const TEMPLATE = [
  'Parameters:',
  '  ReaderRoleArn: { Type: String }',
  '  WriterRoleArn: { Type: String }',
  '  CiRoleArn: { Type: String }',
  'Resources:',
  '  Reports:',
  '    Type: AWS::S3::Bucket',
  '    Properties: { BucketName: reports, Tags: [{ Key: Confidentiality, Value: Confidential }] }',
  '  ReportsPolicy:',
  '    Type: AWS::S3::BucketPolicy',
  '    Properties:',
  '      Bucket: !Ref Reports',
  '      PolicyDocument:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          - { Sid: ReaderReads, Effect: Allow, Principal: { AWS: !Ref ReaderRoleArn }, Action: s3:GetObject, Resource: !Sub "${Reports.Arn}/*" }',
  '          - { Sid: BothList, Effect: Allow, Principal: { AWS: [!Ref ReaderRoleArn, !Ref WriterRoleArn] }, Action: s3:ListBucket, Resource: !GetAtt Reports.Arn }',
  '          - { Sid: WriterNeverLists, Effect: Deny, Principal: { AWS: !Ref WriterRoleArn }, Action: s3:ListBucket, Resource: !GetAtt Reports.Arn }',
  '          - { Sid: WriterWrites, Effect: Allow, Principal: { AWS: !Ref WriterRoleArn }, Action: s3:PutObject, Resource: !Sub "${Reports.Arn}/*" }',
  '          - Sid: ReaderWritesFromVpce',
  '            Effect: Allow',
  '            Principal: { AWS: !Ref ReaderRoleArn }',
  '            Action: s3:PutObject',
  '            Resource: !Sub "${Reports.Arn}/*"',
  '            Condition: { StringEquals: { "aws:SourceVpce": vpce-1 } }',
  '  Deployer:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      RoleName: deployer',
  '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: !Ref CiRoleArn }, Action: sts:AssumeRole }] }',
  '      Policies: [{ PolicyName: delete, PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:DeleteObject, Resource: !Sub "${Reports.Arn}/*" }] } }]',
].join('\n');

describe('principal entries known only at deploy time', () => {
  it('are grantees of Allow statements, unless they read as a principal ARN or an account', () => {
    const policy = compilePolicy({
      id: 'p',
      name: 'p',
      kind: 'resource',
      document: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: [READER, 'arn:aws:iam::${account_id}:root', `arn:aws:iam::${A}:role/\${aws_iam_role.app.name}`] }, Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Deny', Principal: { AWS: WRITER }, Action: 's3:GetObject', Resource: '*' },
        ],
      },
    });
    expect(granteesOf(policy)).toEqual([
      { kind: 'arn', arn: `arn:aws:iam::${A}:role/\${aws_iam_role.app.name}` },
      { kind: 'unknown', value: READER },
      { kind: 'account', account: '${account_id}' },
    ]);
  });

  describe('through review() of a CloudFormation template', async () => {
    const result = await review({ plans: [], templates: [{ head: { path: 'reports.yaml', content: TEMPLATE } }], terraformSources: [], config: parseConfig({ accountId: A }, 'test config'), today: '2026-01-01' });
    const granted = (principal: string): Grant[] => result.delta.added.filter((g) => g.principal === principal && g.resource === BUCKET);
    const capabilityOf = (principal: string, capability: string) => granted(principal).find((g) => g.capability === capability);

    it('list what the principal each entry names gains, as an Unknown aggregate labelled with the entry', () => {
      expect(result.errors).toEqual([]);
      expect(capabilityOf(READER, 'read-data')).toMatchObject({ principalType: 'Unknown', actions: ['s3:GetObject', 's3:ListBucket'], conditional: false, conditions: [], unknown: true });
      expect(capabilityOf(WRITER, 'write-data')).toMatchObject({ principalType: 'Unknown', actions: ['s3:PutObject'], conditional: false, unknown: true });
    });

    it('give each entry only its own statements: denies naming it apply, other entries do not grant it', () => {
      expect(capabilityOf(WRITER, 'read-data')).toBeUndefined();
      const readerWrites = capabilityOf(READER, 'write-data');
      expect(readerWrites).toMatchObject({ conditional: true, actions: ['s3:PutObject'] });
      expect(readerWrites?.conditions).toEqual([expect.objectContaining({ operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1'], negated: false })]);
      const entryConditions = [READER, WRITER].flatMap(granted).flatMap((g) => g.conditions).filter((c) => c.operator === UNKNOWN_VALUE_OPERATOR);
      expect(entryConditions).toEqual([]);
    });

    it('start role chains from a trust policy naming them', () => {
      expect(capabilityOf(CI, 'delete-data')).toMatchObject({ principalType: 'Unknown', path: [CI, DEPLOYER], unknown: true, conditional: false });
      expect(capabilityOf(DEPLOYER, 'delete-data')?.path).toBeUndefined();
    });
  });
});
