/**
 * The rules that read what changed policies say: wildcard-grants and unknown-actions; and
 * unknown-access. AWS managed policies are AWS's text: judged when the change attaches them, never
 * for what they name.
 */
import { describe, expect, it } from 'vitest';
import { allow, bucket, findingsOf, grant, policy, role, roleArn } from './scenario.js';

const withPolicy = (statements: object[], kind: 'inline' | 'trust' = 'inline') => {
  const app = role('app');
  const document = policy(`${app.arn}#inline/app-policy`, kind, statements);
  return kind === 'inline' ? { ...app, inlinePolicies: [document] } : { ...app, trustPolicy: document };
};

describe('wildcard-grants', () => {
  it.each([
    [[allow('*')], 'allows every action (`*`).'],
    [[allow('s3:*')], 'allows every action of `s3:*` on every resource (`*`).'],
    [[{ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }], 'allows every action except `iam:*` on every resource.'],
    [[allow(['s3:GetObject', 'kms:*'])], 'allows every action of `kms:*` on every resource (`*`).'],
  ])('fires for %j', async (statements, says) => {
    const app = withPolicy(statements);
    const findings = await findingsOf('wildcard-grants', { after: { principals: [app] } });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        principal: app.arn,
        message: `Statement \`#1\` of \`app-policy\` ${says}`,
        locations: [app.inlinePolicies[0]!.source],
      }),
    ]);
  });

  it.each([
    ['a service wildcard on one bucket', [allow('s3:*', 'arn:aws:s3:::reports/*')]],
    ['a Deny of everything', [{ Effect: 'Deny', Action: '*', Resource: '*' }]],
    ['a prefix wildcard', [allow('s3:Get*')]],
  ])('does not fire for %s', async (_, statements) => {
    expect(await findingsOf('wildcard-grants', { after: { principals: [withPolicy(statements)] } })).toEqual([]);
  });

  it('does not fire for a resource policy statement that leaves the resource to its own account\'s IAM policies', async () => {
    const keyWith = (principal: object) => ({
      arn: 'arn:aws:kms:eu-west-1:111111111111:key/k1', type: 'AWS::KMS::Key', name: 'k1', accountId: '111111111111', tags: {},
      policy: policy('arn:aws:kms:eu-west-1:111111111111:key/k1#policy', 'resource', [{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }]),
    });
    expect(await findingsOf('wildcard-grants', { after: { resources: [keyWith({ AWS: 'arn:aws:iam::111111111111:root' })] } })).toEqual([]);
    expect(await findingsOf('wildcard-grants', { after: { resources: [keyWith({ AWS: ['111111111111'] })] } })).toEqual([]);
    expect(await findingsOf('wildcard-grants', { after: { resources: [keyWith({ AWS: 'arn:aws:iam::222222222222:root' })] } })).toHaveLength(1);
    expect(await findingsOf('wildcard-grants', { after: { resources: [keyWith({ AWS: ['arn:aws:iam::111111111111:root', roleArn('ops')] })] } })).toHaveLength(1);
  });

  it('does not fire for trust policies or for policies the change leaves as they were', async () => {
    expect(await findingsOf('wildcard-grants', { after: { principals: [withPolicy([{ Effect: 'Allow', Principal: '*', Action: '*' }], 'trust')] } })).toEqual([]);
    const app = withPolicy([allow('*')]);
    expect(await findingsOf('wildcard-grants', { before: { principals: [app] }, after: { principals: [app] } })).toEqual([]);
  });
});

describe('wildcard-grants on an AWS managed policy', () => {
  const S3_FULL = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
  const says = 'is given the AWS managed policy `AmazonS3FullAccess`, whose statement `#1` allows every action of `s3:*`, `s3-object-lambda:*` on every resource (`*`).';

  it('fires when the change attaches it, at the principal, also when another principal already had it', async () => {
    const app = role('app', { managedPolicyArns: [S3_FULL] });
    const findings = await findingsOf('wildcard-grants', { after: { principals: [app] } });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', principal: app.arn, message: `\`role/app\` ${says}`, locations: [app.source] })]);
    const other = role('other', { managedPolicyArns: [S3_FULL] });
    const again = await findingsOf('wildcard-grants', { before: { principals: [other] }, after: { principals: [other, app] } });
    expect(again).toEqual([expect.objectContaining({ principal: app.arn, message: `\`role/app\` ${says}` })]);
  });

  it('fires for a group, and not for a principal that already had it', async () => {
    const group = { arn: 'arn:aws:iam::111111111111:group/data', name: 'data', path: '/', accountId: '111111111111', inlinePolicies: [], managedPolicyArns: [S3_FULL] };
    expect(await findingsOf('wildcard-grants', { after: { groups: [group] } })).toEqual([expect.objectContaining({ principal: group.arn, message: `\`group/data\` ${says}` })]);
    const app = role('app', { managedPolicyArns: [S3_FULL] });
    const widened = { ...app, inlinePolicies: [policy(`${app.arn}#inline/extra`, 'inline', [allow('s3:GetObject', 'arn:aws:s3:::reports/*')])] };
    expect(await findingsOf('wildcard-grants', { before: { principals: [app] }, after: { principals: [widened] } })).toEqual([]);
  });
});

