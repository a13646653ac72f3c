/**
 * `privilege-escalation`: a principal gains a known way to give itself more access than its
 * policies grant (the paths documented by Rhino Security Labs and others). Each path is a set
 * of actions its identity policies must allow; some also need a target other than itself.
 */
import type { Catalog } from '../iam/catalog.js';
import type { Principal } from '../model/inventory.js';
import { principalStatementLocations, type IdentityPolicies, type RuleContext, type Side } from './context.js';
import { principalLabel, quote } from './labels.js';
import { allowingStatements, everyActionStatements } from './permissions.js';
import type { Rule, RuleFinding } from './rule.js';
import { globOf, type PolicyStatement } from './statements.js';

interface EscalationPath {
  /** The actions, as people name the path: `iam:PassRole + ec2:RunInstances`. */
  name: string;
  /** What it lets the principal do. */
  effect: string;
  /** The statements that open the path, or undefined when it is closed. */
  find(identity: IdentityPolicies, context: RuleContext, side: Side): PolicyStatement[] | undefined;
}

/** All the actions on any resource. */
function actionsPath(actions: string[], effect: string): EscalationPath {
  return {
    name: actions.join(' + '),
    effect,
    find: (identity) => allAllowed(actions.map((action) => allowingStatements(identity, action))),
  };
}

/** `iam:PassRole` on a role other than its own, and the actions that hand the role to a service. */
function passRolePath(actions: string[], service: string): EscalationPath {
  return {
    name: ['iam:PassRole', ...actions].join(' + '),
    effect: `run ${service} with a more privileged role and act as that role`,
    find: (identity) =>
      allAllowed([
        onOthers(identity, allowingStatements(identity, 'iam:PassRole'), 'role'),
        ...actions.map((action) => allowingStatements(identity, action)),
      ]),
  };
}

/** An action on IAM users other than itself (new credentials for someone else). */
function otherUsersPath(action: string, effect: string): EscalationPath {
  return {
    name: action,
    effect,
    find: (identity) => allAllowed([onOthers(identity, allowingStatements(identity, action), 'user')]),
  };
}

const UPDATE_FUNCTION_CODE: EscalationPath = {
  name: 'lambda:UpdateFunctionCode',
  effect: 'replace the code of a function whose role is more privileged, and act as that role',
  find(identity, context, side) {
    const found: PolicyStatement[] = [];
    for (const workload of context.inventory(side).workloads) {
      if (workload.kind !== 'lambda' || workload.roleArn === identity.principal.arn) continue;
      const role = context.principal(workload.roleArn, side);
      if (!role || !morePrivileged(context.identity(role, side), identity, context.input.catalog)) continue;
      const functionArn = `arn:aws:lambda:*:${role.accountId || '*'}:function:${workload.name}`;
      found.push(...allowingStatements(identity, 'lambda:UpdateFunctionCode', functionArn));
    }
    return found.length > 0 ? found : undefined;
  },
};

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  actionsPath(['iam:CreatePolicyVersion'], 'write a new default version of a managed policy, with any permissions'),
  actionsPath(['iam:SetDefaultPolicyVersion'], 'make an older, broader version of a managed policy the default'),
  actionsPath(['iam:AttachUserPolicy'], 'attach any managed policy, such as AdministratorAccess, to a user'),
  actionsPath(['iam:AttachGroupPolicy'], 'attach any managed policy to a group'),
  actionsPath(['iam:AttachRolePolicy'], 'attach any managed policy to a role'),
  actionsPath(['iam:PutUserPolicy'], 'write an inline policy with any permissions on a user'),
  actionsPath(['iam:PutGroupPolicy'], 'write an inline policy with any permissions on a group'),
  actionsPath(['iam:PutRolePolicy'], 'write an inline policy with any permissions on a role'),
  actionsPath(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], 'make any role trust it, then assume that role'),
  otherUsersPath('iam:CreateAccessKey', 'create access keys for another user and act as them'),
  otherUsersPath('iam:CreateLoginProfile', 'set a console password for another user and sign in as them'),
  otherUsersPath('iam:UpdateLoginProfile', "change another user's console password and sign in as them"),
  actionsPath(['iam:AddUserToGroup'], 'add a user to a more privileged group'),
  passRolePath(['lambda:CreateFunction', 'lambda:InvokeFunction'], 'a Lambda function'),
  passRolePath(['ec2:RunInstances'], 'an EC2 instance'),
  passRolePath(['ecs:RunTask'], 'an ECS task'),
  passRolePath(['glue:CreateDevEndpoint'], 'a Glue development endpoint'),
  passRolePath(['cloudformation:CreateStack'], 'a CloudFormation stack'),
  passRolePath(['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'], 'a Data Pipeline'),
  UPDATE_FUNCTION_CODE,
];

