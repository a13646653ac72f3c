import { describe, expect, it } from 'vitest';
import { ACCOUNT, OBJECT, OTHER_ACCOUNT, USER, decide, policy, request, underCondition } from './helpers.js';

describe('string operators (reference_policies_elements_condition_operators#Conditions_String)', () => {
  it('StringEquals is exact and case-sensitive; any listed value matches', () => {
    expect(underCondition({ StringEquals: { 's3:prefix': ['home/', 'shared/'] } }, { 's3:prefix': 'shared/' })).toBe('Allowed');
    expect(underCondition({ StringEquals: { 's3:prefix': 'home/' } }, { 's3:prefix': 'Home/' })).toBe('ImplicitlyDenied');
  });

  it('StringEqualsIgnoreCase ignores case', () => {
    expect(underCondition({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:PrincipalTag/team': 'BLUE' })).toBe('Allowed');
  });

  it('StringLike takes * and ?', () => {
    expect(underCondition({ StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/alice/' })).toBe('Allowed');
    expect(underCondition({ StringLike: { 's3:prefix': 'v?' } }, { 's3:prefix': 'v10' })).toBe('ImplicitlyDenied');
  });

  it('a negated operator matches when no value matches, and when the key is absent', () => {
    expect(underCondition({ StringNotEquals: { 's3:prefix': 'secret/' } }, { 's3:prefix': 'public/' })).toBe('Allowed');
    expect(underCondition({ StringNotEquals: { 's3:prefix': ['secret/', 'public/'] } }, { 's3:prefix': 'public/' })).toBe('ImplicitlyDenied');
    expect(underCondition({ StringNotLike: { 's3:prefix': 'secret/*' } }, {})).toBe('Allowed');
  });

  it('a key absent from the request does not match a positive operator', () => {
    expect(underCondition({ StringEquals: { 's3:prefix': 'home/' } }, {})).toBe('ImplicitlyDenied');
  });

  it('condition key names are case-insensitive', () => {
    expect(underCondition({ StringEquals: { 'AWS:PRINCIPALTAG/Team': 'blue' } }, { 'aws:principaltag/team': 'blue' })).toBe('Allowed');
  });
});

describe('numeric, date, boolean and binary operators', () => {
  it.each([
    ['NumericLessThan', '5', 'Allowed'],
    ['NumericLessThan', '10', 'ImplicitlyDenied'],
    ['NumericLessThanEquals', '10', 'Allowed'],
    ['NumericGreaterThan', '11', 'Allowed'],
    ['NumericGreaterThanEquals', '9', 'ImplicitlyDenied'],
    ['NumericEquals', '10.0', 'Allowed'],
    ['NumericNotEquals', '10', 'ImplicitlyDenied'],
    ['NumericEquals', 'ten', 'ImplicitlyDenied'],
  ])('%s 10 with the request value %s: %s', (operator, value, expected) => {
    expect(underCondition({ [operator]: { 's3:max-keys': '10' } }, { 's3:max-keys': value })).toBe(expected);
  });

  it('dates compare as instants, written as ISO 8601 or epoch seconds', () => {
    const before = { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } };
    expect(underCondition(before, { 'aws:CurrentTime': '2029-12-31T23:59:59Z' })).toBe('Allowed');
    expect(underCondition(before, { 'aws:CurrentTime': '2030-01-01T00:00:01Z' })).toBe('ImplicitlyDenied');
    expect(underCondition({ DateGreaterThan: { 'aws:EpochTime': '2020-01-01' } }, { 'aws:EpochTime': '1700000000' })).toBe('Allowed');
    expect(underCondition({ DateEquals: { 'aws:CurrentTime': '1700000000' } }, { 'aws:CurrentTime': '2023-11-14T22:13:20Z' })).toBe('Allowed');
  });

  it('Bool compares true/false without regard to case; JSON booleans are accepted', () => {
    expect(underCondition({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'TRUE' })).toBe('Allowed');
    expect(underCondition({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'false' })).toBe('ImplicitlyDenied');
  });

  it('BinaryEquals compares the base-64 text', () => {
    expect(underCondition({ BinaryEquals: { 'aws:RequestTag/blob': 'QmluYXJ5' } }, { 'aws:RequestTag/blob': 'QmluYXJ5' })).toBe('Allowed');
    expect(underCondition({ BinaryEquals: { 'aws:RequestTag/blob': 'QmluYXJ5' } }, { 'aws:RequestTag/blob': 'QmluYXJ6' })).toBe('ImplicitlyDenied');
  });
});

describe('IpAddress / NotIpAddress for IPv4 and IPv6', () => {
  it.each([
    ['IpAddress', '203.0.113.0/24', '203.0.113.77', 'Allowed'],
    ['IpAddress', '203.0.113.0/24', '203.0.114.1', 'ImplicitlyDenied'],
    ['IpAddress', '10.0.0.7', '10.0.0.7', 'Allowed'],
    ['IpAddress', '2001:db8::/32', '2001:db8:85a3::8a2e:370:7334', 'Allowed'],
    ['IpAddress', '2001:db8::/32', '2001:db9::1', 'ImplicitlyDenied'],
    ['IpAddress', '2001:db8::/32', '203.0.113.7', 'ImplicitlyDenied'],
    ['NotIpAddress', '10.0.0.0/8', '192.0.2.1', 'Allowed'],
    ['NotIpAddress', '10.0.0.0/8', '10.1.2.3', 'ImplicitlyDenied'],
  ])('%s %s with source %s: %s', (operator, range, ip, expected) => {
    expect(underCondition({ [operator]: { 'aws:SourceIp': range } }, { 'aws:SourceIp': ip })).toBe(expected);
  });
});

describe('ARN operators: component-wise, case-sensitive, wildcards in both', () => {
  const arnOf = (role: string) => `arn:aws:iam::${ACCOUNT}:role/${role}`;

  it('ArnEquals and ArnLike take wildcards and behave identically', () => {
    for (const operator of ['ArnEquals', 'ArnLike']) {
      expect(underCondition({ [operator]: { 'aws:SourceArn': 'arn:aws:iam::*:role/ci-*' } }, { 'aws:SourceArn': arnOf('ci-deploy') })).toBe('Allowed');
      expect(underCondition({ [operator]: { 'aws:SourceArn': 'arn:aws:iam::*:role/CI-*' } }, { 'aws:SourceArn': arnOf('ci-deploy') })).toBe('ImplicitlyDenied');
    }
  });

  it('a wildcard never crosses a component boundary, unlike StringLike', () => {
    const pattern = 'arn:aws:iam::*';
    expect(underCondition({ ArnLike: { 'aws:SourceArn': pattern } }, { 'aws:SourceArn': arnOf('x') })).toBe('Allowed');
    expect(underCondition({ ArnLike: { 'aws:SourceArn': 'arn:aws:*:role/x' } }, { 'aws:SourceArn': arnOf('x') })).toBe('ImplicitlyDenied');
    expect(underCondition({ StringLike: { 'aws:SourceArn': 'arn:aws:*:role/x' } }, { 'aws:SourceArn': arnOf('x') })).toBe('Allowed');
  });

  it('ArnNotEquals matches other ARNs and an absent key', () => {
    expect(underCondition({ ArnNotEquals: { 'aws:SourceArn': arnOf('a') } }, { 'aws:SourceArn': arnOf('b') })).toBe('Allowed');
    expect(underCondition({ ArnNotLike: { 'aws:SourceArn': arnOf('*') } }, {})).toBe('Allowed');
  });
});

describe('Null, ...IfExists, ForAllValues, ForAnyValue (reference_policies_multi-value-conditions)', () => {
  it('Null true means absent, false means present', () => {
    expect(underCondition({ Null: { 'aws:TokenIssueTime': 'true' } }, {})).toBe('Allowed');
    expect(underCondition({ Null: { 'aws:TokenIssueTime': 'false' } }, {})).toBe('ImplicitlyDenied');
    expect(underCondition({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' })).toBe('Allowed');
  });

  it('...IfExists is true when the key is absent and evaluated when present', () => {
    const condition = { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } };
    expect(underCondition(condition, {})).toBe('Allowed');
    expect(underCondition(condition, { 'ec2:InstanceType': 't3.micro' })).toBe('Allowed');
    expect(underCondition(condition, { 'ec2:InstanceType': 'p4d.24xlarge' })).toBe('ImplicitlyDenied');
  });

  it('ForAllValues: every request value must be listed; an absent key or empty set is true', () => {
    const condition = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } };
    expect(underCondition(condition, { 'aws:TagKeys': ['env', 'team'] })).toBe('Allowed');
    expect(underCondition(condition, { 'aws:TagKeys': ['env', 'owner'] })).toBe('ImplicitlyDenied');
    expect(underCondition(condition, {})).toBe('Allowed');
    expect(underCondition(condition, { 'aws:TagKeys': [] })).toBe('Allowed');
  });

  it('ForAnyValue: one request value must be listed; an absent key or empty set is false', () => {
    const condition = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' } };
    expect(underCondition(condition, { 'aws:TagKeys': ['owner', 'env'] })).toBe('Allowed');
    expect(underCondition(condition, { 'aws:TagKeys': ['owner'] })).toBe('ImplicitlyDenied');
    expect(underCondition(condition, {})).toBe('ImplicitlyDenied');
    expect(underCondition(condition, { 'aws:TagKeys': [] })).toBe('ImplicitlyDenied');
  });

  it('a single-valued operator does not match a multivalued request value', () => {
    expect(underCondition({ StringEquals: { 'aws:TagKeys': 'env' } }, { 'aws:TagKeys': ['env'] })).toBe('ImplicitlyDenied');
  });

  it('all operators and all keys must match; a single string is one value for a set operator', () => {
    const condition = { StringEquals: { 's3:prefix': 'a/', 's3:delimiter': '/' }, Bool: { 'aws:SecureTransport': 'true' } };
    expect(underCondition(condition, { 's3:prefix': 'a/', 's3:delimiter': '/', 'aws:SecureTransport': 'true' })).toBe('Allowed');
    expect(underCondition(condition, { 's3:prefix': 'a/', 's3:delimiter': '/', 'aws:SecureTransport': 'false' })).toBe('ImplicitlyDenied');
    expect(underCondition({ 'ForAnyValue:StringLike': { 's3:prefix': 'a*' } }, { 's3:prefix': 'abc' })).toBe('Allowed');
  });
});

describe('policy variables (reference_policies_variables)', () => {
  const home = (resource: string, version = '2012-10-17') => policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: resource }, version);

  it('${aws:username} in a resource is replaced by the user name the engine derives', () => {
    const p = home('arn:aws:s3:::data/home/${aws:username}/*');
    expect(decide(request({ resource: 'arn:aws:s3:::data/home/alice/notes' }), { identityPolicies: [p] }).decision).toBe('Allowed');
    expect(decide(request({ resource: 'arn:aws:s3:::data/home/bob/notes' }), { identityPolicies: [p] }).decision).toBe('ImplicitlyDenied');
  });

  it('a variable with no value makes its element match nothing, unless it has a default', () => {
    const tagged = home('arn:aws:s3:::data/${aws:PrincipalTag/team}/*');
    const withDefault = home("arn:aws:s3:::data/${aws:PrincipalTag/team, 'shared'}/*");
    const req = request({ resource: 'arn:aws:s3:::data/shared/x' });
    expect(decide(req, { identityPolicies: [tagged] }).decision).toBe('ImplicitlyDenied');
    expect(decide(req, { identityPolicies: [withDefault] }).decision).toBe('Allowed');
    expect(decide({ ...req, context: { 'aws:PrincipalTag/team': 'blue' } }, { identityPolicies: [withDefault] }).decision).toBe('ImplicitlyDenied');
  });

  it("a default is read with the spacing AWS allows, and only a quoted value after a comma is one", () => {
    const req = request({ resource: 'arn:aws:s3:::data/shared/x' });
    for (const written of ["${aws:PrincipalTag/team,'shared'}", "${ aws:PrincipalTag/team ,  'shared' }"]) {
      expect(decide(req, { identityPolicies: [home(`arn:aws:s3:::data/${written}/*`)] }).decision).toBe('Allowed');
    }
    // Without the comma the text is a key that never has a value: nothing matches.
    expect(decide(req, { identityPolicies: [home("arn:aws:s3:::data/${aws:PrincipalTag/team 'shared'}/*")] }).decision).toBe('ImplicitlyDenied');
  });

  it('long variables and numbers are read in linear time (a backtracking regex would never finish)', () => {
    const spaces = ' '.repeat(200_000);
    const p = home(`arn:aws:s3:::data/\${aws:PrincipalTag/team${spaces}x}/*`);
    expect(decide(request({ resource: 'arn:aws:s3:::data/x/y' }), { identityPolicies: [p] }).decision).toBe('ImplicitlyDenied');
    const notANumber = `${'1'.repeat(200_000)}x`;
    expect(() => underCondition({ NumericLessThan: { 's3:max-keys': notANumber } }, { 's3:max-keys': '5' })).toThrow(/Condition\.NumericLessThan\.s3:max-keys: "1{100,}…" \(200001 characters\) is not a number$/);
    expect(underCondition({ NumericLessThan: { 's3:max-keys': '1.5e1' } }, { 's3:max-keys': '10' })).toBe('Allowed');
  });

  it('${*}, ${?} and ${$} are literal characters, not wildcards', () => {
    const condition = { StringLike: { 's3:prefix': 'a${*}b${?}c${$}' } };
    expect(underCondition(condition, { 's3:prefix': 'a*b?c$' })).toBe('Allowed');
    expect(underCondition(condition, { 's3:prefix': 'axbyc$' })).toBe('ImplicitlyDenied');
    const p = home('arn:aws:s3:::data/${*}');
    expect(decide(request({ resource: 'arn:aws:s3:::data/x' }), { identityPolicies: [p] }).decision).toBe('ImplicitlyDenied');
  });

  it('variables in condition values are resolved; a wildcard in the written text stays one', () => {
    const condition = { StringLike: { 's3:prefix': 'home/${aws:username}/*' } };
    expect(underCondition(condition, { 's3:prefix': 'home/alice/docs' })).toBe('Allowed');
    expect(underCondition(condition, { 's3:prefix': 'home/bob/docs' })).toBe('ImplicitlyDenied');
  });

  it('in a document without Version 2012-10-17 the text is literal', () => {
    const old = home('arn:aws:s3:::data/home/${aws:username}/*', '2008-10-17');
    expect(decide(request({ resource: 'arn:aws:s3:::data/home/alice/notes' }), { identityPolicies: [old] }).decision).toBe('ImplicitlyDenied');
    expect(decide(request({ resource: 'arn:aws:s3:::data/home/${aws:username}/x' }), { identityPolicies: [old] }).decision).toBe('Allowed');
  });
});

describe('keys the engine derives from the principal (reference_policies_condition-keys)', () => {
  it('sets aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType and aws:username', () => {
    const condition = {
      ArnEquals: { 'aws:PrincipalArn': USER },
      StringEquals: { 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalType': 'User', 'aws:username': 'alice' },
    };
    expect(underCondition(condition, {})).toBe('Allowed');
  });

  it('gives a role session the role ARN as aws:PrincipalArn; the caller may override it', () => {
    const condition = { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app` } };
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`;
    const p = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: OBJECT, Condition: condition });
    expect(decide(request({ principal: session }), { identityPolicies: [p] }).decision).toBe('Allowed');
    const other = request({ principal: session }, { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/team/app` });
    expect(decide(other, { identityPolicies: [p] }).decision).toBe('ImplicitlyDenied');
  });

  it('sets kms:CallerAccount to the principal\'s account in KMS requests only', () => {
    const condition = { StringEquals: { 'kms:CallerAccount': ACCOUNT } };
    const p = policy('resource', { Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 's3:GetObject'], Resource: '*', Condition: condition });
    const key = (account: string) => `arn:aws:kms:us-east-1:${account}:key/1111aaaa-0000-4000-a000-000000000001`;
    expect(decide(request({ action: 'kms:Decrypt', resource: key(ACCOUNT) }), { identityPolicies: [], resourcePolicy: p }).decision).toBe('Allowed');
    const bob = request({ action: 'kms:Decrypt', resource: key(OTHER_ACCOUNT), principal: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`, resourceAccount: OTHER_ACCOUNT });
    expect(decide(bob, { identityPolicies: [], resourcePolicy: p }).decision).toBe('ImplicitlyDenied');
    // S3 does not set it: the condition's key is absent.
    expect(decide(request(), { identityPolicies: [], resourcePolicy: p }).decision).toBe('ImplicitlyDenied');
  });
});
