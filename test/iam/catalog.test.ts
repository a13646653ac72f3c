import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog, hasWildcard, loadCatalog } from '../../src/iam/catalog.js';
import { readIamData, type RawCatalog } from '../../src/iam/catalog-data.js';

let catalog: Catalog;
let raw: RawCatalog;

beforeAll(async () => {
  [catalog, raw] = await Promise.all([loadCatalog(), readIamData()]);
});

describe('loadCatalog', () => {
  it('loads once per process', async () => {
    expect(await loadCatalog()).toBe(catalog);
  });

  it('holds every service and action of the installed iam-data', () => {
    const rawActions = raw.services.reduce((sum, service) => sum + service.actions.length, 0);
    expect(catalog.services.size).toBe(raw.services.length);
    expect(catalog.actions.length).toBe(rawActions);
    expect(catalog.actions.length).toBeGreaterThan(20_000);
    expect(catalog.version).toMatch(/^\d+\.\d+\.\d{9}$/);
    expect(catalog.services.get('s3')?.name).toBe('Amazon S3');
  });
});

describe('action lookup', () => {
  it('is case-insensitive and returns the canonical name', () => {
    expect(catalog.action('S3:getobject')?.name).toBe('s3:GetObject');
    expect(catalog.action('KMS:DECRYPT')?.name).toBe('kms:Decrypt');
    expect(catalog.action('s3:GetObjects')).toBeUndefined();
    expect(catalog.action('nosuchservice:GetObject')).toBeUndefined();
  });

  it('gives access level, resource types, condition keys and the wildcard-only flag', () => {
    const getObject = catalog.action('s3:GetObject');
    expect(getObject?.accessLevel).toBe('Read');
    expect(getObject?.resourceTypes.map((type) => type.name)).toContain('object');
    expect(getObject?.conditionKeys).toContain('s3:TlsVersion');
    expect(getObject?.wildcardOnly).toBe(false);
    expect(catalog.action('s3:ListAllMyBuckets')?.wildcardOnly).toBe(true);
    expect(catalog.resourceTypesOf('dynamodb:Query').map((type) => type.name).sort()).toEqual(['index', 'table']);
    expect(catalog.resourceTypesOf('s3:NoSuchAction')).toEqual([]);
  });

  it('takes the first part of compound access levels', () => {
    const compound = raw.services.flatMap((service) =>
      service.actions
        .filter((action) => action.accessLevel.includes(','))
        .map((action) => ({ name: `${service.key}:${action.name}`, level: action.accessLevel })),
    );
    expect(compound.length).toBeGreaterThan(100);
    for (const { name, level } of compound) {
      expect(catalog.action(name)?.accessLevel, name).toBe(level.split(',')[0]);
    }
    expect(catalog.action('s3:PutBucketPolicy')?.accessLevel).toBe('Permissions management');
  });

  it('knows which actions are wildcard-only exactly when iam-data lists no resource type', () => {
    for (const service of raw.services) {
      for (const action of service.actions) {
        const info = catalog.action(`${service.key}:${action.name}`);
        expect(info?.wildcardOnly, info?.name).toBe(action.resourceTypes.length === 0);
      }
    }
  });
});

describe('expand', () => {
  const names = (pattern: string): string[] => catalog.expand(pattern).map((action) => action.name);

  it('expands a service wildcard to the matching actions of that service only', () => {
    const expected = catalog
      .actionsOf('s3')
      .filter((action) => action.action.startsWith('Get'))
      .map((action) => action.name);
    expect(expected.length).toBeGreaterThan(40);
    expect(names('s3:Get*')).toEqual(expected);
    expect(names('S3:GET*')).toEqual(expected);
  });

  it('expands wildcards in the service part across services', () => {
    const describes = names('*:Describe*');
    const services = new Set(describes.map((name) => name.split(':')[0]));
    expect(services.size).toBeGreaterThan(100);
    expect(describes).toContain('ec2:DescribeInstances');
    expect(describes.every((name) => /^[^:]+:Describe/.test(name))).toBe(true);
  });

  it('expands `*` to every action and `?` to one character', () => {
    expect(catalog.expand('*')).toHaveLength(catalog.actions.length);
    expect(names('kms:?ncrypt')).toEqual(['kms:Encrypt']);
    expect(names('kms:*crypt')).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt']));
  });

  it('expands a literal action to itself and an unknown one to nothing', () => {
    expect(names('sqs:sendmessage')).toEqual(['sqs:SendMessage']);
    expect(names('s3:GetObjects')).toEqual([]);
    expect(names('nosuchservice:*')).toEqual([]);
  });

  it('expands adversarial 10,000-character patterns without backtracking', () => {
    // A backtracking matcher takes exponential time on `a*a*a*…b`; these return at once.
    expect(names(`s3:${'g*'.repeat(5000)}x`)).toEqual([]);
    expect(names(`*${'?*'.repeat(5000)}`)).toEqual([]);
    expect(names(`${'*'.repeat(10_000)}:GetObject`)).toContain('s3:GetObject');
  });

  it('tells patterns from literal actions', () => {
    expect(hasWildcard('s3:Get*')).toBe(true);
    expect(hasWildcard('kms:?ncrypt')).toBe(true);
    expect(hasWildcard('s3:GetObject')).toBe(false);
  });

  it('memoizes: the same pattern returns the same array', () => {
    expect(catalog.expand('dynamodb:*Item')).toBe(catalog.expand('DynamoDB:*item'));
  });
});

