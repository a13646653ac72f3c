import { describe, expect, it } from 'vitest';
import { fitSections, groupSection, listSection, renderList, wholeSection } from '../../src/report/fit.js';

const items = (prefix: string, count: number, width = 10): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(width - prefix.length, '0')}`);
const list = (header: string, entries: string[]) => ({ header, items: entries, overflow: (n: number) => `+${n} more` });

describe('renderList', () => {
  it('keeps what fits and counts the rest', () => {
    expect(renderList(list('H', items('a', 5)), 1_000)).toEqual({ text: ['H', ...items('a', 5)].join('\n'), complete: true });
    const cut = renderList(list('H', items('a', 5)), 30);
    expect(cut).toEqual({ text: 'H\na000000000\n+4 more', complete: false });
    expect(cut.text.length).toBeLessThanOrEqual(30);
    expect(renderList(list('H', items('a', 5)), 5)).toEqual({ text: '', complete: false });
    expect(renderList(list('H', []), 0)).toEqual({ text: '', complete: true });
  });
});

describe('fitSections', () => {
  it('keeps the display order and appends the note only when something was left out', () => {
    const sections = [wholeSection(1, 'second in importance'), wholeSection(0, 'first')];
    expect(fitSections(sections, 1_000, 'NOTE')).toBe('second in importance\n\nfirst');
    expect(fitSections(sections, 15, 'NOTE')).toBe('first\n\nNOTE');
  });

  it('gives each part its share first, then the rest by importance', () => {
    const findings = listSection(1, list('F', items('f', 100)), 0.5);
    const tables = listSection(2, list('T', items('t', 100)), 0.5);
    const diagram = wholeSection(3, 'D'.repeat(50), 0);
    const text = fitSections([findings, tables, diagram], 600, 'NOTE');
    expect(text.length).toBeLessThanOrEqual(600);
    const kept = (prefix: string) => text.split('\n').filter((line) => line.startsWith(prefix) && line.length === 10).length;
    // Without shares the findings would take everything; with them both lists show.
    expect(kept('f')).toBeGreaterThan(15);
    expect(kept('t')).toBeGreaterThan(15);
    expect(text).not.toContain('DDDD');
    expect(text.endsWith('NOTE')).toBe(true);
  });

  it('hands what the shares leave to the most important part that is still cut', () => {
    const findings = listSection(1, list('F', items('f', 100)), 0.3);
    const short = listSection(2, list('T', items('t', 2)), 0.3);
    const text = fitSections([findings, short], 800, 'NOTE');
    expect(text).toContain('t000000001');
    expect(text.length).toBeGreaterThan(700);
  });

  it('never exceeds the budget, even below the note', () => {
    expect(fitSections([wholeSection(0, 'x'.repeat(50))], 3, 'NOTE').length).toBeLessThanOrEqual(3);
  });
});

describe('groupSection', () => {
  it('counts the lists that did not fit at all', () => {
    const group = groupSection(0, {
      open: 'G',
      lists: [list('A', items('a', 3)), list('B', items('b', 3)), list('C', items('c', 3))],
      overflow: (n) => `(${n} more lists)`,
    });
    const rendered = group.render(70);
    expect(rendered.complete).toBe(false);
    expect(rendered.text).toContain('a000000002');
    expect(rendered.text).toMatch(/\(\d more lists\)$/);
    expect(rendered.text.length).toBeLessThanOrEqual(70);
  });
});
