/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) and the escapes
 * `${*}`, `${?}`, `${$}`. They are only variables in documents with `Version: 2012-10-17`;
 * in older documents the text is taken literally. Unknown values (`${aws_iam_role.app.name}`,
 * see unknown-value.ts) are read in documents of every version.
 */
import { ESCAPES, isPolicyVariable } from './unknown-value.js';
import type { PatternChunk } from './wildcard.js';

type TemplatePart =
  | { kind: 'text'; text: string } // written text: `*` and `?` in it are wildcards
  | { kind: 'literal'; text: string } // an escape: never a wildcard
  | { kind: 'variable'; key: string; fallback: string | undefined }
  | { kind: 'unknown'; text: string }; // a value known only at deploy or apply time

/** A policy string with at least one variable, escape or unknown value. */
export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** Lower-cased keys of the variables it reads. */
  readonly keys: readonly string[];
  /** The unknown values it holds, as written. */
  readonly unknowns: readonly string[];
}

/**
 * How unknown values are read when a template is resolved: as their own text (`literal`: the
 * same unknown value), or as `*` (`wild`: whatever it may turn out to be).
 */
export type UnknownReading = 'literal' | 'wild';

/**
 * Parses the unknown values of `text`, and its variables and escapes when `variables` (a
 * 2012-10-17 document); null when it has none.
 */
export function parseTemplate(text: string, variables = true): Template | null {
  if (!text.includes('${')) return null;
  const parts: TemplatePart[] = [];
  const keys: string[] = [];
  const unknowns: string[] = [];
  let position = 0;
  let textStart = 0;
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', position)) {
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    position = close + 1;
    const written = text.slice(open, position);
    const inner = text.slice(open + 2, close).trim();
    let part: TemplatePart;
    if (!isPolicyVariable(inner)) {
      part = { kind: 'unknown', text: written };
      unknowns.push(written);
    } else if (!variables) {
      continue;
    } else if (ESCAPES.has(inner)) {
      part = { kind: 'literal', text: inner };
    } else {
      const withFallback = splitFallback(inner);
      const key = (withFallback ? withFallback.key : inner).toLowerCase();
      part = { kind: 'variable', key, fallback: withFallback?.fallback };
      keys.push(key);
    }
    if (open > textStart) parts.push({ kind: 'text', text: text.slice(textStart, open) });
    parts.push(part);
    textStart = position;
  }
  if (parts.length === 0) return null;
  if (textStart < text.length) parts.push({ kind: 'text', text: text.slice(textStart) });
  return { source: text, parts, keys, unknowns };
}

/**
 * `key, 'default'` → the key and its default value (a default cannot hold a quote); null for a
 * variable without one. Read by hand, in one pass: a regex here could backtrack on long input.
 */
function splitFallback(inner: string): { key: string; fallback: string } | null {
  if (inner.length < 2 || !inner.endsWith("'")) return null;
  const open = inner.lastIndexOf("'", inner.length - 2);
  if (open < 0) return null;
  const head = inner.slice(0, open).trimEnd();
  if (!head.endsWith(',')) return null;
  return { key: head.slice(0, -1).trimEnd(), fallback: inner.slice(open + 1, -1) };
}

/** Where variables take their values: the request context (keys lower-cased). */
export interface ValueSource {
  value(lowerKey: string): string | string[] | undefined;
}

/**
 * Resolves a template into pattern chunks. Returns null when a variable has no single value
 * and no default: AWS then treats the element as not matching. An unknown value becomes a
 * chunk marked `unknown`: its text, or a `*` wildcard when read `wild`.
 */
function resolveTemplate(template: Template, source: ValueSource, reading: UnknownReading): PatternChunk[] | null {
  const chunks: PatternChunk[] = [];
  for (const part of template.parts) {
    if (part.kind === 'text') chunks.push({ text: part.text, wild: true });
    else if (part.kind === 'literal') chunks.push({ text: part.text, wild: false });
    else if (part.kind === 'unknown') chunks.push(reading === 'wild' ? { text: '*', wild: true, unknown: true } : { text: part.text, wild: false, unknown: true });
    else {
      const value = source.value(part.key);
      const resolved = typeof value === 'string' ? value : part.fallback;
      if (resolved === undefined) return null;
      chunks.push({ text: resolved, wild: false });
    }
  }
  return chunks;
}

/**
 * Resolves a template and builds something from it, once per distinct set of variable
 * values (evaluations repeat the same few values: memoizing keeps decisions cheap).
 * Returns null when the template does not resolve.
 */
export function resolveOnce<T, A>(
  template: Template,
  source: ValueSource,
  caches: WeakMap<Template, Map<string, T>>,
  build: (chunks: PatternChunk[], argument: A) => T,
  argument: A,
  reading: UnknownReading = 'literal',
): T | null {
  let key = template.unknowns.length > 0 ? reading : '';
  for (const part of template.parts) {
    if (part.kind !== 'variable') continue;
    const value = source.value(part.key);
    const resolved = typeof value === 'string' ? value : part.fallback;
    if (resolved === undefined) return null;
    key += `\u0000${resolved}`;
  }
  let cache = caches.get(template);
  if (!cache) {
    cache = new Map();
    caches.set(template, cache);
  }
  let built = cache.get(key);
  if (built === undefined) {
    if (cache.size >= 1_000) cache.clear();
    built = build(resolveTemplate(template, source, reading) as PatternChunk[], argument);
    cache.set(key, built);
  }
  return built;
}

/** The chunks of a template without variables (a principal or action holding unknown values). */
export function fixedChunks(template: Template, reading: UnknownReading): PatternChunk[] {
  return resolveTemplate(template, NO_VALUES, reading) as PatternChunk[];
}

const NO_VALUES: ValueSource = { value: () => undefined };

/** The resolved text of chunks (for string comparisons, where nothing is a wildcard). */
export function chunksText(chunks: readonly PatternChunk[]): string {
  return chunks.map((chunk) => chunk.text).join('');
}