describe('unknown-actions', () => {
  it('fires for a typo in an Allow as a warning, with a suggestion', async () => {
    const app = withPolicy([allow('s3:GetObjects')]);
    const findings = await findingsOf('unknown-actions', { after: { principals: [app] } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', principal: app.arn, locations: [app.inlinePolicies[0]!.source] });
    expect(findings[0]!.message).toContain('s3:GetObjects');
    expect(findings[0]!.remediation).toBe('Did you mean `s3:GetObject`? Correct the action name.');
  });

  it('fires for a typo in a Deny with the deny severity', async () => {
    const app = withPolicy([allow('s3:*', 'arn:aws:s3:::b/*'), { Effect: 'Deny', Action: 's3:DeleteObjekt', Resource: '*' }]);
    const findings = await findingsOf('unknown-actions', { after: { principals: [app] } });
    expect(findings.map((f) => f.severity)).toEqual(['error']);
    const lenient = await findingsOf('unknown-actions', { after: { principals: [app] }, config: { rules: { 'unknown-actions': { denySeverity: 'notice' } } } });
    expect(lenient.map((f) => f.severity)).toEqual(['notice']);
  });

  it('does not fire for the actions of retired services that AWS managed policies still name', async () => {
    // ReadOnlyAccess lists deepcomposer and iot1click actions, which the action catalog no longer holds.
    const auditor = role('auditor', { managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    expect(await findingsOf('unknown-actions', { after: { principals: [auditor] } })).toEqual([]);
    expect(await findingsOf('unknown-actions', { after: { principals: [withPolicy([allow('deepcomposer:GetModel')])] } })).toHaveLength(1);
  });

  it('does not fire for real actions or unchanged policies', async () => {
    expect(await findingsOf('unknown-actions', { after: { principals: [withPolicy([allow(['s3:GetObject', 'kms:Decrypt', 'dynamodb:Get*'])])] } })).toEqual([]);
    const typo = withPolicy([allow('s3:GetObjects')]);
    expect(await findingsOf('unknown-actions', { before: { principals: [typo] }, after: { principals: [typo] } })).toEqual([]);
  });
});

describe('unknown-access', () => {
  const data = bucket('data');
  const unknownPolicy = {
    address: 'aws_s3_bucket_policy.data',
    attribute: 'policy',
    reason: 'known after apply',
    subject: data.arn,
    source: { file: 'main.tf', line: 88 },
  };

  it('fires for a value the plan knows only after apply', async () => {
    const findings = await findingsOf('unknown-access', { after: { resources: [data], unknowns: [unknownPolicy] } });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        resource: data.arn,
        message:
          '`aws_s3_bucket_policy.data.policy` leaves access of `arn:aws:s3:::data` undecided: known after apply.',
        locations: [{ file: 'main.tf', line: 88 }],
      }),
    ]);
  });

  it('names the principal when the unknown value is a principal\'s', async () => {
    const app = role('app');
    const findings = await findingsOf('unknown-access', {
      after: { principals: [app], unknowns: [{ ...unknownPolicy, address: 'aws_iam_role_policy.app', subject: app.arn }] },
    });
    expect(findings[0]).toMatchObject({ principal: app.arn });
    expect(findings[0]!.resource).toBeUndefined();
  });

  it('fires for a grant that depends on an unknown value', async () => {
    const findings = await findingsOf('unknown-access', { after: { resources: [data] }, afterGrants: [grant(roleArn('app'), data.arn, 'read-data', { unknown: true })] });
    expect(findings.map((f) => f.message)).toEqual(['`role/app` gains read-data on bucket `data` depending on a value known only after apply.']);
  });

  it('does not fire for unknowns that were already there or known grants', async () => {
    const findings = await findingsOf('unknown-access', {
      before: { unknowns: [unknownPolicy] },
      after: { resources: [data], unknowns: [unknownPolicy] },
      afterGrants: [grant(roleArn('app'), data.arn, 'read-data')],
    });
    expect(findings).toEqual([]);
  });
});
