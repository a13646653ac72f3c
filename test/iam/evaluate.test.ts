import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { ACCOUNT, BUCKET, OBJECT, OTHER_ACCOUNT, ROLE, SESSION, USER, decide, policy, request } from './helpers.js';

const allowGet = (resource = OBJECT) => policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: resource });
const denyGet = (resource = OBJECT) => policy('inline', { Effect: 'Deny', Action: 's3:GetObject', Resource: resource });
const bucketPolicy = (statement: Record<string, unknown>) =>
  policy('resource', { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*`, ...statement });
const boundary = (action: string) => policy('boundary', { Effect: 'Allow', Action: action, Resource: '*' });
const FEDERATED = `arn:aws:sts::${ACCOUNT}:federated-user/alice`;

describe('explicit and implicit deny (reference_policies_evaluation-logic)', () => {
  it('denies by default', () => {
    expect(decide(request(), {})).toMatchObject({ decision: 'ImplicitlyDenied', blockedBy: [], reasons: [] });
  });

  it('an identity Allow allows and names the statement', () => {
    const allow = allowGet();
    const d = decide(request(), { identityPolicies: [allow] });
    expect(d).toMatchObject({ decision: 'Allowed', conditional: false, conditions: [] });
    expect(d.reasons).toEqual([allow.statements[0]?.ref]);
  });

  it('an explicit Deny in any policy wins over every Allow, and is the reason', () => {
    const deny = denyGet();
    const d = decide(request(), { identityPolicies: [allowGet(), deny], resourcePolicy: bucketPolicy({ Principal: { AWS: USER } }) });
    expect(d.decision).toBe('ExplicitlyDenied');
    expect(d.reasons).toEqual([deny.statements[0]?.ref]);
    expect(d.blockedBy).toEqual(['identity']);
  });

  it('matches actions case-insensitively with wildcards; NotAction allows everything else', () => {
    const wildcard = policy('inline', { Effect: 'Allow', Action: 'S3:get*', Resource: '*' });
    expect(decide(request(), { identityPolicies: [wildcard] }).decision).toBe('Allowed');
    const notAction = policy('inline', { Effect: 'Allow', NotAction: ['s3:Delete*', 'iam:*'], Resource: '*' });
    expect(decide(request(), { identityPolicies: [notAction] }).decision).toBe('Allowed');
    expect(decide(request({ action: 's3:DeleteObject' }), { identityPolicies: [notAction] }).decision).toBe('ImplicitlyDenied');
  });

  it('NotResource applies to every resource but those listed', () => {
    const p = policy('inline', { Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' });
    expect(decide(request(), { identityPolicies: [p] }).decision).toBe('Allowed');
    expect(decide(request({ resource: 'arn:aws:s3:::secret/x' }), { identityPolicies: [p] }).decision).toBe('ImplicitlyDenied');
  });

  it('rejects a request it cannot read with an InputError', () => {
    expect(() => decide(request({ principal: 'bob' }), {})).toThrow(InputError);
    expect(() => decide(request({ action: 'GetObject' }), {})).toThrow(/"GetObject" is not service:action/);
  });
});

describe('resource policies in the same account, by principal type', () => {
  it('a grant to the IAM user needs no identity policy and is not limited by a boundary', () => {
    const rp = bucketPolicy({ Principal: { AWS: USER } });
    expect(decide(request(), { resourcePolicy: rp, permissionBoundaries: [boundary('ec2:*')] }).decision).toBe('Allowed');
  });

  it('a grant to the role is limited by the role session’s boundary and session policy', () => {
    const rp = bucketPolicy({ Principal: { AWS: ROLE } });
    expect(decide(request({ principal: SESSION }), { resourcePolicy: rp }).decision).toBe('Allowed');
    const bounded = decide(request({ principal: SESSION }), { resourcePolicy: rp, permissionBoundaries: [boundary('ec2:*')] });
    expect(bounded).toMatchObject({ decision: 'ImplicitlyDenied', blockedBy: ['boundary'] });
    const session = policy('session', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    expect(decide(request({ principal: SESSION }), { resourcePolicy: rp, sessionPolicy: session }).decision).toBe('ImplicitlyDenied');
  });

  it('a grant to the role session itself is limited by neither (access_policies#policies_session)', () => {
    const rp = bucketPolicy({ Principal: { AWS: SESSION } });
    const session = policy('session', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    const d = decide(request({ principal: SESSION }), { resourcePolicy: rp, sessionPolicy: session, permissionBoundaries: [boundary('ec2:*')] });
    expect(d.decision).toBe('Allowed');
  });

  it('a role path does not matter when a session is matched to its role', () => {
    const rp = bucketPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/team/App` } });
    expect(decide(request({ principal: SESSION }), { resourcePolicy: rp }).decision).toBe('Allowed');
  });

  it('a grant to the federated user’s IAM user is limited by the session policy; without one the session has no permissions', () => {
    const rp = bucketPolicy({ Principal: { AWS: USER } });
    const session = policy('session', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
    expect(decide(request({ principal: FEDERATED }), { resourcePolicy: rp, sessionPolicy: session }).decision).toBe('Allowed');
    expect(decide(request({ principal: FEDERATED }), { resourcePolicy: rp }).decision).toBe('ImplicitlyDenied');
    expect(decide(request({ principal: FEDERATED }), { identityPolicies: [allowGet()] }).decision).toBe('ImplicitlyDenied');
  });

  it('a grant to the account only delegates to the identity policies', () => {
    for (const account of [`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT]) {
      const rp = bucketPolicy({ Principal: { AWS: account } });
      expect(decide(request(), { resourcePolicy: rp }).decision).toBe('ImplicitlyDenied');
      expect(decide(request(), { resourcePolicy: rp, identityPolicies: [allowGet()] }).decision).toBe('Allowed');
    }
  });

  it('Principal "*" grants directly, to anonymous requests too', () => {
    const rp = bucketPolicy({ Principal: '*' });
    expect(decide(request({ principal: 'anonymous' }), { resourcePolicy: rp }).decision).toBe('Allowed');
    expect(decide(request({ principal: ROLE }), { resourcePolicy: rp, permissionBoundaries: [boundary('ec2:*')] }).decision).toBe('Allowed');
  });

  it('a resource-policy Deny naming the account denies its principals', () => {
    const rp = policy('resource', { Effect: 'Deny', Principal: { AWS: ACCOUNT }, Action: 's3:*', Resource: '*' });
    expect(decide(request(), { resourcePolicy: rp, identityPolicies: [allowGet()] })).toMatchObject({ decision: 'ExplicitlyDenied', blockedBy: ['resource'] });
  });
});

describe('cross-account access: both sides must allow (reference_policies_evaluation-logic-cross-account)', () => {
  const there = (overrides = {}) => request({ resourceAccount: OTHER_ACCOUNT, ...overrides });

  it('needs the identity policy and the resource policy', () => {
    const rp = bucketPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } });
    expect(decide(there(), { identityPolicies: [allowGet()] }).decision).toBe('ImplicitlyDenied');
    expect(decide(there(), { resourcePolicy: rp }).decision).toBe('ImplicitlyDenied');
    expect(decide(there(), { resourcePolicy: rp, identityPolicies: [allowGet()] }).decision).toBe('Allowed');
  });

  it('a direct grant to the user still needs the user’s identity policy', () => {
    const rp = bucketPolicy({ Principal: { AWS: USER } });
    expect(decide(there(), { resourcePolicy: rp }).decision).toBe('ImplicitlyDenied');
  });

  it('the boundary limits the identity side even when the resource names the session', () => {
    const rp = bucketPolicy({ Principal: { AWS: SESSION } });
    const d = decide(there({ principal: SESSION }), { resourcePolicy: rp, identityPolicies: [allowGet()], permissionBoundaries: [boundary('ec2:*')] });
    expect(d).toMatchObject({ decision: 'ImplicitlyDenied', blockedBy: ['boundary'] });
  });

  it('reasons name the Allow statements of both sides', () => {
    const identity = allowGet();
    const rp = bucketPolicy({ Principal: { AWS: ACCOUNT } });
    const d = decide(there(), { resourcePolicy: rp, identityPolicies: [identity] });
    expect(d.reasons).toEqual([identity.statements[0]?.ref, rp.statements[0]?.ref]);
  });
});

describe('permissions boundaries and session policies', () => {
  it('the identity policy and the boundary must both allow', () => {
    expect(decide(request(), { identityPolicies: [allowGet()], permissionBoundaries: [boundary('s3:*')] }).decision).toBe('Allowed');
    expect(decide(request(), { identityPolicies: [allowGet()], permissionBoundaries: [boundary('ec2:*')] })).toMatchObject({
      decision: 'ImplicitlyDenied',
      blockedBy: ['boundary'],
    });
  });

  it('a NotPrincipal Deny always applies to a principal with a boundary (access_policies_boundaries)', () => {
    const rp = policy('resource', { Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 's3:*', Resource: '*' });
    const inputs = { identityPolicies: [allowGet()], resourcePolicy: rp };
    expect(decide(request({ principal: ROLE }), inputs).decision).toBe('Allowed');
    expect(decide(request({ principal: ROLE }), { ...inputs, permissionBoundaries: [boundary('*')] })).toMatchObject({
      decision: 'ExplicitlyDenied',
      blockedBy: ['resource'],
    });
    expect(decide(request({ principal: USER }), inputs).decision).toBe('ExplicitlyDenied');
  });

  it('a session policy limits the identity policies of a role session', () => {
    const session = policy('session', { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' });
    expect(decide(request({ principal: SESSION }), { identityPolicies: [allowGet()], sessionPolicy: session })).toMatchObject({
      decision: 'ImplicitlyDenied',
      blockedBy: ['session'],
    });
  });
});

describe('SCPs and RCPs by levels (AWS Organizations)', () => {
  const scp = (action: string, effect = 'Allow') => policy('scp', { Effect: effect, Action: action, Resource: '*' });
  const rcp = (action: string, effect = 'Allow') => policy('rcp', { Effect: effect, Principal: '*', Action: action, Resource: '*' });

  it('every SCP level must allow; an explicit SCP Deny denies', () => {
    const identityPolicies = [allowGet()];
    expect(decide(request(), { identityPolicies, scps: [[scp('*')], [scp('s3:*')]] }).decision).toBe('Allowed');
    expect(decide(request(), { identityPolicies, scps: [[scp('*')], [scp('ec2:*')]] })).toMatchObject({ decision: 'ImplicitlyDenied', blockedBy: ['scp'] });
    expect(decide(request(), { identityPolicies, scps: [[scp('*'), scp('s3:GetObject', 'Deny')]] })).toMatchObject({
      decision: 'ExplicitlyDenied',
      blockedBy: ['scp'],
    });
    expect(decide(request(), { identityPolicies, scps: [[]] }).decision).toBe('ImplicitlyDenied');
  });

  it('SCPs do not apply to service principals, anonymous requests, outsiders or the management account', () => {
    const rp = bucketPolicy({ Principal: '*' });
    const scps = [[scp('ec2:*')]];
    expect(decide(request({ principal: 'anonymous' }), { resourcePolicy: rp, scps }).decision).toBe('Allowed');
    expect(decide(request({ principal: 'cloudtrail.amazonaws.com' }), { resourcePolicy: rp, scps }).decision).toBe('Allowed');
    expect(decide(request(), { identityPolicies: [allowGet()], scps, principalOutsideOrganization: true }).decision).toBe('Allowed');
    expect(decide(request(), { identityPolicies: [allowGet()], scps, principalInManagementAccount: true }).decision).toBe('Allowed');
  });

  it('RCPs bind every principal, anonymous included, except on management-account resources', () => {
    const rp = bucketPolicy({ Principal: '*' });
    const rcps = [[rcp('*'), rcp('s3:GetObject', 'Deny')]];
    expect(decide(request({ principal: 'anonymous' }), { resourcePolicy: rp, rcps })).toMatchObject({ decision: 'ExplicitlyDenied', blockedBy: ['rcp'] });
    expect(decide(request({ principal: 'anonymous' }), { resourcePolicy: rp, rcps, resourceInManagementAccount: true }).decision).toBe('Allowed');
    expect(decide(request(), { identityPolicies: [allowGet()], rcps: [[rcp('*')], [rcp('ec2:*')]] }).decision).toBe('ImplicitlyDenied');
  });

  it('RCPs apply only to the services AWS enforces them for (S3, STS, KMS, SQS, Secrets Manager, ECR, ...), not to SNS', () => {
    const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
    const publish = policy('resource', { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: topic });
    const rcps = [[rcp('*'), rcp('*', 'Deny')]];
    const anonymous = (action: string, resource: string) => request({ principal: 'anonymous', action, resource });
    expect(decide(anonymous('sns:Publish', topic), { resourcePolicy: publish, rcps }).decision).toBe('Allowed');
    const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`;
    const send = policy('resource', { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: queue });
    expect(decide(anonymous('sqs:SendMessage', queue), { resourcePolicy: send, rcps })).toMatchObject({ decision: 'ExplicitlyDenied', blockedBy: ['rcp'] });
  });

  it('VPC endpoint policies must each allow', () => {
    const endpoint = (action: string) => policy('endpoint', { Effect: 'Allow', Principal: '*', Action: action, Resource: '*' });
    const identityPolicies = [allowGet()];
    expect(decide(request(), { identityPolicies, vpcEndpointPolicies: [endpoint('s3:*')] }).decision).toBe('Allowed');
    expect(decide(request(), { identityPolicies, vpcEndpointPolicies: [endpoint('s3:*'), endpoint('s3:List*')] })).toMatchObject({
      decision: 'ImplicitlyDenied',
      blockedBy: ['vpce'],
    });
  });

  it('blockedBy is empty when nothing would allow the request anyway', () => {
    expect(decide(request(), { scps: [[scp('ec2:*')]] })).toMatchObject({ decision: 'ImplicitlyDenied', blockedBy: [] });
  });
});

describe('role trust policies and KMS key policies must allow themselves', () => {
  const target = `arn:aws:iam::${ACCOUNT}:role/deployer`;
  const assume = (principal: unknown) => policy('trust', { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
  const allowAssume = policy('inline', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: target });
  const assumeRequest = (principal = USER) => request({ principal, action: 'sts:AssumeRole', resource: target });

  it('an identity Allow alone cannot assume a role; the trust policy decides', () => {
    expect(decide(assumeRequest(), { identityPolicies: [allowAssume] }).decision).toBe('ImplicitlyDenied');
    expect(decide(assumeRequest(), { resourcePolicy: assume({ AWS: USER }) }).decision).toBe('Allowed');
    expect(decide(assumeRequest(), { resourcePolicy: assume({ AWS: ACCOUNT }) }).decision).toBe('ImplicitlyDenied');
    expect(decide(assumeRequest(), { resourcePolicy: assume({ AWS: ACCOUNT }), identityPolicies: [allowAssume] }).decision).toBe('Allowed');
  });

  it('a service principal assumes a role its trust policy names', () => {
    expect(decide(assumeRequest('ecs-tasks.amazonaws.com'), { resourcePolicy: assume({ Service: 'ecs-tasks.amazonaws.com' }) }).decision).toBe('Allowed');
    expect(decide(assumeRequest('lambda.amazonaws.com'), { resourcePolicy: assume({ Service: 'ecs-tasks.amazonaws.com' }) }).decision).toBe('ImplicitlyDenied');
  });

  it('an OIDC provider assumes a role with web identity when the trust policy names it', () => {
    const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const trust = policy('trust', {
      Effect: 'Allow',
      Principal: { Federated: provider },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } },
    });
    const web = request({ principal: provider, action: 'sts:AssumeRoleWithWebIdentity', resource: target }, { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' });
    expect(decide(web, { resourcePolicy: trust }).decision).toBe('Allowed');
  });

  it('IAM policies give access to a KMS key only when its key policy delegates to the account', () => {
    const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234`;
    const decrypt = request({ action: 'kms:Decrypt', resource: key });
    const identityPolicies = [policy('inline', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key })];
    const keyPolicy = (principal: string) => policy('resource', { Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:*', Resource: '*' });
    expect(decide(decrypt, { identityPolicies }).decision).toBe('ImplicitlyDenied');
    expect(decide(decrypt, { identityPolicies, resourcePolicy: keyPolicy(`arn:aws:iam::${ACCOUNT}:root`) }).decision).toBe('Allowed');
    expect(decide(decrypt, { resourcePolicy: keyPolicy(USER) }).decision).toBe('Allowed');
  });
});

describe('what individual services add', () => {
  it('sts:GetCallerIdentity is always allowed, even when denied', () => {
    const deny = policy('inline', { Effect: 'Deny', Action: '*', Resource: '*' });
    expect(decide(request({ action: 'sts:GetCallerIdentity', resource: '*' }), { identityPolicies: [deny] }).decision).toBe('Allowed');
  });

  it('AWS managed policies, /aws-reserved/ roles and aws/ KMS aliases cannot be changed, only read', () => {
    const admin = [policy('inline', { Effect: 'Allow', Action: '*', Resource: '*' })];
    const managed = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    expect(decide(request({ action: 'iam:CreatePolicyVersion', resource: managed }), { identityPolicies: admin }).decision).toBe('ImplicitlyDenied');
    expect(decide(request({ action: 'iam:GetPolicyVersion', resource: managed }), { identityPolicies: admin }).decision).toBe('Allowed');
    const reserved = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1`;
    expect(decide(request({ action: 'iam:PutRolePolicy', resource: reserved }), { identityPolicies: admin }).decision).toBe('ImplicitlyDenied');
    expect(decide(request({ action: 'iam:GetRole', resource: reserved }), { identityPolicies: admin }).decision).toBe('Allowed');
    const alias = `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/s3`;
    expect(decide(request({ action: 'kms:DeleteAlias', resource: alias }), { identityPolicies: admin }).decision).toBe('ImplicitlyDenied');
  });

  it('the root user has every permission in its own account, within SCPs', () => {
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    expect(decide(request({ principal: root }), {}).decision).toBe('Allowed');
    expect(decide(request({ principal: root, resourceAccount: OTHER_ACCOUNT }), {}).decision).toBe('ImplicitlyDenied');
    expect(decide(request({ principal: root }), { scps: [[policy('scp', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' })]] }).decision).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('request resources that are patterns: "some resource of this pattern"', () => {
  const objects = `${BUCKET}/*`;

  it('an Allow applies when it can touch some resource of the pattern', () => {
    expect(decide(request({ resource: objects }), { identityPolicies: [allowGet('arn:aws:s3:::*/reports/*')] }).decision).toBe('Allowed');
    expect(decide(request({ resource: objects }), { identityPolicies: [allowGet('arn:aws:s3:::other/*')] }).decision).toBe('ImplicitlyDenied');
  });

  it('a Deny applies only when it covers all of them', () => {
    const identityPolicies = [allowGet(objects)];
    expect(decide(request({ resource: objects }), { identityPolicies: [...identityPolicies, denyGet(`${BUCKET}/private/*`)] }).decision).toBe('Allowed');
    expect(decide(request({ resource: objects }), { identityPolicies: [...identityPolicies, denyGet('arn:aws:s3:::*')] }).decision).toBe('ExplicitlyDenied');
  });

  it('a Deny covering the only region an Allow grants removes the access', () => {
    const identityPolicies = [allowGet(`${BUCKET}/public/secret/*`), denyGet(`${BUCKET}/public/*`)];
    expect(decide(request({ resource: objects }), { identityPolicies }).decision).toBe('ExplicitlyDenied');
  });

  it('a wildcard-only action reads `*` literally: a specific ARN does not grant it', () => {
    const list = request({ action: 's3:ListAllMyBuckets', resource: '*', wildcardOnlyAction: true });
    expect(decide(list, { identityPolicies: [policy('inline', { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: BUCKET })] }).decision).toBe(
      'ImplicitlyDenied',
    );
    expect(decide(list, { identityPolicies: [policy('inline', { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' })] }).decision).toBe(
      'Allowed',
    );
  });
});
