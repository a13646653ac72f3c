import { describe, expect, it } from 'vitest';
import { findUnknownActions } from '../../src/iam/action-check.js';
import { loadCatalog } from '../../src/iam/catalog.js';
import { compilePolicy } from '../../src/iam/policy.js';
import { PolicyValidationError } from '../../src/iam/errors.js';
import {
  hasUnknownValue,
  isUnknownValue,
  mayStartWith,
  unknownValue,
  unknownValuesIn,
  unknownValuesOf,
  UNKNOWN_VALUE_OPERATOR,
} from '../../src/iam/unknown-value.js';
import { ACCOUNT, OBJECT, OTHER_ACCOUNT, ROLE, USER, decide, policy, request } from './helpers.js';

const GETATT = '${GetAtt Archive.Arn}';
const PARAMETER = '${Ref ReaderRoleArn}';

function unknownCondition(key: string, values: string[], negated = false) {
  return expect.objectContaining({ operator: UNKNOWN_VALUE_OPERATOR, key, values, negated });
}

describe('the representation of values known only at deploy or apply time', () => {
  it('is ${REFERENCE}, never a policy variable or an escape', () => {
    expect(unknownValue('GetAtt Archive.Arn')).toBe(GETATT);
    expect(unknownValuesIn('arn:aws:s3:::${aws_s3_bucket.b.bucket}/${aws:username}/${*}')).toEqual(['${aws_s3_bucket.b.bucket}']);
    expect(hasUnknownValue('arn:aws:s3:::b/${aws:PrincipalTag/team, \'none\'}')).toBe(false);
    expect(hasUnknownValue('${token.actions.githubusercontent.com:sub}')).toBe(false);
    expect(hasUnknownValue('${account_id}')).toBe(true);
    expect(isUnknownValue(PARAMETER)).toBe(true);
    expect(isUnknownValue(`${PARAMETER}/*`)).toBe(false);
  });

  it('flattens unknown values inside a reference and never yields a variable-shaped reference', () => {
    expect(unknownValue('ImportValue ${Ref Stack}-Arn')).toBe('${ImportValue (Ref Stack)-Arn}');
    expect(unknownValue('aws:username')).toBe('${unknown aws:username}');
    expect(hasUnknownValue(unknownValue('aws:username'))).toBe(true);
    expect(unknownValue('')).toBe('${unknown}');
  });

  it('finds every distinct unknown value of a document, in keys too', () => {
    const document = { Statement: [{ Resource: [GETATT, GETATT], Condition: { StringEquals: { [`aws:ResourceTag/${PARAMETER}`]: 'x' } } }] };
    expect(unknownValuesOf(document)).toEqual([GETATT, PARAMETER]);
  });

  it('tells whether the known text before the first unknown value agrees with a start', () => {
    expect(mayStartWith(`${PARAMETER}/*`, ['arn:'])).toBe(true);
    expect(mayStartWith(`ar${PARAMETER}`, ['arn:'])).toBe(true);
    expect(mayStartWith(`arn:aws:s3:::${PARAMETER}`, ['arn:'])).toBe(true);
    expect(mayStartWith(`bucket-${PARAMETER}`, ['arn:', '*'])).toBe(false);
  });
});

