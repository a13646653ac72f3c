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
  /**
   * At most this fraction of the whole budget in the first round (default 1), so that one long
   * part (a thousand findings) leaves room for the others; 0 waits for the second round, in
   * which what is left over is handed out again in order of importance.
   */
  share?: number;
  /** The best rendering within `budget` characters (empty text when nothing useful fits). */
  render(budget: number): Rendered;
}

const SEPARATOR = '\n\n';

/**
 * Joins the sections in their given order, each rendered within what the more important
 * ones left. When any section is incomplete, `shortenedNote` is appended (its room is reserved).
 */
export function fitSections(sections: readonly Section[], maxLength: number, shortenedNote: string): string {
  const available = maxLength - shortenedNote.length - SEPARATOR.length;
  let remaining = available;
  const results: Rendered[] = sections.map(() => ({ text: '', complete: true }));
  const byImportance = sections.map((_, index) => index).sort((a, b) => sections[a]!.importance - sections[b]!.importance || a - b);
  const give = (index: number, budget: number): void => {
    const previous = results[index]!.text;
    const rendered = sections[index]!.render(Math.max(0, budget));
    if (rendered.text.length < previous.length) return;
    results[index] = rendered;
    remaining -= rendered.text.length - previous.length + (previous === '' && rendered.text !== '' ? SEPARATOR.length : 0);
  };
  for (const index of byImportance) {
    const share = sections[index]!.share ?? 1;
    give(index, Math.min(remaining, Math.floor(available * share)) - SEPARATOR.length);
  }
  for (const index of byImportance) {
    if (results[index]!.complete || remaining <= 0) continue;
    const current = results[index]!.text.length;
    give(index, current + remaining - (current === 0 ? SEPARATOR.length : 0));
  }
  const texts = results.map((r) => r.text).filter((text) => text !== '');
  if (results.some((r) => !r.complete)) texts.push(shortenedNote);
  const text = texts.join(SEPARATOR);
  // Only a budget smaller than the note itself gets here.
  return text.length <= maxLength ? text : text.slice(0, Math.max(0, maxLength));
}

/** A section that is shown whole or not at all. */
export function wholeSection(importance: number, text: string, share?: number): Section {
  return {
    importance,
    ...(share === undefined ? {} : { share }),
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
export function listSection(importance: number, parts: ListParts, share?: number): Section {
  return { importance, ...(share === undefined ? {} : { share }), render: (budget) => renderList(parts, budget) };
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
  /** The line that stands for the lists that did not fit at all. */
  overflow?: (omitted: number) => string;
}

/**
 * A section made of several lists under one heading (e.g. one table per resource): each list
 * gets what the earlier ones left. Nothing when no list has items or none fits.
 */
export function groupSection(importance: number, parts: GroupParts, share?: number): Section {
  return { importance, ...(share === undefined ? {} : { share }), render: (budget) => renderGroup(parts, budget) };
}

function renderGroup({ open, lists, close = '', overflow }: GroupParts, budget: number): Rendered {
  const shown = lists.filter((list) => list.items.length > 0);
  if (shown.length === 0) return { text: '', complete: true };
  const reserve = overflow ? SEPARATOR.length + overflow(shown.length).length : 0;
  let remaining = budget - open.length - close.length - reserve;
  const texts: string[] = [];
  let complete = true;
  let omitted = 0;
  for (const list of shown) {
    const rendered = renderList(list, Math.max(0, remaining - SEPARATOR.length));
    complete &&= rendered.complete;
    if (rendered.text === '') {
      omitted += 1;
      continue;
    }
    texts.push(rendered.text);
    remaining -= rendered.text.length + SEPARATOR.length;
  }
  if (texts.length === 0) return { text: '', complete: false };
  if (omitted > 0 && overflow) texts.push(overflow(omitted));
  return { text: [open, ...texts].join(SEPARATOR) + close, complete };
}
