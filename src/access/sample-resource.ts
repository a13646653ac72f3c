/**
 * Asking about "some object of the bucket" (`arn:aws:s3:::bucket/*`) costs the evaluator a
 * pattern comparison per statement. When every resource pattern of the policies in play
 * either covers the whole request pattern or cannot touch it, every resource the pattern
 * stands for is decided alike, and one concrete sample of it gives the same answer.
 * A pattern that covers only part of it (`bucket/public/*`) or a policy variable keeps the
 * question a pattern question.
 */
import { shortArnsOf, type CompiledPolicy } from '../iam/policy.js';
import { ArnPattern } from '../iam/resource-pattern.js';
import type { PolicyCompiler } from './compiled.js';

/** A resource pattern of a statement (null: with policy variables), its text before any wildcard, and what compiled it. */
interface Entry {
  pattern: ArnPattern | null;
  literal: string;
  /**
   * Whether it covers only part of a request pattern, by request; shared by the entries of every
   * policy with the same text read the same way (equal texts, equal patterns).
   */
  partialByRequest: Map<string, boolean>;
}

export class SampleRequests {
  private readonly partialByPolicy = new WeakMap<CompiledPolicy, Map<string, boolean>>();
  private readonly specificEntries = new WeakMap<CompiledPolicy, readonly Entry[]>();
  private readonly patterns = new Map<string, ArnPattern>();
  /** Entries' answers by their text and its reading of short ARNs: many policies share their patterns. */
  private readonly partialByText = new Map<string, Map<string, boolean>>();

  constructor(private readonly compiler: PolicyCompiler) {}

  /** The request to ask: the pattern itself, or a sample of it when the policies allow. */
  requestFor(request: string, policies: readonly CompiledPolicy[]): string {
    if (!request.includes('*') && !request.includes('?')) return request;
    return policies.some((policy) => this.coversPartly(policy, request)) ? request : request.replaceAll('*', 'access-delta-sample').replaceAll('?', 'x');
  }

  /** Whether a statement of the policy can touch only part of what the request pattern stands for. */
  private coversPartly(policy: CompiledPolicy, request: string): boolean {
    const entries = this.entriesOf(policy);
    if (entries.length === 0) return false;
    let byRequest = this.partialByPolicy.get(policy);
    if (!byRequest) {
      byRequest = new Map();
      this.partialByPolicy.set(policy, byRequest);
    }
    let partial = byRequest.get(request);
    if (partial === undefined) {
      const literal = literalPrefix(request);
      partial = entries.some((entry) => {
        // Texts that part ways before their first wildcard name disjoint resources.
        if (!literal.startsWith(entry.literal) && !entry.literal.startsWith(literal)) return false;
        if (entry.pattern === null) return true;
        let covered = entry.partialByRequest.get(request);
        if (covered === undefined) {
          const asked = this.pattern(request);
          covered = entry.pattern.touches(asked) && !entry.pattern.covers(asked);
          entry.partialByRequest.set(request, covered);
        }
        return covered;
      });
      byRequest.set(request, partial);
    }
    return partial;
  }

  /** Resource patterns other than `*` (one with policy variables may cover part of anything its text leads to). */
  private entriesOf(policy: CompiledPolicy): readonly Entry[] {
    let entries = this.specificEntries.get(policy);
    if (!entries) {
      entries = policy.statements.flatMap((statement) => {
        const texts = this.compiler.resourceTexts(policy, statement);
        return (statement.resources ?? []).flatMap((entry, i) => {
          if (entry.pattern?.matchesAll) return [];
          const text = texts[i] ?? entry.template?.source ?? '';
          return [{ pattern: entry.pattern, literal: literalPrefix(text), partialByRequest: this.answersFor(`${shortArnsOf(policy.kind)} ${text}`) }];
        });
      });
      this.specificEntries.set(policy, entries);
    }
    return entries;
  }

  private answersFor(key: string): Map<string, boolean> {
    let answers = this.partialByText.get(key);
    if (!answers) {
      answers = new Map();
      this.partialByText.set(key, answers);
    }
    return answers;
  }

  private pattern(request: string): ArnPattern {
    let pattern = this.patterns.get(request);
    if (!pattern) {
      pattern = ArnPattern.of(request);
      this.patterns.set(request, pattern);
    }
    return pattern;
  }
}

/** The text before the first wildcard or policy variable. */
function literalPrefix(text: string): string {
  const end = text.search(/[*?]|\$\{/);
  return end < 0 ? text : text.slice(0, end);
}
