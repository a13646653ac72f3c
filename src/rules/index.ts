/**
 * The built-in least-privilege rules: `evaluateRules` judges a change with the configured
 * rules and applies the waivers.
 */
import type { Finding } from '../model/review.js';
import { RULE_IDS, type RuleId } from './config.js';
import { RuleContext, type RuleInput } from './context.js';
import { externalAccounts } from './external-accounts.js';
import { maxPrincipals } from './max-principals.js';
import { newAdministrators } from './new-administrators.js';
import { peopleAndApplications } from './people-and-applications.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { publicAccess } from './public-access.js';
import type { Rule } from './rule.js';
import { unknownAccess } from './unknown-access.js';
import { unknownActions } from './unknown-actions.js';
import { applyWaivers } from './waivers.js';
import { wildcardGrants } from './wildcard-grants.js';

export { DEFAULT_CONFIG, RULE_IDS, WAIVER_RULE_ID, configJsonSchema, parseConfig, parseConfigYaml } from './config.js';
export type { Config, PrincipalLimit, RuleId, RulesConfig } from './config.js';
export type { RuleInput } from './context.js';

const RULES: { [Id in RuleId]: Rule<Id> } = {
  'max-principals': maxPrincipals,
  'public-access': publicAccess,
  'external-accounts': externalAccounts,
  'new-administrators': newAdministrators,
  'privilege-escalation': privilegeEscalation,
  'unknown-access': unknownAccess,
  'people-and-applications': peopleAndApplications,
  'wildcard-grants': wildcardGrants,
  'unknown-actions': unknownActions,
};

/** The findings of every enabled rule about the change, in rule order, with waivers applied. */
export function evaluateRules(input: RuleInput): Finding[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.today)) throw new Error(`evaluateRules: today must be YYYY-MM-DD, got ${JSON.stringify(input.today)}`);
  const context = new RuleContext(input);
  const findings = RULE_IDS.flatMap((id) => runRule(RULES[id], context));
  return applyWaivers(findings, input.config.waivers, input.today);
}

function runRule<Id extends RuleId>(rule: Rule<Id>, context: RuleContext): Finding[] {
  const options = context.config.rules[rule.id];
  if (!options.enabled) return [];
  return rule.evaluate(context, options).map(({ severity, ...finding }) => ({
    rule: rule.id,
    severity: severity ?? options.severity,
    ...finding,
  }));
}
