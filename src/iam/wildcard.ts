/**
 * `*` / `?` patterns of policy elements, compiled once into a form that matches without
 * regular expressions and without backtracking.
 *
 * A pattern is cut at its `*`s into pieces; inside a piece `?` stands for any one character.
 * Matching anchors the first and last pieces and finds each middle piece at its leftmost
 * place. Taking the leftmost place never loses a match and the search for each piece moves
 * forward only, so the cost is O(text + pattern) for pieces without `?` (found with
 * `indexOf`) and O(text × ⌈piece / 32⌉) for pieces with `?` (bit-parallel Shift-And): no
 * backtracking, never worse than that, whatever the pattern.
 *
 * Pieces can also hold literal `*` and `?` (from the `${*}` and `${?}` policy variables or
 * substituted values), which is why a pattern is built from chunks rather than parsed from
 * one string.
 */

/** Part of a pattern: `text` is read with wildcards when `wild`, literally otherwise. */
export interface PatternChunk {
  text: string;
  wild: boolean;
  /** Set on the chunk of an unknown value (see unknown-value.ts). */
  unknown?: true;
}

/** A literal run between two `*`s; `anyAt[i]` is 1 where the run has a `?`. */
interface Piece {
  readonly text: string;
  readonly anyAt: Uint8Array | null;
}

/** Token codes of the pattern algebra below: a character code, or one of these two. */
const ANY_ONE = -1;
const ANY_RUN = -2;

export class Glob {
  /** The text without wildcards when the pattern has none, else null. */
  readonly exact: string | null;
  /** True for `*` alone: matches everything. */
  readonly matchesAll: boolean;
  private readonly pieces: readonly Piece[];
  private readonly openStart: boolean;
  private readonly openEnd: boolean;
  private readonly minLength: number;
  /** Built on first use by the pattern algebra (intersects / covers). */
  private tokenCache: Int32Array | null = null;

  private constructor(pieces: Piece[], openStart: boolean, openEnd: boolean) {
    this.pieces = pieces;
    this.openStart = openStart;
    this.openEnd = openEnd;
    this.minLength = pieces.reduce((sum, piece) => sum + piece.text.length, 0);
    const only = pieces[0];
    this.exact = !openStart && !openEnd && pieces.length === 1 && only && !only.anyAt ? only.text : null;
    this.matchesAll = openStart && pieces.length === 0;
  }

  /** Compiles a pattern where every `*` and `?` is a wildcard. */
  static of(pattern: string, foldCase = false): Glob {
    return Glob.fromChunks([{ text: pattern, wild: true }], foldCase);
  }

  /** Compiles chunks, lower-casing them when `foldCase` (then match lower-cased text). */
  static fromChunks(chunks: readonly PatternChunk[], foldCase = false): Glob {
    const pieces: Piece[] = [];
    let openStart = false;
    let openEnd = false;
    let text = '';
    let anyAt: number[] = [];
    const endPiece = (): void => {
      if (text.length > 0) pieces.push({ text, anyAt: anyAt.length > 0 ? markers(text.length, anyAt) : null });
      else if (pieces.length === 0) openStart = true;
      text = '';
      anyAt = [];
    };
    for (const chunk of chunks) {
      const source = foldCase ? chunk.text.toLowerCase() : chunk.text;
      if (!chunk.wild) {
        text += source;
        if (source.length > 0) openEnd = false;
        continue;
      }
      for (let from = 0; ; ) {
        const star = source.indexOf('*', from);
        const part = star < 0 ? source.slice(from) : source.slice(from, star);
        for (let q = part.indexOf('?'); q >= 0; q = part.indexOf('?', q + 1)) anyAt.push(text.length + q);
        text += part;
        if (part.length > 0) openEnd = false;
        if (star < 0) break;
        endPiece();
        openEnd = true;
        from = star + 1;
      }
    }
    if (text.length > 0 || (!openEnd && pieces.length === 0 && !openStart)) {
      pieces.push({ text, anyAt: anyAt.length > 0 ? markers(text.length, anyAt) : null });
    }
    return new Glob(pieces, openStart, openEnd);
  }

