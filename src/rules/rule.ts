import type { Finding, Severity } from '../model/review.js';
import type { RuleId, RulesConfig } from './config.js';
import type { RuleContext } from './context.js';

/** What a rule reports; the engine adds the rule id, the configured severity and waivers. */
export type RuleFinding = Omit<Finding, 'rule' | 'severity' | 'waiver'> & {
  /** Only when the rule's options choose another severity than the rule's (e.g. `denySeverity`). */
  severity?: Severity;
};

export interface Rule<Id extends RuleId = RuleId> {
  id: Id;
  evaluate(context: RuleContext, options: RulesConfig[Id]): RuleFinding[];
}
