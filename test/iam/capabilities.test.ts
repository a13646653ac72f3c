import { beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../src/model/access.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import {
  actionsOfCapability,
  capabilitiesOf,
  curatedService,
  FALLBACK_RULES,
} from '../../src/iam/capabilities.js';
import { probesFor } from '../../src/iam/capability-probes.js';
import { compilePolicy, evaluate } from '../../src/iam/index.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const capabilityNames = (action: string): Capability[] =>
  capabilitiesOf(action, catalog)
    .map((assignment) => assignment.capability)
    .sort();

/** The published k9 lists, as issue 2 (S3) and issue 4 (KMS, SQS, DynamoDB) spell them. */
const K9: Record<string, Partial<Record<Capability, string[]>>> = {
  s3: {
    'read-data': [
      'GetObject', 'GetObjectVersion', 'GetObjectTorrent', 'GetObjectVersionTorrent',
      'GetObjectVersionForReplication', 'ListBucket',
    ],
    'write-data': [
      'PutObject', 'AbortMultipartUpload', 'RestoreObject', 'PutObjectTagging', 'PutObjectVersionTagging',
      'ReplicateObject', 'ReplicateDelete', 'ReplicateTags', 'InitiateReplication', 'PutBucketTagging',
    ],
    'delete-data': ['DeleteObject', 'DeleteObjectVersion', 'DeleteObjectTagging', 'DeleteObjectVersionTagging'],
    'administer-resource': [
      'DeleteBucket', 'DeleteBucketPolicy', 'DeleteBucketWebsite', 'ObjectOwnerOverrideToBucketOwner',
      'PutAccelerateConfiguration', 'PutAnalyticsConfiguration', 'PutBucketAcl', 'PutBucketCORS',
      'PutBucketLogging', 'PutBucketNotification', 'PutBucketObjectLockConfiguration',
      'PutBucketOwnershipControls', 'PutBucketPolicy', 'PutBucketPublicAccessBlock',
      'PutBucketRequestPayment', 'PutBucketTagging', 'PutBucketVersioning', 'PutBucketWebsite',
      'PutEncryptionConfiguration', 'PutIntelligentTieringConfiguration', 'PutInventoryConfiguration',
      'PutLifecycleConfiguration', 'PutMetricsConfiguration', 'PutObjectAcl', 'PutObjectLegalHold',
      'PutObjectRetention', 'PutObjectVersionAcl', 'PutReplicationConfiguration',
    ],
    'read-config': [
      'GetBucketPolicy', 'GetBucketAcl', 'GetBucketLocation', 'GetBucketTagging', 'GetBucketVersioning',
      'GetEncryptionConfiguration', 'GetLifecycleConfiguration', 'GetObjectAcl', 'GetObjectTagging',
      'ListBucketVersions', 'ListBucketMultipartUploads', 'ListMultipartUploadParts',
    ],
  },
  kms: {
    'read-data': ['Decrypt', 'Verify'],
    'write-data': [
      'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
      'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'ImportKeyMaterial',
      'GenerateRandom',
    ],
    'delete-data': ['DeleteImportedKeyMaterial', 'DeleteCustomKeyStore'],
    'administer-resource': [
      'PutKeyPolicy', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DisableKey', 'EnableKey', 'CreateGrant',
      'RevokeGrant', 'RetireGrant', 'CreateAlias', 'DeleteAlias', 'UpdateAlias', 'TagResource',
      'UntagResource', 'EnableKeyRotation', 'DisableKeyRotation', 'UpdateKeyDescription',
    ],
    'read-config': [
      'DescribeKey', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetPublicKey', 'ListGrants',
      'ListKeyPolicies', 'ListResourceTags',
    ],
  },
  sqs: {
    'read-data': ['ReceiveMessage'],
    'write-data': ['SendMessage', 'ChangeMessageVisibility'],
    'delete-data': ['DeleteMessage', 'PurgeQueue', 'DeleteQueue'],
    'administer-resource': [
      'SetQueueAttributes', 'AddPermission', 'RemovePermission', 'TagQueue', 'UntagQueue', 'DeleteQueue',
      'PurgeQueue',
    ],
  },
  dynamodb: {
    'read-data': ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'ConditionCheckItem', 'PartiQLSelect'],
    'write-data': ['PutItem', 'UpdateItem', 'BatchWriteItem', 'PartiQLInsert', 'PartiQLUpdate'],
    'delete-data': ['DeleteItem', 'PartiQLDelete', 'DeleteTable'],
  },
};