describe('complement of a NotAction list', () => {
  it('holds every action no pattern matches', () => {
    const complement = catalog.complement(['s3:*', 'kms:Decrypt']);
    const s3Count = catalog.actionsOf('s3').length;
    expect(complement).toHaveLength(catalog.actions.length - s3Count - 1);
    expect(complement.some((action) => action.service === 's3')).toBe(false);
    expect(complement.some((action) => action.name === 'kms:Decrypt')).toBe(false);
    expect(complement.some((action) => action.name === 'kms:Encrypt')).toBe(true);
  });

  it('is empty for `*` and memoized regardless of order and case', () => {
    expect(catalog.complement(['*'])).toHaveLength(0);
    expect(catalog.complement(['iam:*', 'sts:AssumeRole'])).toBe(catalog.complement(['STS:assumerole', 'iam:*']));
  });
});

describe('resource type of an ARN', () => {
  const typeOf = (arn: string): string[] =>
    catalog.resourceTypesOfArn(arn).map((type) => `${type.service}:${type.name}`);

  it.each([
    ['arn:aws:s3:::credit-applications', ['s3:bucket']],
    ['arn:aws:s3:::credit-applications/2024/a.json', ['s3:object']],
    ['arn:aws:s3:::credit-applications/*', ['s3:object']],
    ['arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab', ['kms:key']],
    ['arn:aws:kms:eu-west-1:111111111111:alias/credit', ['kms:alias']],
    ['arn:aws:dynamodb:eu-west-1:111111111111:table/orders', ['dynamodb:table']],
    ['arn:aws:dynamodb:eu-west-1:111111111111:table/orders/index/by-customer', ['dynamodb:index']],
    ['arn:aws:dynamodb:eu-west-1:111111111111:table/orders/stream/2024-01-01T00:00:00.000', ['dynamodb:stream']],
    ['arn:aws:sqs:eu-west-1:111111111111:jobs', ['sqs:queue']],
    ['arn:aws:iam::111111111111:role/service/analytics', ['iam:role']],
    ['arn:aws:logs:eu-west-1:111111111111:log-group:/app/api', ['logs:log-group']],
    ['arn:aws:logs:eu-west-1:111111111111:log-group:/app/api:log-stream:i-1', ['logs:log-stream']],
    ['arn:aws-cn:s3:::bucket-in-china', ['s3:bucket']],
  ])('%s is %j', (arn, expected) => {
    expect(typeOf(arn)).toEqual(expected);
  });

  it('returns every type when the formats cannot tell them apart', () => {
    expect(typeOf('arn:aws:lambda:eu-west-1:111111111111:function:score:7').sort()).toEqual([
      'lambda:function alias',
      'lambda:function version',
    ]);
  });

  it('returns nothing for what is not an ARN of a known format', () => {
    expect(typeOf('credit-applications')).toEqual([]);
    expect(typeOf('arn:aws')).toEqual([]);
    expect(typeOf('arn:aws:nosuchservice:eu-west-1:111111111111:thing/x')).toEqual([]);
  });

  it('matches a 10,000-character ARN without backtracking', () => {
    expect(typeOf(`arn:aws:s3:::${'a/'.repeat(5000)}`)).toEqual(['s3:object']);
  });

  it('looks up resource types by service and name', () => {
    expect(catalog.resourceType('S3', 'Object')?.arnFormat).toBe('arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    expect(catalog.resourceType('s3', 'nosuchtype')).toBeUndefined();
  });
});

describe('Catalog from data', () => {
  it('rejects an access level it does not know, naming the action', () => {
    const service = {
      key: 'demo',
      name: 'Demo',
      resourceTypes: [],
      actions: [{ name: 'Poke', accessLevel: 'Mystery', resourceTypes: [], conditionKeys: [] }],
    };
    expect(() => new Catalog([service], '0')).toThrow(/demo:Poke has an unknown access level "Mystery"/);
  });
});
