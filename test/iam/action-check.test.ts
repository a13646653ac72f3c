import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/model/inventory.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import { findUnknownActions } from '../../src/iam/action-check.js';
import { editDistance } from '../../src/iam/action-check-suggest.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const policy = (document: unknown, extra: Partial<PolicyDocument> = {}): PolicyDocument => ({
  id: 'arn:aws:s3:::credit-applications#policy',
  name: 'credit-applications bucket policy',
  kind: 'resource',
  document,
  source: { file: 'main.tf', line: 12, address: 'aws_s3_bucket_policy.credit' },
  ...extra,
});

describe('findUnknownActions', () => {
  it('reports a typo in a Deny with the policy, statement, effect and a suggestion', () => {
    const found = findUnknownActions(
      policy({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AllowRead', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
          { Sid: 'DenyDelete', Effect: 'Deny', Action: ['s3:DeleteObjekt', 's3:DeleteObjectVersion'], Resource: '*' },
        ],
      }),
      catalog,
    );
    expect(found).toEqual([
      {
        policy: 'arn:aws:s3:::credit-applications#policy',
        policyName: 'credit-applications bucket policy',
        statement: 'DenyDelete',
        effect: 'Deny',
        element: 'Action',
        action: 's3:DeleteObjekt',
        problem: 'unknown-action',
        suggestion: 's3:DeleteObject',
        message:
          'Action `s3:DeleteObjekt` in statement DenyDelete of credit-applications bucket policy is not an ' +
          'action of its service (did you mean `s3:DeleteObject`?): this Deny does not deny it and protects nothing.',
        source: { file: 'main.tf', line: 12, address: 'aws_s3_bucket_policy.credit' },
      },
    ]);
  });

  it.each([
    ['s3:GetObjects', 'unknown-action', 's3:GetObject'],
    ['kms:Decript', 'unknown-action', 'kms:Decrypt'],
    ['iam:PassRol', 'unknown-action', 'iam:PassRole'],
    ['s4:GetObject', 'unknown-service', 's3:GetObject'],
    ['dynamo:GetItem', 'unknown-service', 'dynamodb:GetItem'],
    ['s4:Get*', 'unknown-service', 's3:Get*'],
    ['nosuchservice:Thing', 'unknown-service', undefined],
    ['s3:Gett*', 'no-match', undefined],
    ['s3:Completely-Different-Thing', 'unknown-action', undefined],
    ['GetObject', 'malformed', undefined],
    ['s3:', 'malformed', undefined],
  ])('%s is %s (suggesting %s)', (action, problem, suggestion) => {
    const [found] = findUnknownActions(policy({ Statement: { Effect: 'Allow', Action: action, Resource: '*' } }), catalog);
    expect(found?.problem).toBe(problem);
    expect(found?.suggestion).toBe(suggestion);
  });

  it('accepts actions in any case, wildcards that match, and `*`', () => {
    const document = {
      Statement: [{ Effect: 'Allow', Action: ['S3:getobject', 's3:Get*', '*:Describe*', '*', 'kms:?ncrypt'], Resource: '*' }],
    };
    expect(findUnknownActions(policy(document), catalog)).toEqual([]);
  });

  it('names statements without Sid by their 1-based place and says what a NotAction typo does', () => {
    const found = findUnknownActions(
      policy({
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Allow', NotAction: ['iam:*', 'organizations:Leave0rganization'], Resource: '*' },
          { Effect: 'Deny', NotAction: 'sts:AssumeRol', Resource: '*' },
        ],
      }),
      catalog,
    );
    expect(found.map((unknown) => [unknown.statement, unknown.element, unknown.effect])).toEqual([
      ['#2', 'NotAction', 'Allow'],
      ['#3', 'NotAction', 'Deny'],
    ]);
    expect(found[0]?.suggestion).toBe('organizations:LeaveOrganization');
    expect(found[0]?.message).toMatch(/this Allow does not exclude it, so it grants more than intended\.$/);
    expect(found[1]?.message).toMatch(/this Deny does not exempt it, so it denies more than intended\.$/);
  });

  it('points at the statement source when the reader knows it', () => {
    const statementSource = { file: 'kms.tf', line: 40, address: 'aws_kms_grant.reader' };
    const [found] = findUnknownActions(
      policy({ Statement: [{ Sid: 'Grant', Effect: 'Allow', Action: 'kms:Decript', Resource: '*' }] }, {
        statementSources: { Grant: statementSource },
      }),
      catalog,
    );
    expect(found?.source).toEqual(statementSource);
  });

  it('reports each unknown action of a statement once', () => {
    const found = findUnknownActions(
      policy({ Statement: [{ Effect: 'Deny', Action: ['kms:Decript', 'kms:Decript'], Resource: '*' }] }),
      catalog,
    );
    expect(found).toHaveLength(1);
  });

  it('leaves documents of the wrong shape to the policy validator', () => {
    expect(findUnknownActions(policy('not a policy'), catalog)).toEqual([]);
    expect(findUnknownActions(policy({ Statement: [42, null] }), catalog)).toEqual([]);
    expect(findUnknownActions(policy({ Statement: [{ Effect: 'Allow', Action: [7, 'kms:Decript'] }] }), catalog)).toHaveLength(1);
  });

  it('stays fast on a 10,000-character action: no suggestion is searched for it', () => {
    const action = `s3:${'x'.repeat(10_000)}`;
    const [found] = findUnknownActions(policy({ Statement: { Effect: 'Deny', Action: action } }), catalog);
    expect(found?.problem).toBe('unknown-action');
    expect(found?.suggestion).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['decrypt', 'decript', 1],
    ['getobject', 'getobjects', 1],
    ['passrole', 'psasrole', 1],
    ['abc', 'abc', 0],
    ['kitten', 'sitting', 3],
  ])('%s to %s is %i', (a, b, distance) => {
    expect(editDistance(a, b, 5)).toBe(distance);
  });

  it('stops at the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
