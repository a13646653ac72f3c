/**
 * One line per rule for machine outputs (SARIF rule metadata); docs/rules.md has the full
 * pages, under a heading per rule id.
 */
import type { RuleId } from './config.js';

export const RULE_SUMMARIES: Record<RuleId, string> = {
  'max-principals': 'Too many (or too few) principals hold a capability set on a classified resource.',
  'public-access': 'Anyone (*) gains access to a resource without a condition that restricts it.',
  'external-accounts': 'A principal of an account or organization outside the allow-list gains access.',
  'new-administrators': 'A principal gains administration of IAM, or every action on every resource.',
  'privilege-escalation': 'A principal gains a known way to grant itself more access.',
  'unknown-access': 'The inputs leave access undecided: a value known only after apply, or a policy they do not hold.',
  'people-and-applications': 'Roles for people and roles for applications are mixed, shared, or IAM users hold policies.',
  'wildcard-grants': 'A policy allows every action, or every action of a service on every resource.',
  'unknown-actions': 'A policy names an action that does not exist.',
};

export const WAIVER_SUMMARY = 'A waiver in the configuration has expired.';
