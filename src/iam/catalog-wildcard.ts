/**
 * `*` / `?` wildcard matching without regular expressions, for action patterns written by
 * policy authors and for the catalog's ARN formats.
 *
 * A pattern is split once at its `*`s into literal segments (where `?` matches any one
 * character). Matching anchors the first and last segments and finds every middle segment
 * at its leftmost place: that choice never loses a match, so there is no backtracking and a
 * match costs O(pattern + text × longest segment), with segments never longer than the text.
 */

/** Tests a text against one compiled pattern. */
export type WildcardMatcher = (text: string) => boolean;

/** Compiles `pattern`; `*` matches any run of characters (also none), `?` any one character. */
export function compileWildcard(pattern: string): WildcardMatcher {
  const segments = pattern.split('*');
  if (segments.length === 1) {
    return (text) => text.length === pattern.length && segmentAt(pattern, text, 0);
  }
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  const middle = segments.slice(1, -1).filter((segment) => segment.length > 0);
  const minLength = segments.reduce((sum, segment) => sum + segment.length, 0);
  return (text) => {
    if (text.length < minLength) return false;
    const end = text.length - last.length;
    if (!segmentAt(first, text, 0) || !segmentAt(last, text, end)) return false;
    let position = first.length;
    for (const segment of middle) {
      const found = findSegment(segment, text, position, end);
      if (found < 0) return false;
      position = found + segment.length;
    }
    return position <= end;
  };
}

/** True when the pattern holds `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Does `segment` (no `*`, `?` = any character) match `text` starting at `start`? */
function segmentAt(segment: string, text: string, start: number): boolean {
  if (start < 0 || start + segment.length > text.length) return false;
  for (let i = 0; i < segment.length; i++) {
    const expected = segment.charCodeAt(i);
    if (expected !== QUESTION_MARK && expected !== text.charCodeAt(start + i)) return false;
  }
  return true;
}

/** Leftmost index in [from, end - segment.length] where `segment` matches, or -1. */
function findSegment(segment: string, text: string, from: number, end: number): number {
  if (!segment.includes('?')) {
    const found = text.indexOf(segment, from);
    return found >= 0 && found + segment.length <= end ? found : -1;
  }
  for (let start = from; start + segment.length <= end; start++) {
    if (segmentAt(segment, text, start)) return start;
  }
  return -1;
}

const QUESTION_MARK = '?'.charCodeAt(0);
