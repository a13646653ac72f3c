/**
 * The parts of a review that the Markdown renderings (PR comment, check run, job summary)
 * are assembled from. Each is built from the Review alone.
 */
import { CAPABILITIES, type Delta, type Grant } from '../model/access.js';
import { blockingFindings, type Finding, type Review, type ReviewedResource } from '../model/review.js';
import { WAIVER_RULE_ID } from '../rules/config.js';
import { arnResourcePart, principalLabel } from '../rules/labels.js';
import type { ListParts } from './fit.js';
import {
  code,
  inline,
  locationText,
  plain,
  plural,
  spansAccounts,
  statementMarkdown,
  tableHeader,
  tableRow,
} from './markdown.js';
import { workloadIdentityText } from './workload-identity.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ChangeRow {
  kind: ChangeKind;
  /** The grant as it is after the change (before, for a removed grant). */
  grant: Grant;
  /** For changed grants: what changed. */
  changes: string[];
}

/** A resource the change touches, with its changed grants. */
export interface ResourceChanges {
  arn: string;
  label: string;
  type: string;
  classification?: string;
  rows: ChangeRow[];
  /** Every grant on it after the change. */
  after: Grant[];
}

/** A Review arranged for display. */
export interface ReviewView {
  review: Review;
  blocking: Finding[];
  /** Warnings and notices, and errors a waiver covers, are shown apart from the blocking ones. */
  nonBlocking: Finding[];
  resources: ResourceChanges[];
  /** Principal labels show their account when principals come from several accounts. */
  withAccount: boolean;
}

export const CHANGE_ORDER: readonly ChangeKind[] = ['added', 'changed', 'removed'];
const CHANGE_LABEL: Record<ChangeKind, string> = { added: '➕ added', changed: '✏️ changed', removed: '➖ removed' };
const SEVERITY_ORDER = { error: 0, warning: 1, notice: 2 } as const;
const SEVERITY_ICON = { error: '❌', warning: '⚠️', notice: 'ℹ️' } as const;

/** Where the whole review is when a rendering had to leave parts out. */
export const WHERE_THE_REST_IS =
  "the check run's details and the JSON output (`access-delta review --format json`)";

/** The line that stands for the resources whose tables did not fit. */
export function moreResources(omitted: number): string {
  return `_… and ${plural(omitted, 'more resource')}: see ${WHERE_THE_REST_IS}._`;
}

export function viewOf(review: Review): ReviewView {
  const blocking = sortFindings(blockingFindings(review.findings));
  const nonBlocking = sortFindings(review.findings.filter((f) => !blocking.includes(f)));
  const allGrants = [...review.delta.added, ...review.delta.removed, ...review.delta.changed.map((c) => c.after)];
  return { review, blocking, nonBlocking, resources: resourceChanges(review), withAccount: spansAccounts(allGrants) };
}

/**
 * True when the review has nothing to say beyond "no access changes". A warning (something the
 * readers could not analyse) is never folded into that line.
 */
export function changesNoAccess(review: Review): boolean {
  const { added, removed, changed } = review.delta;
  return (
    added.length + removed.length + changed.length === 0 &&
    review.findings.length === 0 &&
    review.errors.length === 0 &&
    review.unknowns.length === 0 &&
    review.notices.every((notice) => notice.level !== 'warning')
  );
}

export function deltaCounts(delta: Delta): string {
  return `${plural(delta.added.length, 'grant')} added, ${delta.removed.length} removed, ${delta.changed.length} changed`;
}

/** The verdict for people: ❌/✅/➖ and the numbers a reviewer needs. */
export function verdict(view: ReviewView): { icon: string; text: string } {
  const { review, blocking } = view;
  if (review.errors.length > 0) {
    return { icon: '❌', text: `the analysis failed (${plural(review.errors.length, 'error')}), so the check fails closed` };
  }
  if (review.conclusion === 'neutral') {
    return { icon: '➖', text: 'this change touches no infrastructure-as-code that Access Delta reads' };
  }
  if (changesNoAccess(review)) return { icon: '✅', text: `no access changes (${plural(review.inputs.length, 'file')} analysed)` };
  const counts = deltaCounts(review.delta);
  const warnings = view.nonBlocking.filter((f) => f.waiver === undefined).length;
  const notes = warnings > 0 ? `, ${plural(warnings, 'warning')}` : '';
  if (blocking.length > 0 || review.conclusion === 'failure') {
    return { icon: '❌', text: `${plural(blocking.length, 'constraint')} failed · ${counts}${notes}` };
  }
  return { icon: '✅', text: `all constraints hold · ${counts}${notes}` };
}

export function headlineText(view: ReviewView): string {
  const { icon, text } = verdict(view);
  return `${icon} Access Delta: ${text}`;
}

export function errorsList(review: Review): ListParts {
  return {
    header: '**The analysis could not be completed:**',
    items: review.errors.map((e) => `- ${code(e.file)}${e.place ? ` at ${code(e.place)}` : ''}: ${plain(e.message)}`),
    overflow: (n) => `- … and ${plural(n, 'more error')}`,
  };
}

