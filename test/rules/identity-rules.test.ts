/** The rules that read principals' identity policies: new-administrators (`*:*`) and privilege-escalation. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/model/inventory.js';
import { allow, findingsOf, policy, role, trust, user } from './scenario.js';

const ADMIN_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** A change that creates (or changes) `after`, with `before` as it was. */
const change = (after: Principal[], before: Principal[] = []) => ({ before: { principals: before }, after: { principals: after } });

describe('new-administrators: every action on every resource', () => {
  it('fires when a role gets AdministratorAccess, pointing at the role', async () => {
    const ops = role('ops', { managedPolicyArns: [ADMIN_ACCESS] });
    const findings = await findingsOf('new-administrators', change([ops], [role('ops')]));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        principal: ops.arn,
        message: '`role/ops` becomes an administrator: its policies allow every action on every resource (`*:*`).',
        locations: [ops.source],
      }),
    ]);
  });

  it('fires for an inline `*` on `*`, at the statement', async () => {
    const ops = role('ops', { statements: [allow('*')] });
    const findings = await findingsOf('new-administrators', change([ops]));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.locations).toEqual([ops.inlinePolicies[0]!.source]);
  });

  it('does not fire for an existing administrator, a conditional grant or a limiting boundary', async () => {
    const admin = role('admin', { managedPolicyArns: [ADMIN_ACCESS] });
    const changedAdmin = { ...admin, inlinePolicies: [policy(`${admin.arn}#inline/x`, 'inline', [allow('s3:GetObject')])] };
    expect(await findingsOf('new-administrators', change([changedAdmin], [admin]))).toEqual([]);

    const mfaOnly = role('ops', { statements: [allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })] });
    expect(await findingsOf('new-administrators', change([mfaOnly]))).toEqual([]);

    const boundaryArn = 'arn:aws:iam::111111111111:policy/developer-boundary';
    const bounded = role('ops', { managedPolicyArns: [ADMIN_ACCESS], permissionsBoundaryArn: boundaryArn });
    const boundary = { arn: boundaryArn, name: 'developer-boundary', awsManaged: false, policy: policy(boundaryArn, 'managed', [allow(['s3:*', 'logs:*'])]) };
    expect(await findingsOf('new-administrators', { after: { principals: [bounded], managedPolicies: [boundary] } })).toEqual([]);
  });
});

