/**
 * `access-delta access`: every grant of one side, as JSON or as a table for the terminal.
 */
import { CAPABILITIES, type Grant } from '../model/access.js';
import type { UnknownValue } from '../model/inventory.js';
import { arnResourcePart, principalLabel } from '../rules/labels.js';
import { renderAccessJson } from './json.js';
import { locationText, spansAccounts } from './markdown.js';

export type AccessFormat = 'json' | 'table';

export function renderAccess(
  side: 'before' | 'after',
  grants: readonly Grant[],
  unknowns: readonly UnknownValue[],
  format: AccessFormat,
): string {
  return format === 'json' ? renderAccessJson(side, grants, unknowns) : accessTable(side, grants, unknowns);
}

const HEADINGS = ['PRINCIPAL', 'RESOURCE', 'CAPABILITY', 'CONDITIONS', 'GRANTED BY'];

function accessTable(side: string, grants: readonly Grant[], unknowns: readonly UnknownValue[]): string {
  const withAccount = spansAccounts(grants);
  const rows = [...grants].sort(compareForTable).map((g) => [
    principalLabel(g.principal, g.principalType, withAccount),
    arnResourcePart(g.resource),
    g.capability + (g.fallback ? ' (fallback)' : '') + (g.unknown ? ' (unknown)' : ''),
    [...new Set(g.conditions.map((c) => c.key))].join(',') || '-',
    grantedBy(g),
  ]);
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const lines = [`Access ${side} the change: ${grants.length} grant${grants.length === 1 ? '' : 's'}`, '', line(HEADINGS), ...rows.map(line)];
  if (unknowns.length > 0) {
    lines.push('', 'Known only after apply:');
    for (const u of unknowns) lines.push(`  ${u.address}.${u.attribute}: ${u.reason}${u.subject ? ` (decides access of ${u.subject})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function grantedBy(grant: Grant): string {
  const [first, ...rest] = grant.via;
  if (!first) return '-';
  const where = first.source ? `${locationText(first.source)} ` : '';
  const more = rest.length > 0 ? ` (+${rest.length})` : '';
  const chain = grant.path && grant.path.length > 0 ? ` via ${grant.path.map(arnResourcePart).join(' -> ')}` : '';
  return `${where}${first.statement}${more}${chain}`;
}

function compareForTable(a: Grant, b: Grant): number {
  return (
    a.resource.localeCompare(b.resource) ||
    a.principal.localeCompare(b.principal) ||
    CAPABILITIES.indexOf(a.capability) - CAPABILITIES.indexOf(b.capability)
  );
}
