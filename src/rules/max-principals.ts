/**
 * `max-principals`: per classification and capability set, at least `min` and at most `max`
 * principals may hold access to a resource the change touches. Aggregate principals (another
 * account, an organization, anyone) stand for members nobody can count: they exceed any `max`.
 *
 * Counted are the principals that hold the access themselves (their own policies or the
 * resource's grant it: the context's holders), whether or not a role chain also reaches it.
 * Those that reach it only by assuming one of them act as that role, which is already counted;
 * who may assume a role is its trust policy's business (and the `people-and-applications` rule's).
 */
import type { Grant, PrincipalType } from '../model/access.js';
import type { PrincipalLimit } from './config.js';
import { grantLocations, groupBy, showsNoChain, type RuleContext, type Side } from './context.js';
import { oneOf, principalLabel, someQuoted } from './labels.js';
import type { Rule, RuleFinding } from './rule.js';

const AGGREGATES: ReadonlySet<PrincipalType> = new Set(['Account', 'Organization', 'Public']);

export const maxPrincipals: Rule<'max-principals'> = {
  id: 'max-principals',
  evaluate(context, options) {
    const judged = context.touchedResources().flatMap((arn) => {
      const classification = context.classificationOf(arn);
      if (classification === undefined) return [];
      const limits = options.limits.filter((limit) => limit.classification.some((c) => c.toLowerCase() === classification.toLowerCase()));
      return limits.length === 0 ? [] : [{ arn, classification, limits }];
    });
    if (judged.length === 0) return [];
    const holders = context.holdersOn(judged.map(({ arn }) => arn));
    return judged.flatMap(({ arn, classification, limits }) => {
      const on = { before: holders.before.get(arn) ?? [], after: holders.after.get(arn) ?? [] };
      return limits.flatMap((limit) => checkLimit(context, arn, classification, limit, on));
    });
  },
};

function checkLimit(context: RuleContext, arn: string, classification: string, limit: PrincipalLimit, on: Record<Side, Grant[]>): RuleFinding[] {
  const inSet = (g: Grant): boolean => limit.capabilities.includes(g.capability);
  const holders = on.after.filter(inSet);
  const byPrincipal = groupBy(holders, (g) => g.principal);
  const names = [...byPrincipal.values()].map(([g]) => principalLabel(g!.principal, g!.principalType)).sort();
  const aggregates = holders.filter((g) => AGGREGATES.has(g.principalType));
  const count = byPrincipal.size;
  const before = new Set(on.before.filter(inSet).map((g) => g.principal)).size;
  const what = `${oneOf(limit.capabilities)} on the ${classification} ${context.describeResource(arn)}`;
  const gainedHere = context.gainedOn(arn).filter((g) => inSet(g) && showsNoChain(g));
  const locations = grantLocations(gainedHere.length > 0 ? gainedHere : holders);

  const findings: RuleFinding[] = [];
  if (limit.max !== undefined && (aggregates.length > 0 || count > limit.max)) {
    const who =
      aggregates.length > 0
        ? `An unbounded set of principals (${someQuoted([...new Set(aggregates.map((g) => principalLabel(g.principal, g.principalType)))])}) holds`
        : `${count} principals hold`;
    findings.push({
      message: `${who} ${what} (at most ${limit.max} allowed; ${before} before this change): ${someQuoted(names)}.`,
      remediation:
        'Remove the access of principals that do not need this data, or route them through one shared role; if the access is intended, add a waiver with a reason and an expiry date.',
      resource: arn,
      locations,
    });
  }
  if (limit.min !== undefined && aggregates.length === 0 && count < limit.min) {
    findings.push({
      message: `Only ${count} ${count === 1 ? 'principal holds' : 'principals hold'} ${what} (at least ${limit.min} required)${count > 0 ? `: ${someQuoted(names)}` : ''}.`,
      remediation: `Grant ${oneOf(limit.capabilities)} to the principals that own this data, so that at least ${limit.min} hold it.`,
      resource: arn,
      locations,
    });
  }
  return findings;
}
