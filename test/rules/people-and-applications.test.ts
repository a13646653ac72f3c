import { describe, expect, it } from 'vitest';
import type { Workload } from '../../src/model/inventory.js';
import { allow, findingsOf, policy, role, roleArn, trust, user } from './scenario.js';

const SAML = 'arn:aws:iam::111111111111:saml-provider/okta';
const lambda = trust({ Service: 'lambda.amazonaws.com' });
const workload = (name: string, roleName: string, kind: Workload['kind'] = 'lambda'): Workload => ({
  id: `aws_${kind === 'lambda' ? 'lambda_function' : 'ecs_task_definition'}.${name}`,
  kind,
  name,
  roleArn: roleArn(roleName),
  source: { file: 'apps.tf', line: name.length },
});

describe('people-and-applications: application roles people can assume', () => {
  it('fires for an application role that trusts SAML federation', async () => {
    const app = role('payments', {
      trustPolicy: policy('payments#trust', 'trust', [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Federated: SAML }, Action: 'sts:AssumeRoleWithSAML' },
      ]),
    });
    const findings = await findingsOf('people-and-applications', { after: { principals: [app] } });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        principal: app.arn,
        message:
          'Application role `role/payments` can be assumed by people: `SAML federation through saml-provider/okta`. They can act as the application, with its access.',
        locations: [app.trustPolicy!.source],
      }),
    ]);
  });

  it('fires for a workload role that IAM users, Identity Center and job-function roles can assume', async () => {
    const app = role('reports', {
      trustPolicy: trust({
        AWS: [
          'arn:aws:iam::111111111111:user/alice',
          'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123',
          roleArn('database-eng'),
          roleArn('ci'),
        ],
      }),
    });
    const findings = await findingsOf('people-and-applications', { after: { principals: [app], workloads: [workload('reports', 'reports')] } });
    expect(findings.map((f) => f.message)).toEqual([
      'Application role `role/reports` can be assumed by people: `IAM user user/alice`, `Identity Center role role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123`, `people role role/database-eng`. They can act as the application, with its access.',
    ]);
  });

  it('reads job-function role names from the configuration', async () => {
    const app = role('reports', { trustPolicy: trust({ AWS: [roleArn('finance-analyst')], Service: 'ecs-tasks.amazonaws.com' }) });
    expect(await findingsOf('people-and-applications', { after: { principals: [app] } })).toEqual([]);
    const findings = await findingsOf('people-and-applications', {
      after: { principals: [app] },
      config: { rules: { 'people-and-applications': { peopleRoles: ['*-Analyst'] } } },
    });
    expect(findings).toHaveLength(1);
  });

  it('does not fire for application roles only services or other applications assume, or for people roles', async () => {
    const app = role('payments', { trustPolicy: trust({ Service: 'lambda.amazonaws.com', AWS: roleArn('ci') }) });
    const people = role('admin', { trustPolicy: trust({ Federated: SAML }, 'sts:AssumeRoleWithSAML') });
    expect(await findingsOf('people-and-applications', { after: { principals: [app, people] } })).toEqual([]);
  });
});

describe('people-and-applications: orchestrator roles', () => {
  it('fires for an ECS task running as the container instances\' role', async () => {
    const instances = role('ecs-instances', { trustPolicy: trust({ Service: 'ec2.amazonaws.com' }) });
    const profile = { arn: 'arn:aws:iam::111111111111:instance-profile/ecs', name: 'ecs', roleArns: [instances.arn] };
    const task = workload('billing', 'ecs-instances', 'ecs-task');
    const findings = await findingsOf('people-and-applications', { after: { principals: [instances], instanceProfiles: [profile], workloads: [task] } });
    expect(findings).toEqual([
      expect.objectContaining({
        principal: instances.arn,
        message:
          'ECS task `billing` runs as `role/ecs-instances`, which is the role of an EC2 instance profile (container instances) and trusted by ec2.amazonaws.com: the application gets its orchestrator\'s access.',
        locations: [task.source],
      }),
    ]);
  });

  it('fires for an ECS task running as its execution role, not for one with its own task role', async () => {
    const execution = role('ecs-execution');
    const own = role('billing-task');
    const sharedExecution = [workload('billing', 'ecs-execution', 'ecs-task-execution'), workload('billing', 'ecs-execution', 'ecs-task')];
    const findings = await findingsOf('people-and-applications', { after: { principals: [execution], workloads: sharedExecution } });
    expect(findings.map((f) => f.message)).toEqual([
      "ECS task `billing` runs as `role/ecs-execution`, which is a task execution role (the ECS agent pulling images and writing logs): the application gets its orchestrator's access.",
    ]);
    const separate = [workload('billing', 'ecs-execution', 'ecs-task-execution'), workload('billing', 'billing-task', 'ecs-task')];
    expect(await findingsOf('people-and-applications', { after: { principals: [execution, own], workloads: separate } })).toEqual([]);
  });
});

describe('people-and-applications: shared roles and users', () => {
  it('fires for one role shared by several applications', async () => {
    const shared = role('lambda-common', { trustPolicy: lambda });
    const workloads = [workload('payments', 'lambda-common'), workload('refunds', 'lambda-common')];
    const findings = await findingsOf('people-and-applications', { after: { principals: [shared], workloads } });
    expect(findings).toEqual([
      expect.objectContaining({
        principal: shared.arn,
        message: 'Role `role/lambda-common` is shared by 2 applications (`payments`, `refunds`): each holds the access of all of them.',
        locations: workloads.map((w) => w.source),
      }),
    ]);
  });

  it('does not fire for one application per role, or when the change touches neither role nor applications', async () => {
    const roles = [role('payments', { trustPolicy: lambda }), role('refunds', { trustPolicy: lambda })];
    const own = [workload('payments', 'payments'), workload('refunds', 'refunds')];
    expect(await findingsOf('people-and-applications', { after: { principals: roles, workloads: own } })).toEqual([]);
    const shared = role('lambda-common', { trustPolicy: lambda });
    const workloads = [workload('payments', 'lambda-common'), workload('refunds', 'lambda-common')];
    const same = { principals: [shared], workloads };
    expect(await findingsOf('people-and-applications', { before: same, after: same })).toEqual([]);
  });

  it('fires for an IAM user with policies attached directly, not for one in a group only', async () => {
    const alice = user('alice', { statements: [allow('s3:GetObject')], managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    const bob = user('bob', { groupArns: ['arn:aws:iam::111111111111:group/readers'] });
    const findings = await findingsOf('people-and-applications', { after: { principals: [alice, bob] } });
    expect(findings).toEqual([
      expect.objectContaining({
        principal: alice.arn,
        message: 'IAM user `user/alice` has policies attached directly (`alice-policy`, `policy/ReadOnlyAccess`).',
        locations: [alice.inlinePolicies[0]!.source, alice.source],
      }),
    ]);
  });
});
