/**
 * `public-access`: anyone (`*`) gains access to a resource without a condition that restricts
 * it. As for S3's definition of "public", a condition restricts when it fixes one of the keys
 * that tie a grant to known principals, sources, networks or access points (`isFixingKey`:
 * `aws:SourceIp` to a CIDR other than /0, `aws:SourceVpce`, `aws:SourceArn`,
 * `aws:PrincipalOrgID`, `s3:DataAccessPointAccount`, ...) to values without wildcards.
 */
import { isFixingKey } from '../access/public-access.js';
import type { GrantCondition } from '../model/access.js';
import { grantLocations, groupBy } from './context.js';
import { capabilitiesText } from './labels.js';
import type { Rule } from './rule.js';

export const publicAccess: Rule<'public-access'> = {
  id: 'public-access',
  evaluate(context) {
    const open = context.gained.filter((g) => g.principalType === 'Public' && !g.conditions.some(restricts));
    return [...groupBy(open, (g) => g.resource)].map(([arn, grants]) => ({
      message: `Anyone (\`*\`) gains ${capabilitiesText(grants)} on ${context.describeResource(arn)}, with no condition that restricts who can use it.`,
      remediation:
        'Name the principals that need access, or restrict the statement with a fixed aws:SourceVpce, aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID; if the resource is meant to be public (a website), add a waiver.',
      resource: arn,
      principal: '*',
      locations: grantLocations(grants),
    }));
  },
};

/** Does this condition limit who can use the grant to a fixed network, source or organization? */
export function restricts(condition: GrantCondition): boolean {
  const key = condition.key.toLowerCase();
  if (!isFixingKey(key)) return false;
  const operator = condition.operator.replace(/^For(All|Any)Values:/i, '');
  const ifExists = /IfExists$/i.test(operator);
  const negative = /Not/.test(operator.replace(/IfExists$/i, ''));
  // An Allow needs a positive match that must be present; a Deny must deny everything else.
  const restrictingShape = condition.negated ? negative : !negative && !ifExists;
  return restrictingShape && condition.values.length > 0 && condition.values.every((v) => isFixed(key, v));
}

function isFixed(key: string, value: string): boolean {
  if (value === '' || value.includes('*') || value.includes('?')) return false;
  return !(key === 'aws:sourceip' && /\/0$/.test(value));
}
