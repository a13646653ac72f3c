/**
 * `wildcard-grants`: a new or changed policy allows every action (`Action: "*"`), every action
 * but a few (`NotAction` on `Resource: "*"`), or every action of a service on every resource
 * (`s3:*` on `*`); or the change attaches an AWS managed policy that does.
 */
import { compilePrincipals, type CompiledPrincipals } from '../iam/principals.js';
import { principalStatementLocations, refLocations } from './context.js';
import { arnResourcePart, quote, someQuoted } from './labels.js';
import type { Rule, RuleFinding } from './rule.js';
import { isEveryAction, statementsOf, type PolicyStatement } from './statements.js';

/** Trust, boundary, SCP/RCP and endpoint policies are meant to be broad filters; they are not grants. */
const GRANTING_KINDS = new Set(['inline', 'managed', 'resource', 'session']);

export const wildcardGrants: Rule<'wildcard-grants'> = {
  id: 'wildcard-grants',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    for (const policy of context.changedPolicies()) {
      if (!GRANTING_KINDS.has(policy.kind)) continue;
      const owner = context.ownerOf(policy.id);
      const ownAccount = policy.kind === 'resource' && owner.resource ? context.resource(owner.resource)?.accountId : undefined;
      for (const statement of statementsOf(policy)) {
        const what = wildcardOf(statement);
        if (!what || (ownAccount && onlyNamesAccount(statement, ownAccount))) continue;
        findings.push({
          message: `Statement ${quote(statement.ref.statement)} of ${quote(policy.name)} allows ${what}.`,
          remediation: REMEDIATION,
          ...owner,
          locations: refLocations([statement.ref]),
        });
      }
    }
    for (const { holder, policy } of context.newAwsManagedAttachments()) {
      for (const statement of statementsOf(policy.policy)) {
        const what = wildcardOf(statement);
        if (!what) continue;
        findings.push({
          message: `${quote(arnResourcePart(holder.arn))} is given the AWS managed policy ${quote(policy.name)}, whose statement ${quote(statement.ref.statement)} allows ${what}.`,
          remediation: REMEDIATION,
          principal: holder.arn,
          locations: principalStatementLocations(holder, [statement]),
        });
      }
    }
    return findings;
  },
};

const REMEDIATION = 'List the actions and resources the principal needs; the access review (`access-delta access`) shows what it uses today.';

/**
 * A resource policy statement whose only principal is the resource's own account
 * (`arn:aws:iam::ACCOUNT:root`, as in AWS's default key policy) grants no one anything by itself:
 * it lets the account's IAM policies decide, and those are judged where they grant.
 */
function onlyNamesAccount(statement: PolicyStatement, account: string): boolean {
  let named: CompiledPrincipals;
  try {
    named = compilePrincipals(statement.principal, 'Principal', true, (_element, problem) => {
      throw new Error(problem);
    });
  } catch {
    return false;
  }
  const others = named.arns.length + named.services.length + named.federated.length + named.canonicalUsers.length + named.unknowns.length;
  return !named.wildcard && others === 0 && named.accounts.length > 0 && named.accounts.every((a) => a === account);
}

/** What is too broad about an Allow statement, for people; undefined when nothing is. */
function wildcardOf(statement: PolicyStatement): string | undefined {
  if (statement.effect !== 'Allow') return undefined;
  const onEverything = (statement.resources ?? []).includes('*');
  if (statement.actions?.some(isEveryAction)) return 'every action (`*`)';
  if (statement.notActions && onEverything) return `every action except ${someQuoted(statement.notActions, 5)} on every resource`;
  const services = (statement.actions ?? []).filter((a) => /^[^:*?]+:\*+$/.test(a));
  if (services.length > 0 && onEverything) return `every action of ${someQuoted(services, 5)} on every resource (\`*\`)`;
  return undefined;
}
