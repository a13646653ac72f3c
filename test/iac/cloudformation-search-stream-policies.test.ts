import { describe, expect, it } from 'vitest';
import { readCloudFormation } from '../../src/iac/index.js';
import type { InputFile } from '../../src/model/input.js';
import type { Inventory } from '../../src/model/inventory.js';
import { parseConfig } from '../../src/rules/index.js';
import { review } from '../../src/review.js';
import { resource } from './helpers.js';

const A = '444455556666';
const R = 'eu-west-1';
const template = (lines: string[]): InputFile => ({ path: 'search/stack.yaml', content: lines.join('\n') });
const sids = (inventory: Inventory, arn: string) =>
  ((resource(inventory, arn).policy?.document as { Statement: Array<{ Sid: string }> } | undefined)?.Statement ?? []).map((s) => s.Sid);

const searchAndStreams = template([
  'Parameters:',
  '  WriterRoleArn: { Type: String, Default: "arn:aws:iam::444455556666:role/search-writer" }',
  'Resources:',
  '  Logs:',
  '    Type: AWS::OpenSearchService::Domain',
  '    Properties:',
  '      DomainName: app-logs',
  '      Tags: [{ Key: Confidentiality, Value: Internal }]',
  '      AccessPolicies:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          - Sid: Writers',
  '            Effect: Allow',
  '            Principal: { AWS: !Ref WriterRoleArn }',
  '            Action: es:ESHttp*',
  '            Resource: !Sub "arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/app-logs/*"',
  '  Legacy:',
  '    Type: AWS::Elasticsearch::Domain',
  '    Properties:',
  '      AccessPolicies: \'{"Version":"2012-10-17","Statement":[{"Sid":"Readers","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"es:ESHttpGet","Resource":"*"}]}\'',
  '  Orders:',
  '    Type: AWS::Kinesis::Stream',
  '    Properties:',
  '      Name: orders',
  '      ShardCount: 1',
  '  OrdersPolicy:',
  '    Type: AWS::Kinesis::ResourcePolicy',
  '    Properties:',
  '      ResourceArn: !GetAtt Orders.Arn',
  '      ResourcePolicy:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          - { Sid: ReadOrders, Effect: Allow, Principal: { AWS: "arn:aws:iam::777788889999:root" }, Action: kinesis:GetRecords, Resource: !GetAtt Orders.Arn }',
  '  BillingConsumerPolicy:',
  '    Type: AWS::Kinesis::ResourcePolicy',
  '    Properties:',
  '      ResourceArn: !Sub "${Orders.Arn}/consumer/billing:1700000000"',
  '      ResourcePolicy: { Version: "2012-10-17", Statement: [{ Sid: Subscribe, Effect: Allow, Principal: { AWS: "777788889999" }, Action: kinesis:SubscribeToShard, Resource: "*" }] }',
  '  SharedPolicy:',
  '    Type: AWS::Kinesis::ResourcePolicy',
  '    Properties:',
  '      ResourceArn: !ImportValue shared-stream-arn',
  '      ResourcePolicy: { Version: "2012-10-17", Statement: [{ Sid: Shared, Effect: Allow, Principal: { AWS: "777788889999" }, Action: kinesis:GetRecords, Resource: "*" }] }',
]);

describe('CloudFormation: OpenSearch and Elasticsearch domains', () => {
  const { after } = readCloudFormation({ head: searchAndStreams }, { accountId: A, region: R, stackName: 'search' });
  const logs = `arn:aws:es:${R}:${A}:domain/app-logs`;

  it('reads a domain\'s AccessPolicies (an object with intrinsics), its name and tags', () => {
    expect(resource(after, logs)).toMatchObject({ type: 'AWS::OpenSearchService::Domain', name: 'app-logs', accountId: A, region: R, tags: { Confidentiality: 'Internal' }, source: { address: 'Logs', line: 4 } });
    expect(resource(after, logs).policy?.document).toMatchObject({
      Statement: [{ Sid: 'Writers', Principal: { AWS: `arn:aws:iam::${A}:role/search-writer` }, Resource: `${logs}/*` }],
    });
  });

  it('names a domain the template does not name as CloudFormation does (lower case, at most 28 characters), and reads a policy given as a JSON string', () => {
    const legacy = after.resources.find((r) => r.type === 'AWS::Elasticsearch::Domain');
    expect(legacy?.name).toMatch(/^search-legacy-[a-z0-9]{12}$/);
    expect(legacy!.name.length).toBeLessThanOrEqual(28);
    expect(legacy!.arn).toBe(`arn:aws:es:${R}:${A}:domain/${legacy!.name}`);
    expect(sids(after, legacy!.arn)).toEqual(['Readers']);
  });

  it('records no domain or Kinesis policy as unread', () => {
    expect(after.unknowns.filter((u) => u.reason.includes('does not read yet'))).toEqual([]);
  });
});

describe('CloudFormation: Kinesis resource policies', () => {
  const { after } = readCloudFormation({ head: searchAndStreams }, { accountId: A, region: R, stackName: 'search' });
  const stream = `arn:aws:kinesis:${R}:${A}:stream/orders`;

  it('sets the policy of the stream ResourceArn names through Fn::GetAtt', () => {
    expect(resource(after, stream)).toMatchObject({ type: 'AWS::Kinesis::Stream', name: 'orders', source: { address: 'Orders' } });
    expect(resource(after, stream).policy?.source?.address).toBe('OrdersPolicy');
    expect(sids(after, stream)).toEqual(['ReadOrders']);
  });

  it('sets the policy of a stream consumer as a resource of its own type', () => {
    const consumer = `${stream}/consumer/billing:1700000000`;
    expect(resource(after, consumer).type).toBe('AWS::Kinesis::StreamConsumer');
    expect(sids(after, consumer)).toEqual(['Subscribe']);
  });

  it('keeps the policy of a stream known only at deploy time on a symbolic resource and records the unknown', () => {
    expect(sids(after, '${Fn::ImportValue shared-stream-arn}')).toEqual(['Shared']);
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'SharedPolicy', attribute: 'ResourceArn', subject: '${Fn::ImportValue shared-stream-arn}' }));
  });
});

describe('review of a template opening an OpenSearch domain', () => {
  it('fires public-access for a domain anyone may write to, and not for the base that only the account could', async () => {
    const domain = (principal: string) =>
      template([
        'Resources:',
        '  Logs:',
        '    Type: AWS::OpenSearchService::Domain',
        '    Properties:',
        '      DomainName: app-logs',
        `      AccessPolicies: { Version: "2012-10-17", Statement: [{ Sid: Ingest, Effect: Allow, Principal: { AWS: "${principal}" }, Action: es:ESHttpPut, Resource: !Sub "arn:aws:es:\${AWS::Region}:\${AWS::AccountId}:domain/app-logs/*" }] }`,
      ]);
    // No input names the region: the domain's ARN and its policy's both read `${region}`.
    const config = parseConfig({ accountId: A }, 'test config');
    const result = await review({ plans: [], templates: [{ base: domain(`arn:aws:iam::${A}:root`), head: domain('*') }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    const findings = result.findings.filter((f) => f.rule === 'public-access');
    expect(findings).toEqual([expect.objectContaining({ resource: `arn:aws:es:\${region}:${A}:domain/app-logs`, locations: [expect.objectContaining({ file: 'search/stack.yaml', address: 'Logs' })] })]);
    expect(findings[0]!.message).toContain('write-data');
    expect(result.conclusion).toBe('failure');
  });
});