describe('privilege-escalation', () => {
  it('fires with the path named when a role gains iam:PassRole and ec2:RunInstances', async () => {
    const builder = role('builder', { statements: [allow(['iam:PassRole', 'ec2:RunInstances', 's3:GetObject'])] });
    const findings = await findingsOf('privilege-escalation', change([builder], [role('builder')]));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        principal: builder.arn,
        message:
          '`role/builder` gains a privilege-escalation path: `iam:PassRole + ec2:RunInstances` (run an EC2 instance with a more privileged role and act as that role).',
        locations: [builder.inlinePolicies[0]!.source],
      }),
    ]);
  });

  it('does not fire for half a path, a path it already had, or a path an unconditional Deny closes', async () => {
    const half = role('builder', { statements: [allow('ec2:RunInstances')] });
    expect(await findingsOf('privilege-escalation', change([half]))).toEqual([]);

    const before = role('builder', { statements: [allow(['iam:PassRole', 'ec2:RunInstances'])] });
    const after = role('builder', { statements: [allow(['iam:PassRole', 'ec2:RunInstances', 's3:GetObject'])] });
    expect(await findingsOf('privilege-escalation', change([after], [before]))).toEqual([]);

    const denied = role('builder', {
      statements: [allow(['iam:PassRole', 'ec2:RunInstances']), { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }],
    });
    expect(await findingsOf('privilege-escalation', change([denied]))).toEqual([]);
  });

  it('needs iam:PassRole on a role other than its own', async () => {
    const own = role('builder', { statements: [allow('ec2:RunInstances'), allow('iam:PassRole', 'arn:aws:iam::111111111111:role/builder')] });
    expect(await findingsOf('privilege-escalation', change([own]))).toEqual([]);
    const others = role('builder', { statements: [allow('ec2:RunInstances'), allow('iam:PassRole', 'arn:aws:iam::111111111111:role/app-*')] });
    expect(await findingsOf('privilege-escalation', change([others]))).toHaveLength(1);
  });

  it('fires for credentials of other users, not for its own', async () => {
    const self = user('alice', { statements: [allow(['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], 'arn:aws:iam::111111111111:user/${aws:username}')] });
    expect(await findingsOf('privilege-escalation', change([self]))).toEqual([]);
    const helpdesk = user('helpdesk', { statements: [allow('iam:UpdateLoginProfile', 'arn:aws:iam::111111111111:user/*')] });
    const findings = await findingsOf('privilege-escalation', change([helpdesk]));
    expect(findings.map((f) => f.message)).toEqual([
      "`user/helpdesk` gains a privilege-escalation path: `iam:UpdateLoginProfile` (change another user's console password and sign in as them).",
    ]);
  });

  it('counts every path that iam:* opens and lists them', async () => {
    const iamAdmin = role('iam-admin', { statements: [allow(['iam:*', 'sts:AssumeRole'])] });
    const [finding] = await findingsOf('privilege-escalation', change([iamAdmin]));
    expect(finding!.message).toMatch(/^`role\/iam-admin` gains 13 privilege-escalation paths: `iam:CreatePolicyVersion`; `iam:SetDefaultPolicyVersion`; /);
    expect(finding!.message).toContain('`iam:UpdateAssumeRolePolicy + sts:AssumeRole`');
    expect(finding!.message).not.toContain('ec2:RunInstances');
  });

  it('leaves a principal that becomes a full administrator to new-administrators: no path leads it further', async () => {
    const ops = role('ops', { managedPolicyArns: [ADMIN_ACCESS] });
    expect(await findingsOf('privilege-escalation', change([ops], [role('ops')]))).toEqual([]);
    expect(await findingsOf('new-administrators', change([ops], [role('ops')]))).toHaveLength(1);
    // A boundary that keeps it from being an administrator leaves the paths it allows to this rule.
    const boundaryArn = 'arn:aws:iam::111111111111:policy/no-iam';
    const boundary = { arn: boundaryArn, name: 'no-iam', awsManaged: false, policy: policy(boundaryArn, 'managed', [{ Effect: 'Allow', NotAction: 'organizations:*', Resource: '*' }]) };
    const bounded = role('ops', { managedPolicyArns: [ADMIN_ACCESS], permissionsBoundaryArn: boundaryArn });
    expect(await findingsOf('privilege-escalation', { before: { principals: [role('ops')], managedPolicies: [boundary] }, after: { principals: [bounded], managedPolicies: [boundary] } })).toHaveLength(1);
  });

  it('respects a permissions boundary that excludes IAM', async () => {
    const boundaryArn = 'arn:aws:iam::111111111111:policy/no-iam';
    const boundary = { arn: boundaryArn, name: 'no-iam', awsManaged: false, policy: policy(boundaryArn, 'managed', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]) };
    const bounded = role('builder', { statements: [allow(['iam:PassRole', 'ec2:RunInstances'])], permissionsBoundaryArn: boundaryArn });
    expect(await findingsOf('privilege-escalation', { after: { principals: [bounded], managedPolicies: [boundary] } })).toEqual([]);
  });

  it('fires for lambda:UpdateFunctionCode on a function whose role is more privileged', async () => {
    const functionRole = role('payments-fn', { trustPolicy: trust({ Service: 'lambda.amazonaws.com' }), statements: [allow('dynamodb:*')] });
    const payments = { id: 'aws_lambda_function.payments', kind: 'lambda' as const, name: 'payments', roleArn: functionRole.arn };
    const deployer = role('deployer', { statements: [allow('lambda:UpdateFunctionCode', 'arn:aws:lambda:eu-west-1:111111111111:function:payments')] });
    const findings = await findingsOf('privilege-escalation', { after: { principals: [functionRole, deployer], workloads: [payments] } });
    expect(findings.map((f) => f.principal)).toEqual([deployer.arn]);
    expect(findings[0]!.message).toContain('`lambda:UpdateFunctionCode` (replace the code of a function whose role is more privileged');

    const weakRole = { ...functionRole, inlinePolicies: [] };
    expect(await findingsOf('privilege-escalation', { after: { principals: [weakRole, deployer], workloads: [payments] } })).toEqual([]);
    const elsewhere = role('deployer', { statements: [allow('lambda:UpdateFunctionCode', 'arn:aws:lambda:*:111111111111:function:reports')] });
    expect(await findingsOf('privilege-escalation', { after: { principals: [functionRole, elsewhere], workloads: [payments] } })).toEqual([]);
  });
});
