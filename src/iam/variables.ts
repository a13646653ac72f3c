/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) and the escapes
 * `${*}`, `${?}`, `${$}`. They are only variables in documents with `Version: 2012-10-17`;
 * in older documents the text is taken literally.
 */
import type { PatternChunk } from './wildcard.js';

type TemplatePart =
  | { kind: 'text'; text: string } // written text: `*` and `?` in it are wildcards
  | { kind: 'literal'; text: string } // an escape: never a wildcard
  | { kind: 'variable'; key: string; fallback: string | undefined };

/** A policy string with at least one variable or escape. */
export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** Lower-cased keys of the variables it reads. */
  readonly keys: readonly string[];
}

const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const FALLBACK = /^(.*?)\s*,\s*'([^']*)'$/;

/** Parses the variables of `text`, or returns null when it has none. */
export function parseTemplate(text: string): Template | null {
  if (!text.includes('${')) return null;
  const parts: TemplatePart[] = [];
  const keys: string[] = [];
  let position = 0;
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', position)) {
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    if (open > position) parts.push({ kind: 'text', text: text.slice(position, open) });
    const inner = text.slice(open + 2, close).trim();
    const escape = ESCAPES[inner];
    if (escape !== undefined) {
      parts.push({ kind: 'literal', text: escape });
    } else {
      const withFallback = FALLBACK.exec(inner);
      const key = (withFallback ? (withFallback[1] as string) : inner).toLowerCase();
      parts.push({ kind: 'variable', key, fallback: withFallback?.[2] });
      keys.push(key);
    }
    position = close + 1;
  }
  if (parts.length === 0) return null;
  if (position < text.length) parts.push({ kind: 'text', text: text.slice(position) });
  return { source: text, parts, keys };
}

/** Where variables take their values: the request context (keys lower-cased). */
export interface ValueSource {
  value(lowerKey: string): string | string[] | undefined;
}

/**
 * Resolves a template into pattern chunks. Returns null when a variable has no single value
 * and no default: AWS then treats the element as not matching.
 */
function resolveTemplate(template: Template, source: ValueSource): PatternChunk[] | null {
  const chunks: PatternChunk[] = [];
  for (const part of template.parts) {
    if (part.kind === 'text') chunks.push({ text: part.text, wild: true });
    else if (part.kind === 'literal') chunks.push({ text: part.text, wild: false });
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
): T | null {
  let key = '';
  for (const part of template.parts) {
    if (part.kind !== 'variable') continue;
    const value = source.value(part.key);
    const resolved = typeof value === 'string' ? value : part.fallback;
    if (resolved === undefined) return null;
    key += `${resolved}\u0000`;
  }
  let cache = caches.get(template);
  if (!cache) {
    cache = new Map();
    caches.set(template, cache);
  }
  let built = cache.get(key);
  if (built === undefined) {
    if (cache.size >= 1_000) cache.clear();
    built = build(resolveTemplate(template, source) as PatternChunk[], argument);
    cache.set(key, built);
  }
  return built;
}

/** The resolved text of chunks (for string comparisons, where nothing is a wildcard). */
export function chunksText(chunks: readonly PatternChunk[]): string {
  return chunks.map((chunk) => chunk.text).join('');
}