export function findingsList(title: string, findings: readonly Finding[]): ListParts {
  return {
    header: title,
    items: findings.map(findingItem),
    overflow: (n) => `- … and ${plural(n, 'more finding')} (see ${WHERE_THE_REST_IS})`,
  };
}

const MAX_LOCATIONS_PER_FINDING = 5;

function findingItem(finding: Finding): string {
  const icon = finding.waiver ? '🟡' : SEVERITY_ICON[finding.severity];
  const lines = [`- ${icon} **${code(finding.rule)}** ${inline(finding.message)}`];
  if (finding.waiver) {
    const w = finding.waiver;
    lines.push(`  Waived until ${w.expires} by ${plain(w.approver)}: ${plain(w.reason)}`);
  } else if (finding.remediation) {
    lines.push(`  **What to do:** ${inline(finding.remediation)}`);
  }
  const locations = uniqueStrings(finding.locations.map(locationText));
  if (locations.length > 0) {
    const shown = locations.slice(0, MAX_LOCATIONS_PER_FINDING).map(code).join(', ');
    const more = locations.length > MAX_LOCATIONS_PER_FINDING ? ` and ${locations.length - MAX_LOCATIONS_PER_FINDING} more` : '';
    lines.push(`  **Granted at:** ${shown}${more}`);
  }
  return lines.join('<br>\n');
}

/** One table per touched resource: `Capability | Principal | Change | Granted by`. */
export function changeTables(view: ReviewView, headingLevel: string): ListParts[] {
  return view.resources
    .filter((r) => r.rows.length > 0)
    .map((resource) => ({
      header: `${resourceHeading(resource, headingLevel)}\n\n${tableHeader(['Capability', 'Principal', 'Change', 'Granted by'])}`,
      items: resource.rows.map((row) =>
        tableRow([capabilityCell(row.grant), code(principalOf(row.grant, view)), changeCell(row), grantedByCell(row.grant, view)]),
      ),
      overflow: (n) => tableRow([`… ${plural(n, 'more change')}`, '', '', `see ${WHERE_THE_REST_IS}`]),
    }));
}

/** One table per touched resource with every grant after the change. */
export function afterStateTables(view: ReviewView, headingLevel: string): ListParts[] {
  return view.resources.map((resource) => ({
    header: `${resourceHeading(resource, headingLevel)}\n\n${tableHeader(['Capability', 'Principal', 'Actions', 'Conditions', 'Granted by'])}`,
    items: resource.after.map((grant) =>
      tableRow([
        capabilityCell(grant),
        code(principalOf(grant, view)),
        actionsText(grant.actions),
        conditionsText(grant) || 'none',
        grantedByCell(grant, view),
      ]),
    ),
    overflow: (n) => tableRow([`… ${plural(n, 'more grant')}`, '', '', '', `see ${WHERE_THE_REST_IS}`]),
  }));
}

export function unknownsList(review: Review): ListParts {
  return {
    header: '**Access the inputs leave undecided** (values known only after apply, policies the inputs do not hold):',
    items: review.unknowns.map((u) => {
      const where = u.source ? ` (${code(locationText(u.source))})` : '';
      const subject = u.subject ? `, for ${code(u.subject)}` : '';
      return `- ${code(`${u.address}.${u.attribute}`)}${where}${subject}: ${plain(u.reason)}`;
    }),
    overflow: (n) => `- … and ${plural(n, 'more undecided value')}`,
  };
}

export function noticesList(review: Review): ListParts {
  return {
    header: '**Reader notices:**',
    items: review.notices.map((n) => {
      const where = n.source ? ` (${code(locationText(n.source))})` : '';
      return `- ${n.level === 'warning' ? '⚠️' : 'ℹ️'} ${plain(n.message)}${where}`;
    }),
    overflow: (n) => `- … and ${plural(n, 'more notice')}`,
  };
}

/** Where to write a waiver, pre-filled for the first blocking finding. */
export function waiverHowTo(view: ReviewView): string {
  const example = view.blocking.find((f) => f.rule !== WAIVER_RULE_ID);
  if (!example) return '';
  const lines = ['waivers:', `  - rule: ${example.rule}`];
  if (example.resource) lines.push(`    resource: ${JSON.stringify(example.resource)}`);
  if (example.principal) lines.push(`    principal: ${JSON.stringify(example.principal)}`);
  lines.push('    reason: "why this access is needed, with a ticket"', '    approver: "who accepted the risk"', '    expires: 2099-12-31  # the last day it applies');
  return [
    '<details><summary>How to waive a finding</summary>',
    '',
    'Add a waiver to `.github/access-delta.yml` on the default branch (the configuration is read from there, so a pull request cannot waive its own findings), then re-run the check. A waived finding stays visible, marked as waived; an expired waiver fails the check.',
    '',
    '```yaml',
    ...lines,
    '```',
    '',
    '</details>',
  ].join('\n');
}

