/**
 * Small Markdown building blocks shared by the renderings: safe inline code, table rows,
 * labels for principals, resources and source locations.
 *
 * Everything dynamic we print is structural (ARNs, names, policy and statement ids, file
 * paths, Terraform addresses), never a plan attribute value; it is still escaped, because a
 * Terraform address or a file path may hold characters that Markdown or HTML would interpret.
 */
import type { Grant, StatementRef } from '../model/access.js';
import type { SourceLocation } from '../model/inventory.js';
import { arnAccount } from '../rules/labels.js';

/** An inline code span that survives any content (backticks included). */
export function code(text: string): string {
  if (!text.includes('`') && !text.startsWith(' ') && !text.endsWith(' ')) return `\`${text}\``;
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Escapes plain text so that Markdown and HTML print it as written, and so that text from the
 * inputs cannot mention (`@team`) anyone from the bot's comment.
 */
export function plain(text: string): string {
  return text.replace(/[\\`*_[\]<>&#~@]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/**
 * Renders a message written as plain text with `backticked` identifiers (the convention of
 * finding messages): the code spans are kept, everything else is escaped.
 */
export function inline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? code(part.slice(1, -1)) : plain(part)))
    .join('');
}

/** One row of a GFM table; `|` must be escaped even inside code spans, newlines become breaks. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')).join(' | ')} |`;
}

export function tableHeader(headings: readonly string[]): string {
  return `${tableRow(headings)}\n|${headings.map(() => '---').join('|')}|`;
}

/** `main.tf:42`, or `main.tf` with the address when the line is unknown. */
export function locationText(location: SourceLocation): string {
  if (location.line !== undefined) return `${location.file}:${location.line}`;
  return location.address ? `${location.file} (${location.address})` : location.file;
}

/** A statement that grants access, in Markdown: `` `main.tf:42` `AllowRead` in analytics-read ``. */
export function statementMarkdown(ref: StatementRef): string {
  const where = ref.source ? `${code(locationText(ref.source))} ` : '';
  return `${where}${code(ref.statement)} in ${plain(ref.policyName ?? ref.policy)}`;
}

/** True when the principals of these grants live in more than one account (then labels show it). */
export function spansAccounts(grants: readonly Pick<Grant, 'principal'>[]): boolean {
  const accounts = new Set(grants.map((g) => arnAccount(g.principal)).filter((a) => a !== undefined));
  return accounts.size > 1;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `text` within `max` characters, ending with `marker` when cut; a surrogate pair is never split. */
export function truncate(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text;
  const end = max - marker.length;
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(end - 1)) ? end - 1 : end;
  return `${text.slice(0, cut)}${marker}`;
}
