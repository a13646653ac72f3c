/**
 * Asking about "some object of the bucket" (`arn:aws:s3:::bucket/*`) costs the evaluator a
 * pattern comparison per statement. When every resource pattern of the policies in play
 * either covers the whole request pattern or cannot touch it, every resource the pattern
 * stands for is decided alike, and one concrete sample of it gives the same answer.
 * A pattern that covers only part of it (`bucket/public/*`) or a policy variable keeps the
 * question a pattern question.
 */
import type { CompiledPolicy } from '../iam/policy.js';
import { ArnPattern } from '../iam/resource-pattern.js';

export class SampleRequests {
  private readonly partialByPolicy = new WeakMap<CompiledPolicy, Map<string, boolean>>();
  private readonly specificEntries = new WeakMap<CompiledPolicy, readonly (ArnPattern | string)[]>();
  private readonly patterns = new Map<string, ArnPattern>();

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
      const asked = this.pattern(request);
      const literal = literalPrefix(request);
      partial = entries.some((entry) =>
        typeof entry === 'string' ? literal.startsWith(entry) || entry.startsWith(literal) : entry.touches(asked) && !entry.covers(asked),
      );
      byRequest.set(request, partial);
    }
    return partial;
  }

  /**
   * Resource patterns other than `*`; for one with policy variables, its text before the first
   * variable or wildcard (it may cover part of any request that text can lead to).
   */
  private entriesOf(policy: CompiledPolicy): readonly (ArnPattern | string)[] {
    let entries = this.specificEntries.get(policy);
    if (!entries) {
      entries = policy.statements.flatMap((statement) =>
        (statement.resources ?? []).filter((entry) => !entry.pattern?.matchesAll).map((entry) => entry.pattern ?? literalPrefix(entry.template?.source ?? '')),
      );
      this.specificEntries.set(policy, entries);
    }
    return entries;
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
