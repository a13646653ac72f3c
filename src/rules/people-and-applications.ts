/**
 * `people-and-applications`: roles are for people (federated through SAML or IAM Identity
 * Center, or named for a job function) or for applications (assumed by a compute service or
 * used as a workload's identity), and the two must not mix:
 * - an application role that people can assume (they can act as the application);
 * - an application running as its orchestrator's role (an ECS task using the container
 *   instances' or the task execution role);
 * - one role shared by several applications (none of them is least-privileged);
 * - an IAM user with policies attached directly (long-lived credentials with their own access).
 */
import type { Principal, Workload } from '../model/inventory.js';
import { groupBy, optional, refLocations, type RuleContext } from './context.js';
import { arnResourcePart, principalLabel, quote, someQuoted } from './labels.js';
import type { Rule, RuleFinding } from './rule.js';
import { globOf, isObject, statementsOf, strings } from './statements.js';

/** Service principals that run application code under the role they are given. */
export const COMPUTE_SERVICES: ReadonlySet<string> = new Set([
  'apprunner.amazonaws.com',
  'batch.amazonaws.com',
  'build.apprunner.amazonaws.com',
  'codebuild.amazonaws.com',
  'ec2.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'edgelambda.amazonaws.com',
  'elasticmapreduce.amazonaws.com',
  'glue.amazonaws.com',
  'lambda.amazonaws.com',
  'pods.eks.amazonaws.com',
  'sagemaker.amazonaws.com',
  'scheduler.amazonaws.com',
  'states.amazonaws.com',
  'tasks.apprunner.amazonaws.com',
]);

/** Services that orchestrate containers: their roles are not for the application inside. */
const ORCHESTRATOR_SERVICES: ReadonlySet<string> = new Set(['ec2.amazonaws.com', 'ecs.amazonaws.com']);

type Options = { peopleRoles: string[] };

/** Who a role's trust policy lets in, read from its Allow statements. */
interface Trust {
  services: string[];
  /** `Principal.AWS` values: account roots, users, roles. */
  aws: string[];
  /** SAML providers in `Principal.Federated`. */
  samlProviders: string[];
}

export const peopleAndApplications: Rule<'people-and-applications'> = {
  id: 'people-and-applications',
  evaluate(context, options) {
    return [
      ...applicationRolesPeopleAssume(context, options),
      ...orchestratorRoles(context),
      ...sharedRoles(context),
      ...usersWithPolicies(context),
    ];
  },
};

function applicationRolesPeopleAssume(context: RuleContext, options: Options): RuleFinding[] {
  const workloadRoles = new Set(applicationWorkloads(context).map((w) => w.roleArn));
  const candidates = new Map<string, Principal>();
  for (const p of context.changedPrincipals()) candidates.set(p.arn, p);
  for (const w of context.changedWorkloads()) {
    const role = context.principal(w.roleArn);
    if (role) candidates.set(role.arn, role);
  }
  const findings: RuleFinding[] = [];
  for (const role of candidates.values()) {
    if (role.type !== 'IAMRole' || !role.trustPolicy) continue;
    const trust = trustOf(role);
    const isApplication = trust.services.some((s) => COMPUTE_SERVICES.has(s)) || workloadRoles.has(role.arn);
    if (!isApplication) continue;
    const people = peopleIn(trust, options);
    if (people.length === 0) continue;
    findings.push({
      message: `Application role ${quote(label(role))} can be assumed by people: ${someQuoted(people, 5)}. They can act as the application, with its access.`,
      remediation:
        'Remove people from the trust policy of the application role; give people their own role with the access their job needs (or a break-glass role with a waiver).',
      principal: role.arn,
      locations: refLocations(statementsOf(role.trustPolicy).map((s) => s.ref)),
    });
  }
  return findings;
}

function orchestratorRoles(context: RuleContext): RuleFinding[] {
  const after = context.inventory('after');
  const instanceRoles = new Set(after.instanceProfiles.flatMap((profile) => profile.roleArns));
  const executionRoles = new Set(after.workloads.filter((w) => w.kind === 'ecs-task-execution').map((w) => w.roleArn));
  return context
    .changedWorkloads()
    .filter((w) => w.kind === 'ecs-task')
    .flatMap((task) => {
      const role = context.principal(task.roleArn);
      const orchestratorTrust = role?.trustPolicy ? trustOf(role).services.filter((s) => ORCHESTRATOR_SERVICES.has(s)) : [];
      const reasons = [
        ...(instanceRoles.has(task.roleArn) ? ['the role of an EC2 instance profile (container instances)'] : []),
        ...(executionRoles.has(task.roleArn) ? ['a task execution role (the ECS agent pulling images and writing logs)'] : []),
        ...orchestratorTrust.map((s) => `trusted by ${s}`),
      ];
      if (reasons.length === 0) return [];
      return [
        {
          message: `ECS task ${quote(task.name)} runs as ${quote(arnResourcePart(task.roleArn))}, which is ${reasons.join(' and ')}: the application gets its orchestrator's access.`,
          remediation: 'Give the task its own task role (task_role_arn) trusted only by ecs-tasks.amazonaws.com, with only the access the application needs.',
          principal: task.roleArn,
          locations: optional(task.source),
        },
      ];
    });
}

