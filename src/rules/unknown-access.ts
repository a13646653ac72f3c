/**
 * `unknown-access`: access that is only known after apply: a policy, principal or resource
 * whose value the plan does not know yet, or a grant that depends on one. It cannot be
 * reviewed now, so it is reported rather than assumed absent.
 */
import { grantLocations, optional } from './context.js';
import { principalLabel, quote } from './labels.js';
import type { Rule, RuleFinding } from './rule.js';

export const unknownAccess: Rule<'unknown-access'> = {
  id: 'unknown-access',
  evaluate(context) {
    const key = (u: { address: string; attribute: string }): string => `${u.address}\u0000${u.attribute}`;
    const known = new Set(context.inventory('before').unknowns.map(key));
    const fresh = context.inventory('after').unknowns.filter((u) => !known.has(key(u)));
    const subjects = new Set(fresh.map((u) => u.subject).filter((s) => s !== undefined));

    const findings: RuleFinding[] = fresh.map((unknown) => {
      const isPrincipal = unknown.subject !== undefined && context.principal(unknown.subject) !== undefined;
      const subject = unknown.subject ? ` It decides the access of ${quote(unknown.subject)}.` : '';
      return {
        message: `${quote(`${unknown.address}.${unknown.attribute}`)} is ${unknown.reason}, so the access it grants cannot be reviewed.${subject}`,
        remediation:
          'Write the value in the configuration instead of deriving it from a resource created in the same apply (e.g. build ARNs from names), or review the plan again after a first apply.',
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
