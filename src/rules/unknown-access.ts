/**
 * `unknown-access`: access that the inputs leave undecided: a policy, principal or resource
 * whose value is only known after apply, a policy the inputs do not hold (an AWS managed policy
 * attached by ARN without an account inventory), or a grant that depends on one. It cannot be
 * reviewed now, so it is reported rather than assumed absent.
 */
import { unknownIdentity } from '../model/inventory.js';
import { grantLocations, optional } from './context.js';
import { principalLabel, quote } from './labels.js';
import type { Rule, RuleFinding } from './rule.js';

export const unknownAccess: Rule<'unknown-access'> = {
  id: 'unknown-access',
  evaluate(context) {
    const known = new Set(context.input.unknowns.before.map(unknownIdentity));
    const fresh = context.input.unknowns.after.filter((u) => !known.has(unknownIdentity(u)));
    const subjects = new Set(fresh.map((u) => u.subject).filter((s) => s !== undefined));

    const findings: RuleFinding[] = fresh.map((unknown) => {
      const isPrincipal = unknown.subject !== undefined && context.principal(unknown.subject) !== undefined;
      const subject = unknown.subject ? ` of ${quote(unknown.subject)}` : '';
      return {
        message: `${quote(`${unknown.address}.${unknown.attribute}`)} leaves access${subject} undecided: ${unknown.reason}.`,
        remediation:
          unknown.remediation ??
          'Make the value known at plan time (e.g. build ARNs from names instead of reading them from resources of the same apply), give the inputs the policy (an account inventory holds the AWS managed policies in use), or review again after a first apply.',
        ...(unknown.subject === undefined ? {} : isPrincipal ? { principal: unknown.subject } : { resource: unknown.subject }),
        locations: optional(unknown.source),
      };
    });
    for (const grant of context.gained) {
      if (!grant.unknown || subjects.has(grant.principal) || subjects.has(grant.resource)) continue;
      findings.push({
        message: `${quote(principalLabel(grant.principal, grant.principalType))} gains ${grant.capability} on ${context.describeResource(grant.resource)} depending on a value known only after apply.`,
        remediation: 'Make the value known at plan time, or review the plan again after a first apply.',
        resource: grant.resource,
        principal: grant.principal,
        locations: grantLocations([grant]),
      });
    }
    return findings;
  },
};