describe('capabilitiesOf: the curated table', () => {
  it.each(Object.entries(K9))('follows the k9 lists for %s', (service, lists) => {
    for (const [capability, actions] of Object.entries(lists)) {
      for (const action of actions) {
        const assignments = capabilitiesOf(`${service}:${action}`, catalog);
        expect(assignments, `${service}:${action}`).toContainEqual({ capability, fallback: false });
      }
    }
  });

  it('gives several capabilities where an action holds several', () => {
    expect(capabilityNames('sqs:DeleteQueue')).toEqual(['administer-resource', 'delete-data']);
    expect(capabilityNames('s3:PutBucketTagging')).toEqual(['administer-resource', 'write-data']);
    expect(capabilityNames('dynamodb:BatchWriteItem')).toEqual(['delete-data', 'write-data']);
  });

  it('covers the other data services', () => {
    expect(capabilityNames('sts:AssumeRole')).toEqual(['use-resource']);
    expect(capabilityNames('sts:AssumeRoleWithWebIdentity')).toEqual(['use-resource']);
    expect(capabilityNames('iam:PassRole')).toEqual(['administer-resource']);
    expect(capabilityNames('iam:CreatePolicyVersion')).toEqual(['administer-resource']);
    expect(capabilityNames('iam:AttachRolePolicy')).toEqual(['administer-resource']);
    expect(capabilityNames('secretsmanager:GetSecretValue')).toEqual(['read-data']);
    expect(capabilityNames('ssm:GetParametersByPath')).toEqual(['read-data']);
    expect(capabilityNames('lambda:InvokeFunction')).toEqual(['use-resource']);
    expect(capabilityNames('sns:Publish')).toEqual(['write-data']);
    expect(capabilityNames('rds-db:connect')).toEqual(['delete-data', 'read-data', 'use-resource', 'write-data']);
    expect(capabilityNames('logs:FilterLogEvents')).toEqual(['read-data']);
    expect(capabilityNames('kinesis:PutRecords')).toEqual(['write-data']);
  });

  it('is case-insensitive and marks curated capabilities as not from the fallback', () => {
    expect(capabilitiesOf('S3:GETOBJECT', catalog)).toEqual([{ capability: 'read-data', fallback: false }]);
  });

  it('gives nothing for unknown actions and for actions listed as giving none', () => {
    expect(capabilitiesOf('s3:GetObjects', catalog)).toEqual([]);
    expect(capabilitiesOf('sts:GetCallerIdentity', catalog)).toEqual([]);
    expect(curatedService('sts')?.unmapped?.GetCallerIdentity).toMatch(/no permission/);
  });
});

describe('capabilitiesOf: the access-level fallback', () => {
  it.each([
    ['ec2:DescribeInstances', 'List', 'read-config'],
    ['ec2:GetConsoleOutput', 'Read', 'read-config'],
    ['ec2:RunInstances', 'Write', 'write-data'],
    ['ec2:DeleteVolume', 'Write', 'delete-data'],
    ['ec2:CreateTags', 'Tagging', 'administer-resource'],
    ['glacier:SetVaultAccessPolicy', 'Permissions management', 'administer-resource'],
    ['ssm:SendCommand', 'Write', 'write-data'],
  ])('%s (%s) falls back on %s', (action, level, capability) => {
    expect(catalog.action(action)?.accessLevel).toBe(level);
    expect(capabilitiesOf(action, catalog)).toEqual([{ capability, fallback: true }]);
  });

  it('has a rule for every access level', () => {
    const levels = new Set(catalog.actions.map((action) => action.accessLevel));
    for (const level of levels) {
      expect(FALLBACK_RULES.some((rule) => rule.accessLevel === level && rule.namePrefix === undefined)).toBe(true);
    }
  });

  it('gives every action of the catalog at least one capability unless it is listed as giving none', () => {
    const without = catalog.actions.filter((action) => capabilitiesOf(action.name, catalog).length === 0);
    expect(without.map((action) => action.name).sort()).toEqual(['sts:GetCallerIdentity', 'sts:GetSessionToken']);
  });
});

describe('actionsOfCapability', () => {
  it('lists the actions of a service with a capability, curated or by fallback', () => {
    const names = (service: string, capability: Capability): string[] =>
      actionsOfCapability(service, capability, catalog).map((action) => action.name);
    expect(names('sqs', 'read-data')).toEqual(['sqs:ReceiveMessage']);
    expect(names('sqs', 'delete-data').sort()).toEqual(['sqs:DeleteMessage', 'sqs:DeleteQueue', 'sqs:PurgeQueue']);
    expect(names('ec2', 'delete-data')).toContain('ec2:DeleteVolume');
    expect(names('nosuchservice', 'read-data')).toEqual([]);
  });
});