  /** Does `text` (already lower-cased when the pattern folds case) match? */
  matches(text: string): boolean {
    if (this.exact !== null) return text === this.exact;
    if (this.matchesAll) return true;
    if (text.length < this.minLength) return false;
    const pieces = this.pieces;
    let from = 0;
    let to = pieces.length - 1;
    let start = 0;
    let end = text.length;
    if (!this.openStart) {
      const first = pieces[0] as Piece;
      if (!pieceAt(first, text, 0)) return false;
      if (to === 0 && !this.openEnd) return text.length === first.text.length;
      start = first.text.length;
      from = 1;
    }
    if (!this.openEnd) {
      const final = pieces[to] as Piece;
      end = text.length - final.text.length;
      if (end < start || !pieceAt(final, text, end)) return false;
      to -= 1;
    }
    for (let i = from; i <= to; i++) {
      const piece = pieces[i] as Piece;
      const found = findPiece(piece, text, start, end);
      if (found < 0) return false;
      start = found + piece.text.length;
    }
    return start <= end;
  }

  /** Is there a string both patterns match? O(|this| × |other|). */
  intersects(other: Glob): boolean {
    if (this.matchesAll || other.matchesAll) return true;
    if (this.exact !== null) return other.matches(this.exact);
    if (other.exact !== null) return this.matches(other.exact);
    return reachesEnd(this.tokens(), other.tokens(), compatible);
  }

  /**
   * Does every string `inner` matches also match this pattern? Sound (a true answer is
   * always right); it can answer false for some unusual pairs that are in fact included,
   * such as `?*` inside `*?`. O(|this| × |inner|).
   */
  covers(inner: Glob): boolean {
    if (this.matchesAll) return true;
    if (inner.exact !== null) return this.matches(inner.exact);
    return reachesEnd(this.tokens(), inner.tokens(), absorbs);
  }

  /** The pattern as character codes, ANY_ONE and ANY_RUN (runs of `*` collapsed). */
  private tokens(): Int32Array {
    if (this.tokenCache) return this.tokenCache;
    const codes: number[] = this.openStart ? [ANY_RUN] : [];
    this.pieces.forEach((piece, i) => {
      if (i > 0) codes.push(ANY_RUN);
      for (let j = 0; j < piece.text.length; j++) codes.push(piece.anyAt?.[j] ? ANY_ONE : piece.text.charCodeAt(j));
    });
    if (this.openEnd && codes[codes.length - 1] !== ANY_RUN) codes.push(ANY_RUN);
    this.tokenCache = Int32Array.from(codes);
    return this.tokenCache;
  }
}

function markers(length: number, positions: readonly number[]): Uint8Array {
  const marks = new Uint8Array(length);
  for (const position of positions) marks[position] = 1;
  return marks;
}

