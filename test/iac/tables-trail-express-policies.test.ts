import { describe, expect, it } from 'vitest';
import { readCloudFormation, readTerraformPlan } from '../../src/iac/index.js';
import type { InputFile } from '../../src/model/input.js';
import type { Inventory } from '../../src/model/inventory.js';
import { parseConfig } from '../../src/rules/index.js';
import { review } from '../../src/review.js';
import { resource } from './helpers.js';
import { planFile } from './plan-builder.js';

const A = '444455556666';
const R = 'eu-west-1';
const tableBucket = `arn:aws:s3tables:${R}:${A}:bucket/analytics`;
const statement = (sid: string, principal: string, action: string) => ({ Sid: sid, Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: '*' });
const sids = (inventory: Inventory, arn: string) =>
  ((resource(inventory, arn).policy?.document as { Statement: Array<{ Sid: string }> } | undefined)?.Statement ?? []).map((s) => s.Sid);
const unread = (inventory: Inventory) => inventory.unknowns.filter((u) => u.reason.includes('does not read yet'));

describe('Terraform: S3 table bucket policies', () => {
  it('sets the policy of the table bucket table_bucket_arn names (resolved from the configuration when known after apply)', () => {
    const { after } = readTerraformPlan(
      planFile('tables.tfplan.json', R, [
        { type: 'aws_s3tables_table_bucket', name: 'analytics', after: { name: 'analytics' }, afterUnknown: { arn: true, owner_account_id: true }, expressions: { name: { constant_value: 'analytics' } } },
        {
          type: 'aws_s3tables_table_bucket_policy',
          name: 'analytics',
          after: { resource_policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement('Readers', 'arn:aws:iam::777788889999:root', 's3tables:GetTableData')] }) },
          afterUnknown: { table_bucket_arn: true },
          expressions: { table_bucket_arn: { references: ['aws_s3tables_table_bucket.analytics.arn', 'aws_s3tables_table_bucket.analytics'] } },
        },
      ]),
      { accountId: A },
    );
    expect(resource(after, tableBucket)).toMatchObject({ type: 'AWS::S3Tables::TableBucket', name: 'analytics', source: { address: 'aws_s3tables_table_bucket.analytics' } });
    expect(sids(after, tableBucket)).toEqual(['Readers']);
    expect(unread(after)).toEqual([]);
  });
});

describe('CloudFormation: S3 table buckets, CloudTrail resource policies, S3 Express access points', () => {
  const store = `arn:aws:cloudtrail:${R}:${A}:eventdatastore/EXAMPLE-0000`;
  const stack = (queryPrincipal: string): InputFile => ({
    path: 'data/stack.yaml',
    content: [
      'Resources:',
      '  Analytics:',
      '    Type: AWS::S3Tables::TableBucket',
      '    Properties: { TableBucketName: analytics }',
      '  AnalyticsPolicy:',
      '    Type: AWS::S3Tables::TableBucketPolicy',
      '    Properties:',
      '      TableBucketARN: !Ref Analytics',
      `      ResourcePolicy: { Version: "2012-10-17", Statement: [${JSON.stringify(statement('Readers', 'arn:aws:iam::777788889999:root', 's3tables:GetTableData'))}] }`,
      '  StorePolicy:',
      '    Type: AWS::CloudTrail::ResourcePolicy',
      '    Properties:',
      `      ResourceArn: ${store}`,
      `      ResourcePolicy: { Version: "2012-10-17", Statement: [${JSON.stringify(statement('Query', queryPrincipal, 'cloudtrail:StartQuery'))}] }`,
      '  DashboardPolicy:',
      '    Type: AWS::CloudTrail::ResourcePolicy',
      '    Properties:',
      `      ResourceArn: arn:aws:cloudtrail:${R}:${A}:dashboard/ops`,
      `      ResourcePolicy: { Version: "2012-10-17", Statement: [${JSON.stringify(statement('Refresh', `arn:aws:iam::${A}:root`, 'cloudtrail:StartDashboardRefresh'))}] }`,
      '  Express:',
      '    Type: AWS::S3Express::AccessPoint',
      '    Properties:',
      '      Name: ingest--euw1-az1--xa-s3',
      '      Bucket: ingest--euw1-az1--x-s3',
      '      PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true }',
      `      Policy: { Version: "2012-10-17", Statement: [${JSON.stringify(statement('Sessions', `arn:aws:iam::${A}:role/ingest`, 's3express:CreateSession'))}] }`,
    ].join('\n'),
  });

  it('reads each policy on the resource it names, with a type that follows from the ARN', () => {
    const { after } = readCloudFormation({ head: stack(`arn:aws:iam::${A}:root`) }, { accountId: A, region: R, stackName: 'data' });
    expect(resource(after, tableBucket)).toMatchObject({ type: 'AWS::S3Tables::TableBucket', source: { address: 'Analytics' } });
    expect(sids(after, tableBucket)).toEqual(['Readers']);
    expect(resource(after, store).type).toBe('AWS::CloudTrail::EventDataStore');
    expect(sids(after, store)).toEqual(['Query']);
    expect(resource(after, `arn:aws:cloudtrail:${R}:${A}:dashboard/ops`).type).toBe('AWS::CloudTrail::Dashboard');
    const express = resource(after, `arn:aws:s3express:${R}:${A}:accesspoint/ingest--euw1-az1--xa-s3`);
    expect(express).toMatchObject({ type: 'AWS::S3Express::AccessPoint', publicAccessBlock: { blockPublicPolicy: true, restrictPublicBuckets: true, blockPublicAcls: false } });
    expect(sids(after, express.arn)).toEqual(['Sessions']);
    expect(unread(after)).toEqual([]);
  });

  it('fires public-access through review() when the head lets anyone query an event data store', async () => {
    const config = parseConfig({ accountId: A }, 'test config');
    const result = await review({ plans: [], templates: [{ base: stack(`arn:aws:iam::${A}:root`), head: stack('*') }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'public-access')).toEqual([expect.objectContaining({ resource: store, locations: [expect.objectContaining({ address: 'StorePolicy' })] })]);
    expect(result.conclusion).toBe('failure');
  });
});