describe('a statement with Action "*"', () => {
  /** The capabilities the probes of a resource hold when the statement allows these actions. */
  function capabilitiesAllowed(resource: { arn: string; type: string }, allowed: ReadonlySet<string>): Capability[] {
    const held = new Set<Capability>();
    for (const probe of probesFor(resource, catalog)) {
      if (allowed.has(probe.action)) for (const capability of probe.capabilities) held.add(capability);
    }
    return [...held].sort();
  }
  const allowedBy = (patterns: string[]): Set<string> =>
    new Set(patterns.flatMap((pattern) => catalog.expand(pattern).map((action) => action.name)));
  const everything = (): Set<string> => allowedBy(['*']);
  const allButUseResource = ['administer-resource', 'delete-data', 'read-config', 'read-data', 'write-data'];

  it.each([
    ['bucket', { arn: 'arn:aws:s3:::credit-applications', type: 'AWS::S3::Bucket' }, allButUseResource],
    ['key', { arn: 'arn:aws:kms:eu-west-1:111111111111:key/0000-1111', type: 'AWS::KMS::Key' }, allButUseResource],
    ['queue', { arn: 'arn:aws:sqs:eu-west-1:111111111111:applications', type: 'AWS::SQS::Queue' }, allButUseResource],
    ['table', { arn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/scores', type: 'AWS::DynamoDB::Table' }, allButUseResource],
    ['role', { arn: 'arn:aws:iam::111111111111:role/deployer', type: 'AWS::IAM::Role' }, [
      'administer-resource', 'read-config', 'use-resource',
    ]],
    ['function', { arn: 'arn:aws:lambda:eu-west-1:111111111111:function:score', type: 'AWS::Lambda::Function' }, [
      'administer-resource', 'read-config', 'read-data', 'use-resource', 'write-data',
    ]],
  ])('gives the expected capabilities on a %s', (_, resource, expected) => {
    expect(capabilitiesAllowed(resource, everything())).toEqual(expected);
  });

  it('gives the same capabilities when the IAM evaluator decides each probe', () => {
    const account = '111111111111';
    const identity = compilePolicy({
      id: `arn:aws:iam::${account}:role/admin#inline/all`,
      name: 'all',
      kind: 'inline',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    });
    const keyPolicy = compilePolicy({
      id: 'key-policy',
      name: 'key policy',
      kind: 'resource',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
      },
    });
    const resources = [
      { arn: 'arn:aws:s3:::credit-applications', type: 'AWS::S3::Bucket' },
      { arn: `arn:aws:kms:eu-west-1:${account}:key/0000-1111`, type: 'AWS::KMS::Key', policy: keyPolicy },
      { arn: `arn:aws:sqs:eu-west-1:${account}:applications`, type: 'AWS::SQS::Queue' },
      { arn: `arn:aws:dynamodb:eu-west-1:${account}:table/scores`, type: 'AWS::DynamoDB::Table' },
    ];
    for (const resource of resources) {
      const held = new Set<Capability>();
      for (const probe of probesFor(resource, catalog)) {
        const request = {
          principal: `arn:aws:iam::${account}:role/admin`,
          action: probe.action,
          resource: probe.requestResource,
          resourceAccount: account,
        };
        const inputs = { identityPolicies: [identity], ...(resource.policy ? { resourcePolicy: resource.policy } : {}) };
        if (evaluate(request, inputs).decision === 'Allowed') for (const capability of probe.capabilities) held.add(capability);
      }
      expect([...held].sort(), resource.type).toEqual(allButUseResource);
    }
  });

  it('grants through the right actions: reading an S3 bucket means its objects and its listing', () => {
    const probes = probesFor({ arn: 'arn:aws:s3:::credit-applications', type: 'AWS::S3::Bucket' }, catalog);
    const readData = probes.filter((probe) => probe.capabilities.includes('read-data'));
    expect(readData).toContainEqual({
      action: 's3:GetObject',
      requestResource: 'arn:aws:s3:::credit-applications/*',
      capabilities: ['read-data'],
      fallback: false,
    });
    expect(readData).toContainEqual({
      action: 's3:ListBucket',
      requestResource: 'arn:aws:s3:::credit-applications',
      capabilities: ['read-data'],
      fallback: false,
    });
  });

  it('loses delete-data on a bucket when NotAction excludes s3:Delete*', () => {
    const allowed = new Set(catalog.complement(['s3:Delete*']).map((action) => action.name));
    const bucket = { arn: 'arn:aws:s3:::credit-applications', type: 'AWS::S3::Bucket' };
    expect(capabilitiesAllowed(bucket, allowed)).toEqual(['administer-resource', 'read-config', 'read-data', 'write-data']);
  });

  it('gives only read-config on a key for kms:Describe* and kms:List*', () => {
    const key = { arn: 'arn:aws:kms:eu-west-1:111111111111:key/0000-1111', type: 'AWS::KMS::Key' };
    expect(capabilitiesAllowed(key, allowedBy(['kms:Describe*', 'kms:List*']))).toEqual(['read-config']);
  });
});