describe('validation accepts unknown values where a value can be unknown', () => {
  const compile = (kind: 'inline' | 'resource', statement: unknown, version?: string) =>
    compilePolicy({ id: 'p', name: 'p', kind, document: { ...(version ? { Version: version } : {}), Statement: statement } });

  it('in Resource and NotResource, Principal and NotPrincipal (AWS, Service, Federated), conditions and Action', () => {
    expect(() => compile('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: [GETATT, `${PARAMETER}/*`] })).not.toThrow();
    expect(() => compile('inline', { Effect: 'Deny', Action: 's3:*', NotResource: `arn:aws:s3:::${PARAMETER}` })).not.toThrow();
    expect(() => compile('inline', { Effect: 'Allow', Action: ['s3:GetObject', PARAMETER, `kms:${PARAMETER}`], Resource: '*' })).not.toThrow();
    expect(() =>
      compile('resource', {
        Effect: 'Allow',
        Principal: { AWS: [PARAMETER, `arn:aws:iam::${PARAMETER}:root`], Service: PARAMETER, Federated: PARAMETER },
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': PARAMETER }, NumericLessThan: { 's3:max-keys': PARAMETER }, IpAddress: { 'aws:SourceIp': PARAMETER } },
      }),
    ).not.toThrow();
    expect(() => compile('resource', { Effect: 'Deny', NotPrincipal: { AWS: PARAMETER }, Action: 's3:*', Resource: '*' })).not.toThrow();
  });

  it('in documents without a Version too (where ${...} is otherwise literal text)', () => {
    expect(() => compile('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: GETATT })).not.toThrow();
  });

  it('still rejects what no unknown value can make valid', () => {
    const plainName = () => compile('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: `bucket-${PARAMETER}` });
    expect(plainName).toThrow(PolicyValidationError);
    expect(plainName).toThrow(/Resource: "bucket-\$\{Ref ReaderRoleArn\}" cannot be "\*" or an ARN/);
    expect(() => compile('resource', { Effect: 'Allow', Principal: { AWS: `role/${PARAMETER}` }, Action: 's3:*', Resource: '*' })).toThrow(/cannot be an account ID or an ARN/);
    expect(() => compile('resource', { Effect: 'Allow', NotPrincipal: { AWS: PARAMETER }, Action: 's3:*', Resource: '*' })).toThrow(/NotPrincipal cannot be used with "Effect": "Allow"/);
    expect(() => compile('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: GETATT, Extra: PARAMETER })).toThrow(/unknown element "Extra"/);
    expect(() => compile('inline', { Effect: PARAMETER, Action: 's3:GetObject', Resource: '*' })).toThrow(/Effect/);
  });

  it('does not report an unknown action name as a typo', async () => {
    const document = { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: [PARAMETER, `s3:${PARAMETER}`, 's3:GetObjects'], Resource: '*' } };
    const found = findUnknownActions({ id: 'p', name: 'p', kind: 'inline', document }, await loadCatalog());
    expect(found.map((f) => f.action)).toEqual(['s3:GetObjects']);
  });
});

describe('an Allow holding an unknown value is conditional on it, never silently absent', () => {
  it('Resource: the grant holds on condition that the resource is the unknown value', () => {
    const identity = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: GETATT });
    const d = decide(request(), { identityPolicies: [identity] });
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([unknownCondition('Resource', [GETATT])]);
    expect(d.reasons.map((r) => r.policy)).toEqual([identity.id]);
  });

  it('Resource: the known part still decides (an unknown bucket name never reaches a queue)', () => {
    const identity = policy('inline', { Effect: 'Allow', Action: ['s3:GetObject', 'sqs:SendMessage'], Resource: `arn:aws:s3:::${PARAMETER}/*` });
    expect(decide(request(), { identityPolicies: [identity] }).conditional).toBe(true);
    const queue = request({ action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs` });
    expect(decide(queue, { identityPolicies: [identity] }).decision).toBe('ImplicitlyDenied');
  });

  it('Resource: the same unknown value in the request resource is that resource (unconditional)', () => {
    const bucket = 'arn:aws:s3:::${aws_s3_bucket.logs.bucket}';
    const identity = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/*` });
    expect(decide(request({ resource: `${bucket}/app.log` }), { identityPolicies: [identity] })).toMatchObject({ decision: 'Allowed', conditional: false });
    expect(decide(request({ resource: `${bucket}/*` }), { identityPolicies: [identity] })).toMatchObject({ decision: 'Allowed', conditional: false });
  });

  it('Resource of a request pattern: an unknown entry that can touch it is conditional', () => {
    const identity = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::data/${PARAMETER}` });
    const d = decide(request({ resource: 'arn:aws:s3:::data/*' }), { identityPolicies: [identity] });
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(decide(request({ resource: 'arn:aws:s3:::other/*' }), { identityPolicies: [identity] }).decision).toBe('ImplicitlyDenied');
  });

  it('Resource starting with an unknown value: it may be most of an ARN, so its known end still decides', () => {
    const identity = policy('inline', { Effect: 'Allow', Action: ['s3:GetObject', 'sqs:SendMessage'], Resource: `${PARAMETER}/*` });
    expect(decide(request({ resource: 'arn:aws:s3:::data/*' }), { identityPolicies: [identity] }).conditions).toEqual([unknownCondition('Resource', [`${PARAMETER}/*`])]);
    expect(decide(request(), { identityPolicies: [identity] }).conditional).toBe(true);
    const queue = request({ action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs` });
    expect(decide(queue, { identityPolicies: [identity] }).decision).toBe('ImplicitlyDenied');
  });

  it('Action: an unknown action name is a condition on the action, within its known service', () => {
    const identity = policy('inline', { Effect: 'Allow', Action: `s3:${PARAMETER}`, Resource: '*' });
    const d = decide(request(), { identityPolicies: [identity] });
    expect(d.conditions).toEqual([unknownCondition('Action', [`s3:${PARAMETER}`])]);
    expect(decide(request({ action: 'sqs:SendMessage', resource: '*' }), { identityPolicies: [identity] }).decision).toBe('ImplicitlyDenied');
    const known = policy('inline', { Effect: 'Allow', Action: ['s3:GetObject', PARAMETER], Resource: '*' });
    expect(decide(request(), { identityPolicies: [known] }).conditional).toBe(false);
  });

  it('Principal.AWS: a bucket policy granting an unknown principal may grant anyone of AWS, as direct', () => {
    const bucketPolicy = policy('resource', { Effect: 'Allow', Principal: { AWS: PARAMETER }, Action: 's3:GetObject', Resource: OBJECT });
    const d = decide(request({ principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`, resourceAccount: ACCOUNT }), { resourcePolicy: bucketPolicy });
    // Cross account: the other side must allow too; here it has no identity policy.
    expect(d.decision).toBe('ImplicitlyDenied');
    const same = decide(request({ principal: ROLE }), { resourcePolicy: bucketPolicy });
    expect(same).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(same.conditions).toEqual([unknownCondition('Principal.AWS', [PARAMETER])]);
  });

  it('Principal.AWS: an account root with an unknown account grants as an account (identity policies must allow)', () => {
    const trust = policy('trust', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARAMETER}:root` }, Action: 'sts:AssumeRole' });
    const assume = (identity: ReturnType<typeof policy>[]) =>
      decide(request({ principal: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`, action: 'sts:AssumeRole', resource: ROLE }), { identityPolicies: identity, resourcePolicy: trust });
    expect(assume([]).decision).toBe('ImplicitlyDenied');
    const d = assume([policy('inline', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })]);
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([unknownCondition('Principal.AWS', [`arn:aws:iam::${PARAMETER}:root`])]);
  });

  it('Principal.AWS: the same unknown account in the request principal is that account', () => {
    const account = '${account_id}';
    const trust = policy('trust', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' });
    const allowAssume = policy('inline', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
    const d = decide(
      request({ principal: `arn:aws:iam::${account}:user/bob`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${account}:role/app`, resourceAccount: account }),
      { identityPolicies: [allowAssume], resourcePolicy: trust },
    );
    expect(d).toMatchObject({ decision: 'Allowed', conditional: false });
  });

  it('Principal.Service and Principal.Federated: only services, only identity providers', () => {
    const resourcePolicy = policy('resource', { Effect: 'Allow', Principal: { Service: `${PARAMETER}.amazonaws.com` }, Action: 's3:GetObject', Resource: OBJECT });
    expect(decide(request({ principal: 'cloudtrail.amazonaws.com' }), { resourcePolicy }).conditions).toEqual([unknownCondition('Principal.Service', [`${PARAMETER}.amazonaws.com`])]);
    expect(decide(request({ principal: USER }), { resourcePolicy }).decision).toBe('ImplicitlyDenied');
    const trust = policy('trust', { Effect: 'Allow', Principal: { Federated: PARAMETER }, Action: 'sts:AssumeRoleWithWebIdentity' });
    const web = decide(request({ principal: 'accounts.google.com', action: 'sts:AssumeRoleWithWebIdentity', resource: ROLE }), { resourcePolicy: trust });
    expect(web.conditions).toEqual([unknownCondition('Principal.Federated', [PARAMETER])]);
  });

  it('Condition: a value that is unknown leaves the condition, as written, in the grant', () => {
    const bucketPolicy = policy('resource', {
      Effect: 'Allow',
      Principal: { Service: 'logs.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: OBJECT,
      Condition: { StringEquals: { 'aws:SourceAccount': PARAMETER } },
    });
    const d = decide(request({ principal: 'logs.amazonaws.com' }, { 'aws:SourceAccount': ACCOUNT }), { resourcePolicy: bucketPolicy });
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([expect.objectContaining({ operator: 'StringEquals', key: 'aws:SourceAccount', values: [PARAMETER], negated: false })]);
  });

  it('Condition: known values still decide; a numeric value that is unknown is undecided', () => {
    const either = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': [ACCOUNT, PARAMETER] } } });
    expect(decide(request({}, { 'aws:SourceAccount': ACCOUNT }), { identityPolicies: [either] }).conditional).toBe(false);
    expect(decide(request({}, { 'aws:SourceAccount': OTHER_ACCOUNT }), { identityPolicies: [either] }).conditional).toBe(true);
    const prefixed = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 's3:prefix': `home/${PARAMETER}/*` } } });
    expect(decide(request({}, { 's3:prefix': 'tmp/x' }), { identityPolicies: [prefixed] }).decision).toBe('ImplicitlyDenied');
    const numeric = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': PARAMETER } } });
    expect(decide(request({}, { 's3:max-keys': '5' }), { identityPolicies: [numeric] }).conditional).toBe(true);
  });

  it('Condition: a key holding an unknown value is never decided', () => {
    const tagged = policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { [`aws:ResourceTag/${PARAMETER}`]: 'x' } } });
    expect(decide(request({}, { 'aws:ResourceTag/team': 'x' }), { identityPolicies: [tagged] }).conditional).toBe(true);
  });
});

describe('a Deny holding an unknown value is never read as protecting', () => {
  const allowAll = policy('inline', { Effect: 'Allow', Action: 's3:*', Resource: '*' });

  it('Resource: the access stays, on condition that the resource is not the unknown value', () => {
    const deny = policy('inline', { Effect: 'Deny', Action: 's3:*', Resource: GETATT });
    const d = decide(request(), { identityPolicies: [allowAll, deny] });
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([unknownCondition('Resource', [GETATT], true)]);
  });

  it('NotResource: the Deny applies only if the resource is not the unknown value', () => {
    const deny = policy('inline', { Effect: 'Deny', Action: 's3:*', NotResource: GETATT });
    const d = decide(request(), { identityPolicies: [allowAll, deny] });
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([unknownCondition('NotResource', [GETATT])]);
  });

  it('Action: an unknown action denied leaves the access conditional', () => {
    const deny = policy('inline', { Effect: 'Deny', Action: PARAMETER, Resource: '*' });
    expect(decide(request(), { identityPolicies: [allowAll, deny] }).conditions).toEqual([unknownCondition('Action', [PARAMETER], true)]);
    const notAction = policy('inline', { Effect: 'Deny', NotAction: PARAMETER, Resource: '*' });
    expect(decide(request(), { identityPolicies: [allowAll, notAction] }).conditions).toEqual([unknownCondition('NotAction', [PARAMETER])]);
  });

  it('Principal and NotPrincipal: unknown principals escape or are exempted only conditionally', () => {
    const denyUnknown = policy('resource', [
      { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: OBJECT },
      { Effect: 'Deny', Principal: { AWS: PARAMETER }, Action: 's3:*', Resource: OBJECT },
    ]);
    expect(decide(request({ principal: ROLE }), { resourcePolicy: denyUnknown }).conditions).toEqual([unknownCondition('Principal.AWS', [PARAMETER], true)]);
    const denyOthers = policy('resource', [
      { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: OBJECT },
      { Effect: 'Deny', NotPrincipal: { AWS: PARAMETER }, Action: 's3:*', Resource: OBJECT },
    ]);
    const d = decide(request({ principal: ROLE }), { resourcePolicy: denyOthers });
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([unknownCondition('NotPrincipal.AWS', [PARAMETER])]);
  });

  it('Condition: a Deny whose condition value is unknown becomes a negated condition of the grant', () => {
    const deny = policy('inline', { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': PARAMETER } } });
    const d = decide(request({}, { 'aws:SourceVpce': 'vpce-1' }), { identityPolicies: [allowAll, deny] });
    expect(d).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(d.conditions).toEqual([expect.objectContaining({ operator: 'StringNotEquals', key: 'aws:SourceVpce', negated: true })]);
  });

  it('but a Deny naming the very same unknown value as the request applies', () => {
    const bucket = 'arn:aws:s3:::${aws_s3_bucket.logs.bucket}';
    const deny = policy('inline', { Effect: 'Deny', Action: 's3:*', Resource: `${bucket}/*` });
    expect(decide(request({ resource: `${bucket}/x` }), { identityPolicies: [allowAll, deny] }).decision).toBe('ExplicitlyDenied');
  });
});
