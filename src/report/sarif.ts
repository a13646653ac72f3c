/**
 * `review --format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. One
 * result per finding, at the lines that grant its access; waived findings are results with an
 * accepted external suppression; analysis errors and reader notices are tool notifications.
 */
import { createHash } from 'node:crypto';
import type { SourceLocation } from '../model/inventory.js';
import type { Finding, Review, Severity } from '../model/review.js';
import { DEFAULT_CONFIG, RULE_IDS, WAIVER_RULE_ID } from '../rules/config.js';
import { RULE_SUMMARIES, WAIVER_SUMMARY } from '../rules/descriptions.js';
import { locationText } from './markdown.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub code scanning accepts at most this many locations per result. */
const MAX_LOCATIONS = 1_000;
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

const RULES = [
  ...RULE_IDS.map((id) => ({ id, summary: RULE_SUMMARIES[id], level: LEVEL[DEFAULT_CONFIG.rules[id].severity] })),
  { id: WAIVER_RULE_ID, summary: WAIVER_SUMMARY, level: LEVEL.error },
];

export function renderSarif(review: Review): string {
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Access Delta',
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              help: { text: `See docs/rules.md, section ${rule.id}.` },
              defaultConfiguration: { level: rule.level },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: review.errors.length === 0,
            toolExecutionNotifications: [
              ...review.errors.map((e) => ({
                level: 'error',
                message: { text: `${e.file}${e.place ? ` at ${e.place}` : ''}: ${e.message}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: toUri(e.file) } } }],
              })),
              ...review.notices.map((n) => ({
                level: n.level === 'warning' ? 'warning' : 'note',
                message: { text: n.source ? `${n.message} (${locationText(n.source)})` : n.message },
              })),
            ],
          },
        ],
        results: review.findings.map((finding) => resultOf(finding, review.inputs[0])),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function resultOf(finding: Finding, fallbackFile: string | undefined) {
  const ruleIndex = RULES.findIndex((r) => r.id === finding.rule);
  const located: SourceLocation[] = finding.locations.length > 0 ? finding.locations : fallbackFile ? [{ file: fallbackFile }] : [];
  return {
    ruleId: finding.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.remediation ? `${finding.message} ${finding.remediation}` : finding.message },
    locations: located.slice(0, MAX_LOCATIONS).map((location) => ({
      physicalLocation: {
        artifactLocation: { uri: toUri(location.file) },
        ...(location.line === undefined ? {} : { region: { startLine: location.line } }),
      },
    })),
    partialFingerprints: { 'accessDeltaFinding/v1': fingerprint(finding) },
    ...(finding.waiver
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${finding.waiver.reason} (approved by ${finding.waiver.approver}, expires ${finding.waiver.expires})`,
            },
          ],
        }
      : {}),
    properties: {
      ...(finding.resource === undefined ? {} : { resource: finding.resource }),
      ...(finding.principal === undefined ? {} : { principal: finding.principal }),
    },
  };
}

/**
 * Stable across runs for the same finding, so code scanning tracks it instead of reopening it:
 * what it is about, not its wording (messages hold counts that change from one PR to the next).
 * A finding about no resource or principal is told apart by its places and, last, its message.
 */
function fingerprint(finding: Finding): string {
  const about = finding.resource ?? finding.principal;
  const places = finding.locations.map((l) => l.address ?? l.file).sort();
  const identity = [finding.rule, finding.resource ?? '', finding.principal ?? '', ...places, about === undefined ? finding.message : ''].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/** A repository path as a relative URI reference (each segment percent-encoded). */
function toUri(path: string): string {
  return path.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}
