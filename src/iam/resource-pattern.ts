/**
 * ARN patterns (`Resource`, `NotResource`, `Arn*` conditions) and the resources of requests.
 *
 * AWS matches an ARN pattern component by component: `*` and `?` never cross the colons
 * between partition, service, region, account and resource (the resource component keeps
 * its own colons). Matching is case-sensitive. A request resource may itself be a pattern
 * (`arn:aws:s3:::bucket/*`: some object of the bucket); then a policy pattern can *touch*
 * it (some resource matches both) or *cover* it (every resource it stands for matches).
 */
import { splitArn, type ArnParts } from './arn.js';
import { Glob, type PatternChunk } from './wildcard.js';

const ARN_COMPONENTS = 5;

/** How an ARN with missing components is read (see ArnPattern.fromChunks). */
export type ShortArns = 'expand' | 'wildcard-only';

/** A compiled ARN pattern, `*` (everything), or a pattern over the whole text for non-ARNs. */
export class ArnPattern {
  /** Five component globs (partition .. resource), or null for `*` and non-ARN text. */
  private readonly components: readonly Glob[] | null;
  /** Whole-text glob for non-ARN patterns; null for `*` and ARNs. */
  private readonly whole: Glob | null;
  readonly matchesAll: boolean;
  /** The ARN itself when the pattern has no wildcard at all (one string comparison). */
  private readonly exact: string | null;
  /** True for an ARN cut short that is not read as a pattern (see fromChunks): matches nothing. */
  readonly matchesNothing: boolean;
  /**
   * touches and covers, remembered by the other pattern (weakly): a statement's pattern meets
   * the same request patterns for every principal and resource decided against it.
   */
  private touching: WeakMap<ArnPattern, boolean> | undefined;
  private covering: WeakMap<ArnPattern, boolean> | undefined;

  private constructor(components: readonly Glob[] | null, whole: Glob | null, matchesNothing = false) {
    this.components = components;
    this.whole = whole;
    this.matchesNothing = matchesNothing;
    this.matchesAll = components === null && whole === null && !matchesNothing;
    const exactComponents = components?.map((glob) => glob.exact);
    this.exact = exactComponents?.every((text) => text !== null) ? `arn:${exactComponents.join(':')}` : null;
  }

  static readonly ALL = new ArnPattern(null, null);
  private static readonly NOTHING = new ArnPattern(null, null, true);

  static of(text: string, shortArns: ShortArns = 'expand'): ArnPattern {
    return ArnPattern.fromChunks([{ text, wild: true }], shortArns);
  }

  /**
   * Compiles chunks. An ARN with fewer than six components (which IAM rejects, but older
   * documents hold) has its missing components read as `*` when `shortArns` is `expand`, or
   * under `wildcard-only` only when it holds a `*` (`arn:aws:sqs:*`); otherwise it matches
   * nothing.
   */
  static fromChunks(chunks: readonly PatternChunk[], shortArns: ShortArns = 'expand'): ArnPattern {
    const groups = splitChunks(chunks);
    const first = groups[0];
    const isWildAll = groups.length === 1 && first?.length === 1 && first[0]?.wild === true && first[0].text === '*';
    if (isWildAll) return ArnPattern.ALL;
    if (groups.length < 2 || !chunksEqual(first, 'arn')) return new ArnPattern(null, Glob.fromChunks(chunks));
    const components = groups.slice(1).map((group) => Glob.fromChunks(group));
    const wild = chunks.some((chunk) => chunk.wild && chunk.text.includes('*'));
    if (components.length < ARN_COMPONENTS && shortArns === 'wildcard-only' && !wild) return ArnPattern.NOTHING;
    while (components.length < ARN_COMPONENTS) components.push(Glob.of('*'));
    return new ArnPattern(components, null);
  }

  /** Does the concrete resource (split once by the caller) match? */
  matches(text: string, arn: ArnParts | null): boolean {
    if (this.exact !== null) return text === this.exact;
    if (this.matchesAll) return true;
    if (this.matchesNothing) return false;
    if (this.whole) return this.whole.matches(text);
    if (!arn) return false;
    const c = this.components as readonly Glob[];
    return (
      (c[4] as Glob).matches(arn.resource) &&
      (c[3] as Glob).matches(arn.account) &&
      (c[2] as Glob).matches(arn.region) &&
      (c[1] as Glob).matches(arn.service) &&
      (c[0] as Glob).matches(arn.partition)
    );
  }

  /** Is there a resource both patterns match? */
  touches(request: ArnPattern): boolean {
    if (this.matchesNothing || request.matchesNothing) return false;
    if (this.matchesAll || request.matchesAll) return true;
    return this.remembered((this.touching ??= new WeakMap()), request, (policy, asked) => policy.intersects(asked));
  }

  /** Does this pattern match every resource the request pattern stands for? */
  covers(request: ArnPattern): boolean {
    if (this.matchesAll || request.matchesNothing) return true;
    if (request.matchesAll || this.matchesNothing) return false;
    return this.remembered((this.covering ??= new WeakMap()), request, (policy, asked) => policy.covers(asked));
  }

  private remembered(memo: WeakMap<ArnPattern, boolean>, request: ArnPattern, test: (a: Glob, b: Glob) => boolean): boolean {
    let answer = memo.get(request);
    if (answer === undefined) {
      answer = this.pairwise(request, test);
      memo.set(request, answer);
    }
    return answer;
  }

  private pairwise(other: ArnPattern, test: (a: Glob, b: Glob) => boolean): boolean {
    if (this.components && other.components) {
      return this.components.every((glob, i) => test(glob, other.components?.[i] as Glob));
    }
    if (this.whole && other.whole) return test(this.whole, other.whole);
    return false;
  }
}

/** Splits chunks at their first five colons (the resource component keeps the rest). */
function splitChunks(chunks: readonly PatternChunk[]): PatternChunk[][] {
  const groups: PatternChunk[][] = [[]];
  for (const chunk of chunks) {
    let start = 0;
    for (let colon = chunk.text.indexOf(':'); colon >= 0 && groups.length <= ARN_COMPONENTS; colon = chunk.text.indexOf(':', start)) {
      (groups[groups.length - 1] as PatternChunk[]).push({ text: chunk.text.slice(start, colon), wild: chunk.wild });
      groups.push([]);
      start = colon + 1;
    }
    (groups[groups.length - 1] as PatternChunk[]).push({ text: chunk.text.slice(start), wild: chunk.wild });
  }
  return groups;
}

function chunksEqual(group: readonly PatternChunk[] | undefined, text: string): boolean {
  return (group ?? []).map((chunk) => chunk.text).join('') === text;
}

/** A request's resource: a concrete ARN (or `*` of a wildcard-only action), or a pattern. */
export interface RequestResource {
  text: string;
  arn: ArnParts | null;
  /** Set when the text is read as a pattern (it has `*` or `?` and is not a literal `*`). */
  pattern: ArnPattern | null;
}

export function requestResource(text: string, literal: boolean): RequestResource {
  const wild = !literal && (text.includes('*') || text.includes('?'));
  return { text, arn: splitArn(text), pattern: wild ? ArnPattern.of(text) : null };
}
