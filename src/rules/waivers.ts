/**
 * Waivers (issue 7 item 3): a waiver in the configuration covers the findings of one rule,
 * optionally only for a resource and/or principal (ARN or `*`/`?` pattern), up to and
 * including its expiry day. A waived finding keeps showing, marked; an expired waiver is
 * itself an error finding, so that it is renewed after a new review or removed.
 */
import type { Finding, Waiver } from '../model/review.js';
import { WAIVER_RULE_ID } from './config.js';
import { quote } from './labels.js';
import { globOf } from './statements.js';

export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], today: string): Finding[] {
  const active = waivers.filter((w) => w.expires >= today);
  const marked = findings.map((finding) => {
    const waiver = active.find((w) => covers(w, finding));
    return waiver ? { ...finding, waiver } : finding;
  });
  return [...marked, ...waivers.filter((w) => w.expires < today).map(expiredFinding)];
}

function covers(waiver: Waiver, finding: Finding): boolean {
  return waiver.rule === finding.rule && matches(waiver.resource, finding.resource) && matches(waiver.principal, finding.principal);
}

/** An absent pattern matches anything; a present one needs a value it matches (ARNs are case-sensitive). */
function matches(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  return value !== undefined && globOf(pattern, false).matches(value);
}

function expiredFinding(waiver: Waiver): Finding {
  const scope = [waiver.resource && `resource ${quote(waiver.resource)}`, waiver.principal && `principal ${quote(waiver.principal)}`]
    .filter(Boolean)
    .join(' and ');
  return {
    rule: WAIVER_RULE_ID,
    severity: 'error',
    message: `The waiver of ${quote(waiver.rule)}${scope ? ` for ${scope}` : ''} (approved by ${waiver.approver}: ${waiver.reason}) expired on ${waiver.expires}.`,
    remediation: 'Review the access again: renew the waiver with a new expiry date, or remove it and fix what it covered.',
    ...(waiver.resource === undefined ? {} : { resource: waiver.resource }),
    ...(waiver.principal === undefined ? {} : { principal: waiver.principal }),
    locations: [],
  };
}
