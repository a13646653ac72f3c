/**
 * Fitting a document into a character budget (GitHub's 65,536 for a comment, 65,535 for a
 * check run's summary and text): the most important sections get their room first, the least
 * important are shortened or dropped, and a note says that something was left out.
 *
 * Lengths are JavaScript string lengths (UTF-16 code units); GitHub counts characters, which
 * are never more, so the budget holds.
 */

export interface Rendered {
  text: string;
  /** False when the section left something out to fit. */
  complete: boolean;
}

export interface Section {
  /** Lower is more important: gets its room earlier. */
  importance: number;
  /** The best rendering within `budget` characters (empty text when nothing useful fits). */
  render(budget: number): Rendered;
}

const SEPARATOR = '\n\n';

/**
 * Joins the sections in their given order, each rendered within what the more important
 * ones left. When any section is incomplete, `shortenedNote` is appended (its room is reserved).
 */
export function fitSections(sections: readonly Section[], maxLength: number, shortenedNote: string): string {
  let remaining = maxLength - shortenedNote.length - SEPARATOR.length;
  const results: Rendered[] = sections.map(() => ({ text: '', complete: true }));
  const byImportance = sections.map((_, index) => index).sort((a, b) => sections[a]!.importance - sections[b]!.importance || a - b);
  for (const index of byImportance) {
    const rendered = sections[index]!.render(Math.max(0, remaining - SEPARATOR.length));
    results[index] = rendered;
    if (rendered.text !== '') remaining -= rendered.text.length + SEPARATOR.length;
  }
  const texts = results.map((r) => r.text).filter((text) => text !== '');
  if (results.some((r) => !r.complete)) texts.push(shortenedNote);
  const text = texts.join(SEPARATOR);
  // Only a budget smaller than the note itself gets here.
  return text.length <= maxLength ? text : text.slice(0, Math.max(0, maxLength));
}

/** A section that is shown whole or not at all. */
export function wholeSection(importance: number, text: string): Section {
  return {
    importance,
    render: (budget) => (text.length <= budget ? { text, complete: true } : { text: '', complete: text === '' }),
  };
}

export interface ListParts {
  /** Printed before the items (e.g. a heading and a table header). */
  header: string;
  items: readonly string[];
  /** Printed after the items (e.g. a closing `</details>`). */
  footer?: string;
  /** The line that replaces the items that did not fit. */
  overflow: (omitted: number) => string;
  /** Between items; a newline by default (table rows, list items). */
  joiner?: string;
}

/**
 * A section made of a header and items: as many items as fit, then a line saying how many
 * were left out. Nothing when not even the header and that line fit; an empty list renders
 * nothing and is complete.
 */
export function listSection(importance: number, parts: ListParts): Section {
  return { importance, render: (budget) => renderList(parts, budget) };
}

export function renderList(parts: ListParts, budget: number): Rendered {
  const { header, items, footer = '', overflow, joiner = '\n' } = parts;
  if (items.length === 0) return { text: '', complete: true };
  const whole = [header, items.join(joiner)].join(joiner) + footer;
  if (whole.length <= budget) return { text: whole, complete: true };

  const reserve = joiner.length + overflow(items.length).length + footer.length;
  let used = header.length;
  let kept = 0;
  while (kept < items.length && used + joiner.length + items[kept]!.length + reserve <= budget) {
    used += joiner.length + items[kept]!.length;
    kept += 1;
  }
  if (used + reserve > budget) return { text: '', complete: false };
  const text = [header, ...items.slice(0, kept), overflow(items.length - kept)].join(joiner) + footer;
  return { text, complete: false };
}

export interface GroupParts {
  /** Printed before the lists (e.g. a heading or `<details><summary>…</summary>`). */
  open: string;
  lists: readonly ListParts[];
  /** Printed after them (e.g. `</details>`). */
  close?: string;
}

/**
 * A section made of several lists under one heading (e.g. one table per resource): each list
 * gets what the earlier ones left. Nothing when no list has items or none fits.
 */
export function groupSection(importance: number, parts: GroupParts): Section {
  return { importance, render: (budget) => renderGroup(parts, budget) };
}

function renderGroup({ open, lists, close = '' }: GroupParts, budget: number): Rendered {
  if (lists.every((list) => list.items.length === 0)) return { text: '', complete: true };
  let remaining = budget - open.length - close.length;
  const texts: string[] = [];
  let complete = true;
  for (const list of lists) {
    const rendered = renderList(list, Math.max(0, remaining - SEPARATOR.length));
    complete &&= rendered.complete;
    if (rendered.text === '') continue;
    texts.push(rendered.text);
    remaining -= rendered.text.length + SEPARATOR.length;
  }
  if (texts.length === 0) return { text: '', complete: false };
  return { text: [open, ...texts].join(SEPARATOR) + close, complete };
}