function pieceAt(piece: Piece, text: string, start: number): boolean {
  const p = piece.text;
  if (start < 0 || start + p.length > text.length) return false;
  if (!piece.anyAt) return text.startsWith(p, start);
  for (let i = 0; i < p.length; i++) {
    if (piece.anyAt[i] === 0 && p.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  }
  return true;
}

/** Leftmost position >= start where the piece matches and ends by `end`, or -1. */
function findPiece(piece: Piece, text: string, start: number, end: number): number {
  const last = end - piece.text.length;
  if (!piece.anyAt) {
    const found = text.indexOf(piece.text, start);
    return found >= 0 && found <= last ? found : -1;
  }
  return findWithShiftAnd(piece, text, start, end);
}

/** Per-character position masks of a piece with `?`s, built on first search. */
interface PieceMasks {
  words: number;
  /** Positions a character not in the piece can take: the `?`s. */
  any: Uint32Array;
  byChar: Map<number, Uint32Array>;
}

const masks = new WeakMap<Piece, PieceMasks>();

function masksOf(piece: Piece): PieceMasks {
  let found = masks.get(piece);
  if (found) return found;
  const length = piece.text.length;
  const words = (length + 31) >>> 5;
  const any = new Uint32Array(words);
  const byChar = new Map<number, Uint32Array>();
  for (let i = 0; i < length; i++) if (piece.anyAt?.[i]) any[i >>> 5] = (any[i >>> 5] as number) | (1 << (i & 31));
  for (let i = 0; i < length; i++) {
    if (piece.anyAt?.[i]) continue;
    const code = piece.text.charCodeAt(i);
    let mask = byChar.get(code);
    if (!mask) byChar.set(code, (mask = Uint32Array.from(any)));
    mask[i >>> 5] = (mask[i >>> 5] as number) | (1 << (i & 31));
  }
  found = { words, any, byChar };
  masks.set(piece, found);
  return found;
}

/**
 * Leftmost match of a piece with `?`s in text[start, end), by the bit-parallel Shift-And
 * method: one pass over the text, O((end - start) × ⌈piece / 32⌉), whatever the pattern.
 */
function findWithShiftAnd(piece: Piece, text: string, start: number, end: number): number {
  const length = piece.text.length;
  const { words, any, byChar } = masksOf(piece);
  const state = new Uint32Array(words);
  const topWord = (length - 1) >>> 5;
  const topBit = 1 << ((length - 1) & 31);
  for (let i = start; i < end; i++) {
    const mask = byChar.get(text.charCodeAt(i)) ?? any;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const word = state[w] as number;
      state[w] = ((word << 1) | carry) & (mask[w] as number);
      carry = word >>> 31;
    }
    if (((state[topWord] as number) & topBit) !== 0) return i - length + 1;
  }
  return -1;
}

/** A token that stands for itself (not `?` or `*`). */
function isCharacter(token: number): boolean {
  return token !== ANY_ONE && token !== ANY_RUN;
}

/** Two single-character tokens can stand for the same character. */
function compatible(a: number, b: number): boolean {
  return a === b || a === ANY_ONE || b === ANY_ONE;
}

/** An outer single-character token accepts every character the inner token stands for. */
function absorbs(outer: number, inner: number): boolean {
  return outer === ANY_ONE ? inner !== ANY_RUN : outer === inner;
}

/**
 * Row-by-row reachability over (position in a, position in b). `step` says when one
 * non-`*` token of each side advance together. For intersection a `*` on either side may
 * absorb tokens of the other; for inclusion (`absorbs`) only a's `*` may, since every
 * string of b must be produced by a.
 */
function reachesEnd(whole: Int32Array, other: Int32Array, step: (x: number, y: number) => boolean): boolean {
  // Characters both sides spell out before their first wildcard, and after their last, pair
  // up one to one: compared directly, they either settle the answer or leave a smaller grid.
  let start = 0;
  while (start < whole.length && start < other.length && isCharacter(whole[start] as number) && isCharacter(other[start] as number)) {
    if (whole[start] !== other[start]) return false;
    start++;
  }
  let endA = whole.length;
  let endB = other.length;
  while (endA > start && endB > start && isCharacter(whole[endA - 1] as number) && isCharacter(other[endB - 1] as number)) {
    if (whole[endA - 1] !== other[endB - 1]) return false;
    endA--;
    endB--;
  }
  const a = whole.subarray(start, endA);
  const b = other.subarray(start, endB);
  const symmetric = step === compatible;
  let previous = new Uint8Array(b.length + 1);
  let current = new Uint8Array(b.length + 1);
  for (let i = 0; i <= a.length; i++) {
    const ta = i > 0 ? (a[i - 1] as number) : 0;
    for (let j = 0; j <= b.length; j++) {
      const tb = j > 0 ? (b[j - 1] as number) : 0;
      let ok: boolean;
      if (i === 0 && j === 0) ok = true;
      else if (i > 0 && ta === ANY_RUN) ok = previous[j] === 1 || (j > 0 && current[j - 1] === 1);
      else if (j > 0 && tb === ANY_RUN) ok = symmetric && (current[j - 1] === 1 || (i > 0 && previous[j] === 1));
      else ok = i > 0 && j > 0 && previous[j - 1] === 1 && step(ta, tb);
      current[j] = ok ? 1 : 0;
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] === 1;
}
