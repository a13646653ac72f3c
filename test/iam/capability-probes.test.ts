import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import { probesFor, RESOURCE_TYPE_TARGETS } from '../../src/iam/capability-probes.js';
import type { CapabilityProbe } from '../../src/iam/types.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const requestOf = (probes: CapabilityProbe[], action: string): string[] =>
  probes.filter((probe) => probe.action === action).map((probe) => probe.requestResource);

describe('probesFor', () => {
  it('asks about S3 object actions on every object and bucket actions on the bucket', () => {
    const probes = probesFor({ arn: 'arn:aws:s3:::reports', type: 'AWS::S3::Bucket' }, catalog);
    expect(requestOf(probes, 's3:PutObject')).toEqual(['arn:aws:s3:::reports/*']);
    expect(requestOf(probes, 's3:PutBucketPolicy')).toEqual(['arn:aws:s3:::reports']);
    expect(requestOf(probes, 's3:CreateAccessPoint')).toEqual([]);
  });

  it('has no probe for wildcard-only actions, which act on no resource', () => {
    const bucket = probesFor({ arn: 'arn:aws:s3:::reports', type: 'AWS::S3::Bucket' }, catalog);
    const key = probesFor({ arn: 'arn:aws:kms:eu-west-1:111111111111:key/k', type: 'AWS::KMS::Key' }, catalog);
    expect(requestOf(bucket, 's3:ListAllMyBuckets')).toEqual([]);
    expect(requestOf(key, 'kms:GenerateRandom')).toEqual([]);
    for (const probe of [...bucket, ...key]) expect(catalog.action(probe.action)?.wildcardOnly).toBe(false);
  });

  it('asks DynamoDB index actions about the indexes and stream actions about the streams', () => {
    const table = 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders';
    const probes = probesFor({ arn: table, type: 'AWS::DynamoDB::Table' }, catalog);
    expect(requestOf(probes, 'dynamodb:Query').sort()).toEqual([table, `${table}/index/*`]);
    expect(requestOf(probes, 'dynamodb:GetRecords')).toEqual([`${table}/stream/*`]);
    expect(requestOf(probes, 'dynamodb:DeleteBackup')).toEqual([`${table}/backup/*`]);
  });

  it('derives the request ARNs of related resources', () => {
    const logGroup = probesFor(
      { arn: 'arn:aws:logs:eu-west-1:111111111111:log-group:/app/api:*', type: 'AWS::Logs::LogGroup' },
      catalog,
    );
    expect(requestOf(logGroup, 'logs:FilterLogEvents')).toEqual(['arn:aws:logs:eu-west-1:111111111111:log-group:/app/api']);
    expect(requestOf(logGroup, 'logs:GetLogEvents')).toEqual([
      'arn:aws:logs:eu-west-1:111111111111:log-group:/app/api:log-stream:*',
    ]);
    const cluster = probesFor(
      { arn: 'arn:aws:redshift:eu-west-1:111111111111:cluster:warehouse', type: 'AWS::Redshift::Cluster' },
      catalog,
    );
    expect(requestOf(cluster, 'redshift:GetClusterCredentials')).toEqual([
      'arn:aws:redshift:eu-west-1:111111111111:dbuser:warehouse/*',
    ]);
    expect(requestOf(cluster, 'redshift-data:ExecuteStatement')).toEqual([
      'arn:aws:redshift:eu-west-1:111111111111:cluster:warehouse',
    ]);
    const database = probesFor(
      { arn: 'arn:aws:glue:eu-west-1:111111111111:database/sales', type: 'AWS::Glue::Database' },
      catalog,
    );
    expect(requestOf(database, 'glue:GetPartitions')).toContain('arn:aws:glue:eu-west-1:111111111111:table/sales/*');
  });

  it('asks about rules of a custom event bus, but not of the default bus', () => {
    const custom = probesFor({ arn: 'arn:aws:events:eu-west-1:111111111111:event-bus/orders', type: 'AWS::Events::EventBus' }, catalog);
    expect(requestOf(custom, 'events:PutTargets')).toEqual(['arn:aws:events:eu-west-1:111111111111:rule/orders/*']);
    const standard = probesFor({ arn: 'arn:aws:events:eu-west-1:111111111111:event-bus/default', type: 'AWS::Events::EventBus' }, catalog);
    expect(requestOf(standard, 'events:PutTargets')).toEqual([]);
    expect(requestOf(standard, 'events:PutEvents')).toEqual(['arn:aws:events:eu-west-1:111111111111:event-bus/default']);
  });

  it('asks about a role for IAM and STS actions alike', () => {
    const role = 'arn:aws:iam::111111111111:role/deployer';
    const probes = probesFor({ arn: role, type: 'AWS::IAM::Role' }, catalog);
    expect(requestOf(probes, 'sts:AssumeRole')).toEqual([role]);
    expect(requestOf(probes, 'iam:PassRole')).toEqual([role]);
    expect(probes.find((probe) => probe.action === 'sts:AssumeRole')?.capabilities).toEqual(['use-resource']);
  });

  it('asks each action once per request ARN', () => {
    const fn = 'arn:aws:lambda:eu-west-1:111111111111:function:score';
    const probes = probesFor({ arn: fn, type: 'AWS::Lambda::Function' }, catalog);
    const identities = probes.map((probe) => `${probe.action} ${probe.requestResource}`);
    expect(new Set(identities).size).toBe(identities.length);
    expect(requestOf(probes, 'lambda:PutProvisionedConcurrencyConfig')).toEqual([`${fn}:*`]);
  });

  it('marks fallback capabilities of services the table does not curate', () => {
    const probes = probesFor(
      { arn: 'arn:aws:s3express:eu-west-1:111111111111:bucket/fast--euw1-az1--x-s3', type: 'AWS::S3Express::DirectoryBucket' },
      catalog,
    );
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((probe) => probe.fallback && probe.unmappedType === undefined)).toBe(true);
  });

  it('asks OpenSearch HTTP actions about the domain\'s paths and the service API about the domain', () => {
    const domain = 'arn:aws:es:eu-west-1:111111111111:domain/search';
    for (const type of ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain']) {
      const probes = probesFor({ arn: domain, type }, catalog);
      expect(requestOf(probes, 'es:ESHttpGet')).toEqual([`${domain}/*`]);
      expect(requestOf(probes, 'es:DeleteDomain')).toEqual([domain]);
      expect(requestOf(probes, 'es:ListApplications')).toEqual([]);
      const capabilities = (action: string) => probes.find((probe) => probe.action === action)?.capabilities;
      expect(capabilities('es:ESHttpGet')).toEqual(['read-data']);
      expect(capabilities('es:ESHttpHead')).toEqual(['read-data']);
      expect(capabilities('es:ESHttpPut')).toEqual(['write-data']);
      expect(capabilities('es:ESHttpPatch')).toEqual(['write-data']);
      expect(capabilities('es:ESHttpPost')).toEqual(['read-data', 'write-data']);
      expect(capabilities('es:ESHttpDelete')).toEqual(['delete-data']);
      expect(capabilities('es:UpdateDomainConfig')).toEqual(['administer-resource']);
      expect(probes.every((probe) => !probe.fallback && probe.unmappedType === undefined)).toBe(true);
    }
  });

  it('asks about a REST API\'s methods, and calling them is use-resource', () => {
    const api = 'arn:aws:execute-api:eu-west-1:111111111111:k3x9q2w7zd';
    const probes = probesFor({ arn: api, type: 'AWS::ApiGateway::RestApi' }, catalog);
    expect(requestOf(probes, 'execute-api:Invoke')).toEqual([`${api}/*`]);
    expect(probes.find((probe) => probe.action === 'execute-api:Invoke')?.capabilities).toEqual(['use-resource']);
  });

  it('asks CodeArtifact package actions about a repository\'s packages, and reading them is read-data', () => {
    const repository = 'arn:aws:codeartifact:eu-west-1:111111111111:repository/shared/npm-store';
    const probes = probesFor({ arn: repository, type: 'AWS::CodeArtifact::Repository' }, catalog);
    expect(requestOf(probes, 'codeartifact:PublishPackageVersion')).toEqual(['arn:aws:codeartifact:eu-west-1:111111111111:package/shared/npm-store/*']);
    expect(requestOf(probes, 'codeartifact:ReadFromRepository')).toEqual([repository]);
    expect(probes.find((probe) => probe.action === 'codeartifact:ReadFromRepository')?.capabilities).toEqual(['read-data']);
  });

  it('asks Kinesis consumer actions about a consumer that has a policy of its own', () => {
    const consumer = 'arn:aws:kinesis:eu-west-1:111111111111:stream/orders/consumer/billing:1700000000';
    const probes = probesFor({ arn: consumer, type: 'AWS::Kinesis::StreamConsumer' }, catalog);
    expect(requestOf(probes, 'kinesis:SubscribeToShard')).toEqual([consumer]);
    expect(requestOf(probes, 'kinesis:PutRecord')).toEqual([]);
  });

  it('derives the probes of a type it does not know from the ARN, and says so', () => {
    const trail = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/audit';
    const probes = probesFor({ arn: trail, type: 'AWS::CloudTrail::Trail' }, catalog);
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((probe) => probe.unmappedType === true && probe.fallback)).toBe(true);
    expect(requestOf(probes, 'cloudtrail:DeleteTrail')).toEqual([trail]);
    expect(probes.find((probe) => probe.action === 'cloudtrail:DeleteTrail')?.capabilities).toEqual(['delete-data']);
    const fileSystem = probesFor(
      { arn: 'arn:aws:elasticfilesystem:eu-west-1:111111111111:file-system/fs-1', type: 'AWS::EFS::FileSystem' },
      catalog,
    );
    expect(fileSystem.every((probe) => probe.unmappedType === undefined && probe.fallback)).toBe(true);
  });

  it('asks access point object actions about the objects behind the access point', () => {
    const accessPoint = 'arn:aws:s3:eu-west-1:111111111111:accesspoint/reports';
    const probes = probesFor({ arn: accessPoint, type: 'AWS::S3::AccessPoint' }, catalog);
    expect(requestOf(probes, 's3:PutAccessPointPolicy')).toEqual([accessPoint]);
    expect(requestOf(probes, 's3:GetObject')).toEqual([`${accessPoint}/object/*`]);
  });

  it('reads the CloudWatch Logs resource policy as speaking for every log group of its region', () => {
    const probes = probesFor(
      { arn: 'arn:aws:logs:eu-west-1:111111111111:resource-policy:delivery', type: 'AWS::Logs::ResourcePolicy' },
      catalog,
    );
    expect(requestOf(probes, 'logs:PutLogEvents')).toEqual(['arn:aws:logs:eu-west-1:111111111111:log-group:*:log-stream:*']);
    expect(requestOf(probes, 'logs:CreateLogGroup')).toEqual(['arn:aws:logs:eu-west-1:111111111111:log-group:*']);
  });

  it('has no probes for a resource of a service the catalog does not know', () => {
    expect(probesFor({ arn: 'arn:aws:nosuchservice:eu-west-1:111111111111:thing/x', type: 'AWS::No::Such' }, catalog)).toEqual([]);
  });

  it('maps every table entry to resource types that exist in the catalog', () => {
    for (const [type, targets] of Object.entries(RESOURCE_TYPE_TARGETS)) {
      for (const target of targets) {
        expect(catalog.resourceType(target.service, target.resourceType), `${type} ${target.service}:${target.resourceType}`).toBeDefined();
      }
    }
  });

  it('gives each resource of a type its own request ARNs from the same precomputed probes', () => {
    const first = probesFor({ arn: 'arn:aws:sqs:eu-west-1:111111111111:a', type: 'AWS::SQS::Queue' }, catalog);
    const second = probesFor({ arn: 'arn:aws:sqs:eu-west-1:111111111111:b', type: 'AWS::SQS::Queue' }, catalog);
    expect(second.map((probe) => probe.action)).toEqual(first.map((probe) => probe.action));
    expect(second.every((probe) => probe.requestResource === 'arn:aws:sqs:eu-west-1:111111111111:b')).toBe(true);
    expect(second[0]?.capabilities).toBe(first[0]?.capabilities);
  });
});