function sharedRoles(context: RuleContext): RuleFinding[] {
  const changedIds = new Set(context.changedWorkloads().map((w) => w.id));
  const changedRoles = new Set(context.changedPrincipals().map((p) => p.arn));
  const findings: RuleFinding[] = [];
  for (const [roleArn, workloads] of groupBy(applicationWorkloads(context), (w) => w.roleArn)) {
    const names = [...new Set(workloads.map((w) => w.name))].sort();
    if (names.length < 2) continue;
    if (!changedRoles.has(roleArn) && !workloads.some((w) => changedIds.has(w.id))) continue;
    findings.push({
      message: `Role ${quote(arnResourcePart(roleArn))} is shared by ${names.length} applications (${someQuoted(names, 5)}): each holds the access of all of them.`,
      remediation: 'Give each application its own role with only the access it needs.',
      principal: roleArn,
      locations: workloads.flatMap((w) => optional(w.source)),
    });
  }
  return findings;
}

function usersWithPolicies(context: RuleContext): RuleFinding[] {
  return context
    .changedPrincipals()
    .filter((p) => p.type === 'IAMUser' && p.inlinePolicies.length + p.managedPolicyArns.length > 0)
    .map((user) => {
      const policies = [...user.inlinePolicies.map((d) => d.name), ...user.managedPolicyArns.map(arnResourcePart)];
      return {
        message: `IAM user ${quote(label(user))} has policies attached directly (${someQuoted(policies, 5)}).`,
        remediation:
          'Let people sign in through federation (IAM Identity Center or SAML) and assume a role; if a user is unavoidable, grant access through a group or a role it assumes.',
        principal: user.arn,
        locations: [...user.inlinePolicies.flatMap((d) => optional(d.source)), ...optional(user.source)],
      };
    });
}

/** Workloads that are applications (an execution role belongs to the ECS agent, not the application). */
function applicationWorkloads(context: RuleContext): Workload[] {
  return context.inventory('after').workloads.filter((w) => w.kind !== 'ecs-task-execution');
}

/** The people a trust policy lets in: SAML federation, IAM users, Identity Center and job-function roles. */
function peopleIn(trust: Trust, options: Options): string[] {
  const people = trust.samlProviders.map((provider) => `SAML federation through ${arnResourcePart(provider)}`);
  for (const arn of trust.aws) {
    if (/:user\//.test(arn)) people.push(`IAM user ${arnResourcePart(arn)}`);
    else if (isIdentityCenterRole(arn)) people.push(`Identity Center role ${arnResourcePart(arn)}`);
    else if (/:role\//.test(arn) && isPeopleRoleName(arn, options)) people.push(`people role ${arnResourcePart(arn)}`);
  }
  return [...new Set(people)];
}

function trustOf(role: Principal): Trust {
  const trust: Trust = { services: [], aws: [], samlProviders: [] };
  for (const statement of statementsOf(role.trustPolicy!)) {
    if (statement.effect !== 'Allow' || !isObject(statement.principal)) continue;
    trust.services.push(...strings(statement.principal.Service));
    trust.aws.push(...strings(statement.principal.AWS));
    trust.samlProviders.push(...strings(statement.principal.Federated).filter((f) => f.includes(':saml-provider/')));
  }
  return trust;
}

function isPeopleRoleName(roleArn: string, options: Options): boolean {
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1).toLowerCase();
  return options.peopleRoles.some((pattern) => globOf(pattern, true).matches(name));
}

/** IAM Identity Center (SSO) roles: `role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_...`. */
function isIdentityCenterRole(roleArn: string): boolean {
  return /:role\/aws-reserved\/sso\.amazonaws\.com\//.test(roleArn) || /:role\/(.*\/)?AWSReservedSSO_/.test(roleArn);
}

function label(principal: Principal): string {
  return principalLabel(principal.arn, principal.type);
}
