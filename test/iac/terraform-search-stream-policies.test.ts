import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import type { Inventory } from '../../src/model/inventory.js';
import { parseConfig } from '../../src/rules/index.js';
import { review } from '../../src/review.js';
import { resource } from './helpers.js';
import { planFile } from './plan-builder.js';

const A = '444455556666';
const R = 'eu-west-1';
const policy = (sid: string, principal: unknown, action: string, target: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: principal, Action: action, Resource: target }] });
const domainArn = (name: string) => `arn:aws:es:${R}:${A}:domain/${name}`;
const sids = (inventory: Inventory, arn: string) =>
  ((resource(inventory, arn).policy?.document as { Statement: Array<{ Sid: string }> } | undefined)?.Statement ?? []).map((s) => s.Sid);
const unreadTypes = (inventory: Inventory) => inventory.unknowns.filter((u) => u.reason.includes('does not read yet'));

describe('Terraform: OpenSearch and Elasticsearch domain policies', () => {
  const teamRole = { AWS: `arn:aws:iam::${A}:role/search-writer` };
  const plan = planFile('search.tfplan.json', R, [
    {
      type: 'aws_opensearch_domain',
      name: 'logs',
      after: { domain_name: 'app-logs', access_policies: policy('Writers', teamRole, 'es:ESHttp*', `${domainArn('app-logs')}/*`), tags: { Confidentiality: 'Internal' } },
      afterUnknown: { arn: true, domain_id: true, endpoint: true, tags_all: true },
      expressions: { domain_name: { constant_value: 'app-logs' }, access_policies: { constant_value: '...' } },
    },
    {
      // Its own access_policies attribute is what the provider read back: the policy resource wins.
      type: 'aws_elasticsearch_domain',
      name: 'legacy',
      before: { arn: domainArn('legacy'), domain_name: 'legacy', access_policies: policy('Stale', teamRole, 'es:ESHttpGet', `${domainArn('legacy')}/*`), tags_all: {} },
      after: { arn: domainArn('legacy'), domain_name: 'legacy', access_policies: policy('Stale', teamRole, 'es:ESHttpGet', `${domainArn('legacy')}/*`), tags_all: {} },
      expressions: { domain_name: { constant_value: 'legacy' } },
    },
    {
      type: 'aws_elasticsearch_domain_policy',
      name: 'legacy',
      before: { domain_name: 'legacy', access_policies: policy('Readers', teamRole, 'es:ESHttpGet', `${domainArn('legacy')}/*`) },
      after: { domain_name: 'legacy', access_policies: policy('ReadersAndWriters', teamRole, 'es:ESHttp*', `${domainArn('legacy')}/*`) },
      expressions: { domain_name: { references: ['aws_elasticsearch_domain.legacy.domain_name', 'aws_elasticsearch_domain.legacy'] } },
    },
    {
      // A domain named after apply, whose policy resource refers to it.
      type: 'aws_opensearch_domain',
      name: 'generated',
      after: { tags: {} },
      afterUnknown: { domain_name: true, arn: true, access_policies: true },
      expressions: { domain_name: { references: ['random_pet.name.id', 'random_pet.name'] } },
    },
    {
      type: 'aws_opensearch_domain_policy',
      name: 'generated',
      after: { access_policies: policy('Team', teamRole, 'es:ESHttpGet', '*') },
      afterUnknown: { domain_name: true },
      expressions: { domain_name: { references: ['aws_opensearch_domain.generated.domain_name', 'aws_opensearch_domain.generated'] } },
    },
  ]);
  const { before, after } = readTerraformPlan(plan, { accountId: A });

  it('reads a new domain with its access_policies, named by domain_name, with its tags', () => {
    const domain = resource(after, domainArn('app-logs'));
    expect(domain).toMatchObject({ type: 'AWS::OpenSearchService::Domain', name: 'app-logs', accountId: A, region: R, tags: { Confidentiality: 'Internal' } });
    expect(domain.policy).toMatchObject({ id: `${domainArn('app-logs')}#policy`, kind: 'resource', source: { address: 'aws_opensearch_domain.logs' } });
    expect(sids(after, domainArn('app-logs'))).toEqual(['Writers']);
    expect(() => resource(before, domainArn('app-logs'))).toThrow();
  });

  it('takes aws_elasticsearch_domain_policy over the domain\'s own attribute, on both sides', () => {
    expect(resource(after, domainArn('legacy')).type).toBe('AWS::Elasticsearch::Domain');
    expect(sids(before, domainArn('legacy'))).toEqual(['Readers']);
    expect(sids(after, domainArn('legacy'))).toEqual(['ReadersAndWriters']);
    expect(resource(after, domainArn('legacy')).policy?.source?.address).toBe('aws_elasticsearch_domain_policy.legacy');
  });

  it('gives a domain named after apply a symbolic ARN that its policy resource shares, and records the unknown name', () => {
    const symbolic = domainArn('${aws_opensearch_domain.generated.domain_name}');
    expect(sids(after, symbolic)).toEqual(['Team']);
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'aws_opensearch_domain.generated', attribute: 'domain_name', subject: symbolic }));
  });

  it('records no domain type as unread', () => {
    expect(unreadTypes(before)).toEqual([]);
    expect(unreadTypes(after)).toEqual([]);
  });

  it('records a configured access_policies known only after apply as an unknown of the domain', () => {
    const { after: unknownSide } = readTerraformPlan(
      planFile('unknown-policy.tfplan.json', R, [
        {
          type: 'aws_opensearch_domain',
          name: 'logs',
          after: { domain_name: 'app-logs' },
          afterUnknown: { access_policies: true, arn: true },
          expressions: { domain_name: { constant_value: 'app-logs' }, access_policies: { references: ['local.search_policy'] } },
        },
      ]),
      { accountId: A },
    );
    expect(resource(unknownSide, domainArn('app-logs')).policy).toBeUndefined();
    expect(unknownSide.unknowns).toContainEqual(
      expect.objectContaining({ address: 'aws_opensearch_domain.logs', attribute: 'access_policies', reason: 'known after apply', subject: domainArn('app-logs') }),
    );
  });
});

