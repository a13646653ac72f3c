import { describe, expect, it } from 'vitest';
import { compileWildcard, hasWildcard } from '../../src/iam/catalog-wildcard.js';

/** Reference semantics, for trusted test patterns only: a regex built from the pattern. */
function referenceMatch(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** Deterministic pseudo-random numbers (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('compileWildcard', () => {
  it.each([
    ['s3:get*', 's3:getobject', true],
    ['s3:get*', 's3:putobject', false],
    ['*:describe*', 'ec2:describeinstances', true],
    ['*:describe*', 'ec2:rundescribe', false],
    ['*', '', true],
    ['kms:?ncrypt', 'kms:encrypt', true],
    ['kms:?ncrypt', 'kms:ncrypt', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*ab*ab*', 'abab', true],
    ['*ab*ab*', 'aab', false],
    ['exact', 'exact', true],
    ['exact', 'exacts', false],
    ['a**b', 'ab', true],
    ['?*', '', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(compileWildcard(pattern)(text)).toBe(expected);
  });

  it('agrees with a regular-expression reference on 3,000 seeded random cases', () => {
    const random = seeded(20260926);
    const pick = (alphabet: string, length: number): string =>
      Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const pattern = pick('ab*?', Math.floor(random() * 8));
      const text = pick('ab', Math.floor(random() * 10));
      expect(compileWildcard(pattern)(text), `${pattern} vs ${text}`).toBe(referenceMatch(pattern, text));
    }
  });

  it('matches adversarial 10,000-character patterns without backtracking', () => {
    // With a backtracking matcher, `a*a*a*…b` against a long run of `a` takes exponential time.
    const pattern = `${'a*'.repeat(5000)}b`;
    const text = 'a'.repeat(10_000);
    expect(compileWildcard(pattern)(text)).toBe(false);
    expect(compileWildcard(`${'*a'.repeat(5000)}*`)(text)).toBe(true);
    expect(compileWildcard(`${'?'.repeat(9999)}*b`)(text)).toBe(false);
  });

  it('tells patterns from literals', () => {
    expect(hasWildcard('s3:Get*')).toBe(true);
    expect(hasWildcard('kms:?ncrypt')).toBe(true);
    expect(hasWildcard('s3:GetObject')).toBe(false);
  });
});
