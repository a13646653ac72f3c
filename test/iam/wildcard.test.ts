import { describe, expect, it } from 'vitest';
import { Glob } from '../../src/iam/wildcard.js';

describe('Glob.matches: `*` any run, `?` any one character (IAM wildcard rules)', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything at all', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['*Object', 's3:GetObject', true],
    ['s3:*Object*', 's3:GetObjectTagging', true],
    ['a*c', 'ac', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['x*x', 'x', false],
    ['x*x', 'xx', true],
    ['*a*b', 'xaxb', true],
    ['*a*b', 'xbxa', false],
    ['a**b', 'ab', true],
    ['?*', '', false],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(Glob.of(pattern).matches(text)).toBe(expected);
  });

  it('folds case when asked (actions are case-insensitive)', () => {
    expect(Glob.of('S3:GetObject*', true).matches('s3:getobjectacl')).toBe(true);
    expect(Glob.of('S3:GetObject*').matches('s3:getobjectacl')).toBe(false);
  });

  it('keeps literal `*` and `?` from escapes and substituted values literal', () => {
    const glob = Glob.fromChunks([
      { text: 'a', wild: true },
      { text: '*', wild: false },
      { text: '?b', wild: true },
    ]);
    expect(glob.matches('a*xb')).toBe(true);
    expect(glob.matches('aZxb')).toBe(false);
  });
});

/*
 * A backtracking matcher needs time exponential in the number of stars for these (2^5000
 * steps): it would never finish within the test timeout. The figures are measured in
 * bench/engine.bench.ts.
 */
describe('linear-time matching on adversarial patterns (never backtracks)', () => {
  const text = 'a'.repeat(10_000);

  it('rejects `*a*a*a...b` of 10,000 characters against 10,000 a', () => {
    expect(Glob.of('*a'.repeat(5_000) + 'b').matches(text)).toBe(false);
  });

  it('accepts `*a*a*a...*` of 10,000 characters', () => {
    expect(Glob.of('*a'.repeat(5_000) + '*').matches(text)).toBe(true);
  });

  it('rejects a pattern whose 5,000 `?` piece sits between stars', () => {
    expect(Glob.of('*' + '?'.repeat(4_999) + 'b*' + 'a'.repeat(5_000)).matches(text)).toBe(false);
  });

  it('intersects and compares 10,000-character adversarial patterns', () => {
    const adversarial = Glob.of('*a'.repeat(5_000) + 'b');
    expect(adversarial.intersects(Glob.of('a*'))).toBe(true);
    expect(adversarial.intersects(Glob.of('*c'))).toBe(false);
    expect(Glob.of('*b').covers(adversarial)).toBe(true);
  });
});

describe('Glob.intersects: some text matches both patterns', () => {
  it.each([
    ['a*', '*b', true],
    ['a*', 'b*', false],
    ['example-bucket/*', '*/AWSLogs/*', true],
    ['example-bucket/*', '*/*.iso', true],
    ['other-bucket/*', 'example-bucket/*', false],
    ['a?c', '*d*', true],
    ['a?c', 'abcd*', false],
    ['*', 'anything', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(Glob.of(a).intersects(Glob.of(b))).toBe(expected);
    expect(Glob.of(b).intersects(Glob.of(a))).toBe(expected);
  });
});

describe('Glob.covers: every text of the inner pattern matches the outer one', () => {
  it.each([
    ['bucket/*', 'bucket/private/*', true],
    ['bucket/private/*', 'bucket/*', false],
    ['a*', 'ab*', true],
    ['a?c', 'abc', true],
    ['abc', 'a?c', false],
    ['*a*', '*a*', true],
    ['*', 'x?y*', true],
    ['x*', 'x', true],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(Glob.of(outer).covers(Glob.of(inner))).toBe(expected);
  });
});

describe('the pattern algebra on degenerate patterns', () => {
  it('treats `*`, `**` and the empty pattern as the languages they are', () => {
    expect(Glob.of('a*').covers(Glob.of('*'))).toBe(false);
    expect(Glob.of('**').covers(Glob.of('x*'))).toBe(true);
    expect(Glob.of('').intersects(Glob.of('*'))).toBe(true);
    expect(Glob.of('').intersects(Glob.of('?*'))).toBe(false);
    expect(Glob.of('a*b').covers(Glob.of('a**b'))).toBe(true);
  });
});

/** Reference: the textbook dynamic program over (pattern, text) positions. */
function reference(pattern: string, text: string): boolean {
  let row = Array<boolean>(text.length + 1).fill(false);
  row[0] = true;
  for (const c of pattern) {
    const next = Array<boolean>(text.length + 1).fill(false);
    if (c === '*') next[0] = row[0] as boolean;
    for (let j = 1; j <= text.length; j++) {
      if (c === '*') next[j] = (row[j] as boolean) || (next[j - 1] as boolean);
      else next[j] = (row[j - 1] as boolean) && (c === '?' || c === text[j - 1]);
    }
    row = next;
  }
  return row[text.length] as boolean;
}

describe('Glob.matches agrees with the textbook dynamic program', () => {
  it('on 20,000 seeded random patterns and texts over a small alphabet', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (alphabet: string, max: number): string => Array.from({ length: random(max) }, () => alphabet[random(alphabet.length)]).join('');
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const pattern = word('ab?*', 12);
      const text = word('ab', 14);
      if (Glob.of(pattern).matches(text) !== reference(pattern, text)) wrong.push(`${pattern} ~ ${text}`);
    }
    expect(wrong).toEqual([]);
  });

  it('on pieces with `?` longer than one 32-bit word', () => {
    const piece = 'a?'.repeat(40) + 'b';
    for (const text of ['x' + 'ab'.repeat(40) + 'b' + 'y', 'ab'.repeat(40) + 'c', 'zz' + 'aa'.repeat(40) + 'bzz']) {
      expect(Glob.of(`*${piece}*`).matches(text)).toBe(reference(`*${piece}*`, text));
    }
  });
});

describe('Glob.intersects and Glob.covers agree with the texts they stand for', () => {
  // Every text over {a, b} up to the length where a shortest common text of two such patterns
  // must appear (their two lengths added).
  const texts = (max: number): string[] => {
    const all = [''];
    for (let length = 1, layer = ['']; length <= max; length++) {
      layer = layer.flatMap((text) => [`${text}a`, `${text}b`]);
      all.push(...layer);
    }
    return all;
  };
  const upTo10 = texts(10);

  it('on 600 seeded random pairs of patterns over a small alphabet', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (): string => Array.from({ length: random(6) }, () => 'ab?*'[random(4)]).join('');
    const wrong: string[] = [];
    for (let i = 0; i < 600; i++) {
      const [p, q] = [word(), word()];
      const [a, b] = [Glob.of(p), Glob.of(q)];
      const both = upTo10.some((text) => reference(p, text) && reference(q, text));
      if (a.intersects(b) !== both) wrong.push(`${p} ∩ ${q}`);
      // Sound: when it answers yes, every text of the inner pattern matches the outer one.
      if (a.covers(b) && upTo10.some((text) => reference(q, text) && !reference(p, text))) wrong.push(`${p} ⊇ ${q}`);
    }
    expect(wrong).toEqual([]);
  });
});