describe('Terraform: Kinesis resource policies', () => {
  const streamArn = `arn:aws:kinesis:${R}:${A}:stream/orders`;
  const consumerArn = `${streamArn}/consumer/billing:1700000000`;
  const consumerAccount = { AWS: 'arn:aws:iam::777788889999:root' };
  const { before, after } = readTerraformPlan(
    planFile('kinesis.tfplan.json', R, [
      {
        type: 'aws_kinesis_stream',
        name: 'orders',
        after: { name: 'orders', tags: { DataClass: 'orders' } },
        afterUnknown: { arn: true, id: true, tags_all: true },
        expressions: { name: { constant_value: 'orders' } },
      },
      {
        type: 'aws_kinesis_resource_policy',
        name: 'stream',
        after: { policy: policy('ReadOrders', consumerAccount, 'kinesis:GetRecords', streamArn) },
        afterUnknown: { resource_arn: true, id: true },
        expressions: { resource_arn: { references: ['aws_kinesis_stream.orders.arn', 'aws_kinesis_stream.orders'] } },
      },
      {
        type: 'aws_kinesis_resource_policy',
        name: 'consumer',
        after: { resource_arn: consumerArn, policy: policy('Subscribe', consumerAccount, 'kinesis:SubscribeToShard', consumerArn) },
        afterUnknown: { id: true },
      },
    ]),
    { accountId: A },
  );

  it('sets the policy of the stream its resource_arn refers to (known after apply, resolved from the configuration)', () => {
    const stream = resource(after, streamArn);
    expect(stream).toMatchObject({ type: 'AWS::Kinesis::Stream', name: 'orders', tags: { DataClass: 'orders' }, source: { address: 'aws_kinesis_stream.orders' } });
    expect(stream.policy?.source?.address).toBe('aws_kinesis_resource_policy.stream');
    expect(sids(after, streamArn)).toEqual(['ReadOrders']);
    expect(after.unknowns.filter((u) => u.attribute === 'resource_arn')).toEqual([]);
  });

  it('sets the policy of a stream consumer as a resource of its own type', () => {
    expect(resource(after, consumerArn).type).toBe('AWS::Kinesis::StreamConsumer');
    expect(sids(after, consumerArn)).toEqual(['Subscribe']);
    expect(before.resources).toEqual([]);
    expect(unreadTypes(after)).toEqual([]);
  });
});

describe('review of a Terraform plan opening an OpenSearch domain', () => {
  it('fires public-access for a domain whose policy allows anyone to read it over HTTP', async () => {
    const open = planFile('open-search.tfplan.json', R, [
      {
        type: 'aws_opensearch_domain',
        name: 'logs',
        after: { domain_name: 'app-logs', access_policies: policy('Anyone', { AWS: '*' }, 'es:ESHttpGet', `${domainArn('app-logs')}/*`) },
        afterUnknown: { arn: true },
        expressions: { domain_name: { constant_value: 'app-logs' }, access_policies: { constant_value: '...' } },
      },
    ]);
    const result = await review({ plans: [open], templates: [], terraformSources: [], config: parseConfig({ accountId: A }, 'test config'), today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    const findings = result.findings.filter((f) => f.rule === 'public-access');
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', resource: domainArn('app-logs') })]);
    expect(findings[0]!.message).toContain('read-data');
    expect(result.findings.filter((f) => f.rule === 'unknown-access')).toEqual([]);
    expect(result.conclusion).toBe('failure');
  });
});
