/**
 * `new-administrators`: a principal gains `administer-resource` on an IAM resource (it can
 * change who may do what), or its identity policies come to allow every action on every
 * resource (`*:*`, e.g. `AdministratorAccess`).
 */
import { grantLocations, groupBy, principalStatementLocations, type RuleContext } from './context.js';
import { principalLabel, quote, someQuoted } from './labels.js';
import { everyActionStatements } from './permissions.js';
import type { Rule, RuleFinding } from './rule.js';

export const newAdministrators: Rule<'new-administrators'> = {
  id: 'new-administrators',
  evaluate(context) {
    return [...iamAdministrators(context), ...fullAdministrators(context)];
  },
};

function iamAdministrators(context: RuleContext): RuleFinding[] {
  const gained = context.gained.filter((g) => g.capability === 'administer-resource' && g.resourceType.startsWith('AWS::IAM::'));
  return [...groupBy(gained, (g) => g.principal).values()].map((grants) => {
    const { principal, principalType } = grants[0]!;
    const resources = grants.map((g) => context.resourceName(g.resource));
    return {
      message: `${quote(principalLabel(principal, principalType))} gains administer-resource on IAM ${someQuoted(resources, 5)}: it can change who may do what.`,
      remediation: 'Grant IAM administration only to the roles that manage identities; if this one must, add a waiver with the approver.',
      principal,
      locations: grantLocations(grants),
    };
  });
}

function fullAdministrators(context: RuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const principal of context.changedPrincipals()) {
    const statements = everyActionStatements(context.identity(principal, 'after'));
    if (statements.length === 0) continue;
    const old = context.principal(principal.arn, 'before');
    if (old && everyActionStatements(context.identity(old, 'before')).length > 0) continue;
    findings.push({
      message: `${quote(principalLabel(principal.arn, principal.type))} becomes an administrator: its policies allow every action on every resource (\`*:*\`).`,
      remediation: 'Grant the actions and resources this principal needs instead of `*`; if it must administer the account, add a waiver with the approver.',
      principal: principal.arn,
      locations: principalStatementLocations(principal, statements),
    });
  }
  return findings;
}