/** More paths than this in one finding are named without their explanations. */
const EXPLAINED_PATHS = 3;

export const privilegeEscalation: Rule<'privilege-escalation'> = {
  id: 'privilege-escalation',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    for (const principal of context.changedPrincipals()) {
      // An administrator has nothing more to reach; new-administrators reports the change.
      if (everyActionStatements(context.identity(principal, 'after')).length > 0) continue;
      const after = openPaths(context, principal, 'after');
      const old = context.principal(principal.arn, 'before');
      const before = old ? openPaths(context, old, 'before') : new Map<EscalationPath, PolicyStatement[]>();
      const gained = [...after].filter(([path]) => !before.has(path));
      if (gained.length === 0) continue;
      const names = gained.map(([path]) =>
        gained.length <= EXPLAINED_PATHS ? `${quote(path.name)} (${path.effect})` : quote(path.name),
      );
      findings.push({
        message: `${quote(principalLabel(principal.arn, principal.type))} gains ${gained.length === 1 ? 'a privilege-escalation path' : `${gained.length} privilege-escalation paths`}: ${names.join('; ')}.`,
        remediation:
          'Narrow the actions to what the principal needs and scope their resources (e.g. iam:PassRole to the one role it hands to a service); if it administers IAM, add a waiver with the approver.',
        principal: principal.arn,
        locations: principalStatementLocations(principal, gained.flatMap(([, statements]) => statements)),
      });
    }
    return findings;
  },
};

function openPaths(context: RuleContext, principal: Principal, side: Side): Map<EscalationPath, PolicyStatement[]> {
  const identity = context.identity(principal, side);
  const open = new Map<EscalationPath, PolicyStatement[]>();
  if (identity.statements.length === 0) return open;
  for (const path of ESCALATION_PATHS) {
    const statements = path.find(identity, context, side);
    if (statements) open.set(path, statements);
  }
  return open;
}

/** The union of the statements when every action has some, else undefined. */
function allAllowed(perAction: readonly PolicyStatement[][]): PolicyStatement[] | undefined {
  return perAction.every((statements) => statements.length > 0) ? [...new Set(perAction.flat())] : undefined;
}

/**
 * The statements whose resources reach a user or role other than the principal itself (not
 * only its own ARN or `${aws:username}`).
 */
function onOthers(identity: IdentityPolicies, statements: PolicyStatement[], kind: 'user' | 'role'): PolicyStatement[] {
  const own = identity.principal.arn;
  const anyOfKind = globOf(`arn:aws:iam::*:${kind}/*`, false);
  return statements.filter((s) => {
    if (!s.resources) return true;
    return s.resources.some((p) => p !== own && !p.includes('${aws:username}') && globOf(p, false).intersects(anyOfKind));
  });
}

const actionSets = new WeakMap<IdentityPolicies, Set<string>>();

/** The actions (lower case) that the identity's Allow statements name, expanded through the catalog. */
function allowedActionNames(identity: IdentityPolicies, catalog: Catalog): Set<string> {
  let names = actionSets.get(identity);
  if (!names) {
    names = new Set<string>();
    for (const statement of identity.statements) {
      if (statement.effect !== 'Allow') continue;
      const actions = statement.actions
        ? statement.actions.flatMap((pattern) => catalog.expand(pattern))
        : catalog.complement(statement.notActions ?? []);
      for (const action of actions) names.add(action.name.toLowerCase());
    }
    actionSets.set(identity, names);
  }
  return names;
}

/** Can `role` do something `than` cannot (by the actions their policies name)? */
function morePrivileged(role: IdentityPolicies, than: IdentityPolicies, catalog: Catalog): boolean {
  const mine = allowedActionNames(than, catalog);
  for (const action of allowedActionNames(role, catalog)) if (!mine.has(action)) return true;
  return false;
}
