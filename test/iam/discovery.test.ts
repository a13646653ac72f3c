import { describe, expect, it } from 'vitest';
import type { EvaluationOptions } from '../../src/iam/types.js';
import { ACCOUNT, BUCKET, OBJECT, ROLE, USER, decide, policy, request } from './helpers.js';

const unknown = (...keys: string[]): EvaluationOptions => ({ unknownKeys: (key) => keys.includes(key) });
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** A k9-style bucket policy: Allow per capability to named roles, deny everyone else, TLS only. */
const k9 = policy('resource', [
  {
    Sid: 'AllowRestrictedReadData',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: ['s3:GetObject', 's3:ListBucket'],
    Resource: [BUCKET, `${BUCKET}/*`],
    Condition: { ArnEquals: { 'aws:PrincipalArn': [role('admin'), role('analytics')] } },
  },
  {
    Sid: 'DenyEveryoneElse',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [BUCKET, `${BUCKET}/*`],
    Condition: { ArnNotEquals: { 'aws:PrincipalArn': [role('admin'), role('analytics')] } },
  },
  {
    Sid: 'DenyInsecureCommunications',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [BUCKET, `${BUCKET}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
]);

describe('the TLS-only deny is a condition of the grant, not a denial (issue 2 item 3)', () => {
  it('reports the grant as conditional on the negated Deny condition', () => {
    const d = decide(request({ principal: role('analytics') }), { resourcePolicy: k9 }, unknown('aws:securetransport'));
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([
      {
        operator: 'Bool',
        key: 'aws:SecureTransport',
        values: ['false'],
        negated: true,
        policy: k9.id,
        statement: 'DenyInsecureCommunications',
      },
    ]);
    expect(d.reasons.map((r) => r.statement)).toEqual(['AllowRestrictedReadData']);
  });

  it('denies a request known to be without TLS, allows one known to use it', () => {
    const analytics = role('analytics');
    expect(decide(request({ principal: analytics }, { 'aws:SecureTransport': 'false' }), { resourcePolicy: k9 }).decision).toBe('ExplicitlyDenied');
    expect(decide(request({ principal: analytics }, { 'aws:SecureTransport': 'true' }), { resourcePolicy: k9 })).toMatchObject({
      decision: 'Allowed',
      conditional: false,
    });
  });

  it('an unrelated role with s3:* on * gains nothing: DenyEveryoneElse applies whatever the transport', () => {
    const admin = policy('inline', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const d = decide(request({ principal: role('unrelated') }), { resourcePolicy: k9, identityPolicies: [admin] }, unknown('aws:securetransport'));
    expect(d.decision).toBe('ExplicitlyDenied');
    expect(d.reasons.map((r) => r.statement)).toEqual(['DenyEveryoneElse']);
  });
});

describe('conditions on unknown keys (EvaluationOptions.unknownKeys)', () => {
  const vpceOnly = policy('inline', {
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: OBJECT,
    Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b' } },
  });

  it('an Allow that depends on an unknown key allows conditionally, with the condition and its tree', () => {
    const d = decide(request(), { identityPolicies: [vpceOnly] }, unknown('aws:sourcevpce'));
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([
      { operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1a2b'], negated: false, policy: vpceOnly.id, statement: '#1' },
    ]);
    expect(d.conditionTree).toEqual({ kind: 'condition', condition: d.conditions[0] });
  });

  it('without unknown keys the same request is decided strictly (absent key: no match)', () => {
    expect(decide(request(), { identityPolicies: [vpceOnly] })).toMatchObject({ decision: 'ImplicitlyDenied', conditional: false });
  });

  it('a key given in the context is known, whatever unknownKeys says', () => {
    const known = request({}, { 'aws:SourceVpce': 'vpce-other' });
    expect(decide(known, { identityPolicies: [vpceOnly] }, unknown('aws:sourcevpce')).decision).toBe('ImplicitlyDenied');
  });

  it('a known mismatch elsewhere in the statement still fails it', () => {
    const both = policy('inline', {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: OBJECT,
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b', 's3:prefix': 'home/' } },
    });
    expect(decide(request({}, { 's3:prefix': 'other/' }), { identityPolicies: [both] }, unknown('aws:sourcevpce')).decision).toBe('ImplicitlyDenied');
  });

  it('Allows in different statements combine with or, policy types with and', () => {
    const mfa = policy('inline', { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    const bounded = policy('boundary', { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } });
    const d = decide(
      request(),
      { identityPolicies: [vpceOnly, mfa], permissionBoundaries: [bounded] },
      unknown('aws:sourcevpce', 'aws:multifactorauthpresent', 'aws:principalorgid'),
    );
    const leaf = (key: string) => ({ kind: 'condition', condition: expect.objectContaining({ key }) });
    expect(d.conditionTree).toEqual({
      kind: 'and',
      items: [{ kind: 'or', items: [leaf('aws:SourceVpce'), leaf('aws:MultiFactorAuthPresent')] }, leaf('aws:PrincipalOrgID')],
    });
    expect(d.conditions.map((c) => c.key)).toEqual(['aws:SourceVpce', 'aws:MultiFactorAuthPresent', 'aws:PrincipalOrgID']);
  });

  it('a Deny with several unknown conditions escapes when any of them does not hold', () => {
    const allow = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const deny = policy('inline', {
      Effect: 'Deny',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b' }, Bool: { 'aws:ViaAWSService': 'false' } },
    });
    const d = decide(request(), { identityPolicies: [allow, deny] }, unknown('aws:sourcevpce', 'aws:viaawsservice'));
    expect(d.decision).toBe('Allowed');
    expect(d.conditionTree?.kind).toBe('or');
    expect(d.conditions.every((c) => c.negated)).toBe(true);
  });

  it('an unconditional Deny still denies: conditions are not reported then', () => {
    const deny = policy('inline', { Effect: 'Deny', Action: 's3:*', Resource: '*' });
    const d = decide(request(), { identityPolicies: [vpceOnly, deny] }, unknown('aws:sourcevpce'));
    expect(d).toMatchObject({ decision: 'ExplicitlyDenied', conditional: false, conditions: [] });
  });

  it('a grant that needs a guardrail condition (SCP, RCP) is conditional on it', () => {
    const allow = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const scp = policy('scp', { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
    const scpAll = policy('scp', { Effect: 'Allow', Action: '*', Resource: '*' });
    const d = decide(request(), { identityPolicies: [allow], scps: [[scpAll, scp]] }, unknown('aws:requestedregion'));
    expect(d.conditions).toEqual([expect.objectContaining({ operator: 'StringNotEquals', key: 'aws:RequestedRegion', negated: true })]);
  });
});

describe('keys present with an unknown value (EvaluationOptions.unknownValueKeys)', () => {
  const options: EvaluationOptions = { unknownValueKeys: (key) => key === 'aws:sourceip' };

  it('Null and ...IfExists treat them as present', () => {
    const nullCheck = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Null: { 'aws:SourceIp': 'false' } } });
    expect(decide(request(), { identityPolicies: [nullCheck] }, options)).toMatchObject({ decision: 'Allowed', conditional: false });
    const ifExists = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } } });
    expect(decide(request(), { identityPolicies: [ifExists] }, options)).toMatchObject({ decision: 'Allowed', conditional: true });
  });

  it('any other operator leaves a condition, even when the context holds a placeholder', () => {
    const office = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } });
    const d = decide(request({}, { 'aws:SourceIp': '198.51.100.1' }), { identityPolicies: [office] }, options);
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
  });
});

describe('a role whose session name is unknown', () => {
  const sessionGrant = policy('resource', {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/nightly` },
    Action: 's3:GetObject',
    Resource: `${BUCKET}/*`,
  });

  it('is granted what a resource policy grants one of its sessions, on that session name', () => {
    const d = decide(request({ principal: ROLE }), { resourcePolicy: sessionGrant }, unknown('sts:rolesessionname'));
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([expect.objectContaining({ operator: 'StringEquals', key: 'sts:RoleSessionName', values: ['nightly'] })]);
  });

  it('is not granted it when the session name is not asked about', () => {
    expect(decide(request({ principal: ROLE }), { resourcePolicy: sessionGrant }).decision).toBe('ImplicitlyDenied');
  });

  it('does not match another role’s sessions', () => {
    expect(decide(request({ principal: USER }), { resourcePolicy: sessionGrant }, unknown('sts:rolesessionname')).decision).toBe('ImplicitlyDenied');
  });
});
