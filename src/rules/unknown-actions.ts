/**
 * `unknown-actions`: an action in a new or changed policy that the inputs write matches nothing
 * in the catalog (`s3:GetObjects`); AWS managed policies are AWS's text, and keep the actions of
 * services AWS has retired. In an Allow it grants nothing; in a Deny, or in the NotAction of an Allow,
 * it silently fails to block or exclude what it names, so those take `denySeverity`.
 */
import { findUnknownActions } from '../iam/action-check.js';
import { optional } from './context.js';
import { quote } from './labels.js';
import type { Rule } from './rule.js';

export const unknownActions: Rule<'unknown-actions'> = {
  id: 'unknown-actions',
  evaluate(context, options) {
    return context.changedPolicies().flatMap((policy) =>
      findUnknownActions(policy, context.input.catalog).map((unknown) => {
        const protective = unknown.effect === 'Deny' || unknown.element === 'NotAction';
        return {
          message: unknown.message,
          remediation: unknown.suggestion
            ? `Did you mean ${quote(unknown.suggestion)}? Correct the action name.`
            : 'Correct the action name (see the Service Authorization Reference) or remove it.',
          ...(protective ? { severity: options.denySeverity } : {}),
          ...context.ownerOf(policy.id),
          locations: optional(unknown.source),
        };
      }),
    );
  },
};
