import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import { fixture, inlineNames, principal } from './helpers.js';

const A = '222222222222';
const { before, after } = readTerraformPlan(fixture('iam.tfplan.json'));

describe('Terraform plan reader: IAM resources', () => {
  it('learns the account from the ARNs in the plan', () => {
    expect(after.accountId).toBe(A);
    expect(before.accountId).toBe(A);
  });

  it('reads users with path, boundary and tags (tags_all)', () => {
    const alice = principal(after, 'alice');
    expect(alice).toMatchObject({
      arn: `arn:aws:iam::${A}:user/people/alice`,
      type: 'IAMUser',
      path: '/people/',
      accountId: A,
      permissionsBoundaryArn: `arn:aws:iam::${A}:policy/boundaries/people`,
      tags: { Team: 'payments', Environment: 'prod' },
    });
    expect(alice.source).toEqual({ file: 'iam.tfplan.json', address: 'aws_iam_user.alice' });
  });

  it('builds the ARN of a user created by the plan from its path and name', () => {
    expect(principal(after, 'bob').arn).toBe(`arn:aws:iam::${A}:user/people/bob`);
    expect(after.unknowns.filter((u) => u.address === 'aws_iam_user.bob')).toEqual([]);
    expect(before.principals.map((p) => p.name)).not.toContain('bob');
  });

  it('reads inline user policies on each side, and drops a deleted one from the after side', () => {
    expect(inlineNames(principal(before, 'alice'))).toEqual(['legacy', 'reports']);
    expect(inlineNames(principal(after, 'alice'))).toEqual(['reports']);
    const reports = principal(after, 'alice').inlinePolicies.find((p) => p.name === 'reports')!;
    expect(reports).toMatchObject({
      id: `arn:aws:iam::${A}:user/people/alice#inline/reports`,
      kind: 'inline',
      source: { address: 'aws_iam_user_policy.alice_reports' },
    });
    expect(reports.document).toMatchObject({ Statement: [{ Action: ['s3:GetObject', 's3:ListBucket'] }] });
  });

  it('attaches managed policies to users, groups and roles', () => {
    expect(principal(after, 'alice').managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    const auditors = after.groups.find((g) => g.name === 'auditors')!;
    expect(auditors).toMatchObject({ arn: `arn:aws:iam::${A}:group/audit/auditors`, managedPolicyArns: ['arn:aws:iam::aws:policy/SecurityAudit'] });
    const developers = after.groups.find((g) => g.name === 'developers')!;
    expect(developers.managedPolicyArns).toEqual([`arn:aws:iam::${A}:policy/ci/deploy`]);
    expect(inlineNames(developers)).toEqual(['logs']);
  });

  it('reads group memberships from both membership resources', () => {
    const developers = `arn:aws:iam::${A}:group/developers`;
    const auditors = `arn:aws:iam::${A}:group/audit/auditors`;
    expect(principal(before, 'alice').groupArns).toEqual([developers]);
    expect(principal(after, 'bob').groupArns.sort()).toEqual([auditors, developers].sort());
  });

  it('reads customer managed policies with their document, one version per side', () => {
    const deploy = (side: typeof after) => side.managedPolicies.find((p) => p.name === 'deploy')!;
    expect(deploy(after)).toMatchObject({ arn: `arn:aws:iam::${A}:policy/ci/deploy`, awsManaged: false, policy: { kind: 'managed', id: `arn:aws:iam::${A}:policy/ci/deploy` } });
    expect(JSON.stringify(deploy(before).policy.document)).not.toContain('DeleteStack');
    expect(JSON.stringify(deploy(after).policy.document)).toContain('DeleteStack');
    expect(after.managedPolicies.find((p) => p.name === 'queue-writer')?.arn).toBe(`arn:aws:iam::${A}:policy/queue-writer`);
  });

  it('keeps a role\'s configured inline_policy and managed_policy_arns, with separate attachments', () => {
    const app = principal(after, 'app');
    expect(inlineNames(app)).toEqual(['orders']);
    expect(app.managedPolicyArns.sort()).toEqual([`arn:aws:iam::${A}:policy/ci/deploy`, 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy']);
    expect(app.trustPolicy).toMatchObject({ id: `arn:aws:iam::${A}:role/app#trust`, kind: 'trust', document: { Statement: [{ Principal: { Service: 'ec2.amazonaws.com' } }] } });
    expect(app.tags).toEqual({ Service: 'orders', Environment: 'prod' });
  });

  it('applies aws_iam_role_policies_exclusive and *_attachments_exclusive on the side where they exist', () => {
    expect(inlineNames(principal(before, 'worker'))).toEqual(['jobs', 'stale']);
    expect(inlineNames(principal(after, 'worker'))).toEqual(['jobs']);
    expect(JSON.stringify(principal(after, 'worker').inlinePolicies[0]!.document)).toContain('sqs:DeleteMessage');
  });

  it('resolves an attachment to a policy created by the same plan from the configuration reference', () => {
    const worker = principal(after, 'worker');
    expect(worker.managedPolicyArns).toContain(`arn:aws:iam::${A}:policy/queue-writer`);
    // The exclusive attachment list is only known after apply: recorded, never silently applied.
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'aws_iam_role_policy_attachments_exclusive.worker', attribute: 'policy_arns', subject: worker.arn }));
  });

  it('reads instance profiles and identity providers', () => {
    expect(after.instanceProfiles).toEqual([
      expect.objectContaining({ arn: `arn:aws:iam::${A}:instance-profile/worker`, name: 'worker', roleArns: [`arn:aws:iam::${A}:role/worker`] }),
    ]);
    expect(after.identityProviders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ arn: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`, type: 'oidc', url: 'token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] }),
        expect.objectContaining({ arn: `arn:aws:iam::${A}:saml-provider/okta`, type: 'saml' }),
      ]),
    );
    expect(before.identityProviders.map((p) => p.type)).toEqual(['saml']);
  });

  it('never copies non-policy attribute values such as the SAML metadata', () => {
    expect(JSON.stringify(after)).not.toContain('EntityDescriptor');
  });
});