function resourceHeading(resource: ResourceChanges, level: string): string {
  const classification = resource.classification ? ` · **${plain(resource.classification)}**` : ' · unclassified';
  return `${level} ${code(resource.label)} (${plain(resource.type)})${classification}`;
}

export function principalOf(grant: Grant, view: Pick<ReviewView, 'withAccount'>): string {
  return principalLabel(grant.principal, grant.principalType, view.withAccount);
}

function capabilityCell(grant: Grant): string {
  return `${code(grant.capability)}${grant.fallback ? ' (from the access level)' : ''}`;
}

function changeCell(row: ChangeRow): string {
  const parts = [CHANGE_LABEL[row.kind]];
  if (row.changes.length > 0) parts.push(`: ${row.changes.map(plain).join('; ')}`);
  const keys = uniqueStrings(row.grant.conditions.map((c) => c.key));
  if (row.kind !== 'removed' && keys.length > 0) parts.push(` (conditional on ${keys.map(code).join(', ')})`);
  if (row.grant.unknown) parts.push(' (depends on a value known only after apply)');
  return parts.join('');
}

const MAX_ACTIONS_SHOWN = 6;

function actionsText(actions: readonly string[]): string {
  const shown = actions.slice(0, MAX_ACTIONS_SHOWN).map(code).join(' ');
  return actions.length > MAX_ACTIONS_SHOWN ? `${shown} and ${actions.length - MAX_ACTIONS_SHOWN} more` : shown;
}

const MAX_CONDITION_VALUES = 3;

/**
 * The conditions a grant holds under: `StringEquals aws:SourceVpce vpce-1`, `denied if Bool
 * aws:SecureTransport false`, `GitHub Actions: example/app (branch main)`.
 */
function conditionsText(grant: Grant): string {
  const texts = grant.conditions.map((c) => {
    const identity = workloadIdentityText(c);
    if (identity) return identity;
    const values = c.values.slice(0, MAX_CONDITION_VALUES).join(', ') + (c.values.length > MAX_CONDITION_VALUES ? ', …' : '');
    return `${c.negated ? 'denied if ' : ''}${c.operator} ${c.key} ${values}`;
  });
  return uniqueStrings(texts).map(code).join('<br>');
}

function grantedByCell(grant: Grant, view: Pick<ReviewView, 'withAccount'>): string {
  const statements = grant.via.map(statementMarkdown).join('<br>');
  if (!grant.path || grant.path.length === 0) return statements;
  const chain = grant.path.map((arn) => code(principalLabel(arn, 'IAMRole', view.withAccount))).join(' → ');
  return `${statements}<br>through ${chain}`;
}

function resourceChanges(review: Review): ResourceChanges[] {
  const byArn = new Map<string, ResourceChanges>();
  const known = new Map(review.resources.map((r) => [r.arn, r]));
  const entry = (grant: Grant): ResourceChanges => {
    let found = byArn.get(grant.resource);
    if (!found) {
      found = newResourceChanges(grant, known.get(grant.resource));
      byArn.set(grant.resource, found);
    }
    return found;
  };
  for (const grant of review.delta.added) entry(grant).rows.push({ kind: 'added', grant, changes: [] });
  for (const change of review.delta.changed) entry(change.after).rows.push({ kind: 'changed', grant: change.after, changes: change.changes });
  for (const grant of review.delta.removed) entry(grant).rows.push({ kind: 'removed', grant, changes: [] });
  for (const resource of review.resources) {
    if (!byArn.has(resource.arn)) byArn.set(resource.arn, newResourceChanges(undefined, resource));
  }
  const resources = [...byArn.values()];
  for (const resource of resources) resource.rows.sort(compareRows);
  return resources.sort(
    (a, b) => Number(b.classification !== undefined) - Number(a.classification !== undefined) || a.label.localeCompare(b.label),
  );
}

function newResourceChanges(grant: Grant | undefined, reviewed: ReviewedResource | undefined): ResourceChanges {
  const arn = reviewed?.arn ?? grant!.resource;
  return {
    arn,
    label: reviewed?.name || arnResourcePart(arn),
    type: reviewed?.type ?? grant!.resourceType,
    ...(reviewed?.classification === undefined ? {} : { classification: reviewed.classification }),
    rows: [],
    after: [...(reviewed?.after ?? [])].sort(compareGrants),
  };
}

function compareRows(a: ChangeRow, b: ChangeRow): number {
  return CHANGE_ORDER.indexOf(a.kind) - CHANGE_ORDER.indexOf(b.kind) || compareGrants(a.grant, b.grant);
}

function compareGrants(a: Grant, b: Grant): number {
  return CAPABILITIES.indexOf(a.capability) - CAPABILITIES.indexOf(b.capability) || a.principal.localeCompare(b.principal);
}

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.waiver !== undefined) - Number(b.waiver !== undefined) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule),
  );
}

function uniqueStrings(values: readonly string[]): string[] {
  return [...new Set(values)];
}
