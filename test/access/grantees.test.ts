import { describe, expect, it } from 'vitest';
import { granteesOf, trustedAccounts } from '../../src/access/grantees.js';
import { compilePolicy } from '../../src/iam/policy.js';

const grantees = (statements: unknown[], kind: 'resource' | 'trust' = 'resource') => granteesOf(compilePolicy({ id: 'p', name: 'p', kind, document: { Version: '2012-10-17', Statement: statements } }));
const ROLE = 'arn:aws:iam::111111111111:role/app';

describe('grantees of a resource or trust policy', () => {
  it('are the principals Principal names, accounts as account aggregates', () => {
    expect(grantees([{ Effect: 'Allow', Principal: { AWS: [ROLE, '222222222222', 'arn:aws:iam::333333333333:root'] }, Action: 's3:GetObject', Resource: '*' }])).toEqual([
      { kind: 'arn', arn: ROLE },
      { kind: 'account', account: '222222222222' },
      { kind: 'account', account: '333333333333' },
    ]);
  });

  it('narrow Principal "*" down to the ARNs, accounts or organization its conditions name', () => {
    const star = (condition: unknown) => grantees([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*', Condition: condition }]);
    expect(star({ ArnEquals: { 'aws:PrincipalArn': [ROLE, 'arn:aws:iam::111111111111:role/ci-*'] } })).toEqual([
      { kind: 'arn', arn: ROLE },
      { kind: 'arn-pattern', pattern: 'arn:aws:iam::111111111111:role/ci-*' },
    ]);
    expect(star({ StringEquals: { 'aws:PrincipalAccount': '444444444444' } })).toEqual([{ kind: 'account', account: '444444444444' }]);
    expect(star({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })).toEqual([{ kind: 'organization', orgId: 'o-abc123' }]);
    expect(star({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc123/r-ab12/ou-ab12-x/*' } })).toEqual([{ kind: 'organization', orgId: 'o-abc123' }]);
    expect(star({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } })).toEqual([{ kind: 'public' }]);
  });

  it('include principals named only in a Deny (a k9 exception list), but a Deny grants nothing else', () => {
    expect(grantees([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE } } }])).toEqual([{ kind: 'arn', arn: ROLE }]);
  });

  it('include services and identity providers', () => {
    expect(grantees([{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' }])).toEqual([{ kind: 'service', service: 'cloudtrail.amazonaws.com' }]);
    const oidc = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
    expect(grantees([{ Effect: 'Allow', Principal: { Federated: oidc }, Action: 'sts:AssumeRoleWithWebIdentity' }], 'trust')).toEqual([{ kind: 'federated', provider: oidc }]);
  });
});

describe('trusted accounts', () => {
  it('are the accounts admitted beyond principals named one by one, or any', () => {
    expect(trustedAccounts([{ kind: 'arn', arn: ROLE }, { kind: 'account', account: '222222222222' }, { kind: 'arn-pattern', pattern: 'arn:aws:iam::333333333333:role/x-*' }])).toEqual(new Set(['222222222222', '333333333333']));
    expect(trustedAccounts([{ kind: 'organization', orgId: 'o-1' }])).toBe('any');
    expect(trustedAccounts([{ kind: 'arn-pattern', pattern: 'arn:aws:iam::*:role/x' }])).toBe('any');
  });
});
