/**
 * The pruning index: which targets (resources, roles) an identity statement can touch, by
 * service and resource pattern, so that a principal is evaluated only against targets one of
 * its Allow statements can reach (DESIGN.md §5, "Prune before evaluating").
 *
 * Targets are indexed by the literal prefix of their request ARNs (the text before the first
 * wildcard): a statement pattern with literal prefix L can only touch request ARNs that start
 * with L, or request patterns whose own literal prefix is a prefix of L. Each candidate is
 * then checked exactly with the evaluator's ARN patterns. Answers are memoized per pattern
 * text, so shared patterns cost one lookup however many principals hold them.
 */
import { splitArn } from '../iam/arn.js';
import { ArnPattern } from '../iam/resource-pattern.js';

/** Something principals can be evaluated against, seen through its request ARNs. */
export interface TouchTarget {
  /** Lower-cased service prefixes of the actions that can act on it. */
  services: ReadonlySet<string>;
  /** Distinct request ARNs (or patterns such as `arn:aws:s3:::bucket/*`) of its probes. */
  requestArns: readonly string[];
}

interface Entry {
  target: number;
  literal: string;
  text: string;
  pattern: ArnPattern | null;
}

export class TouchIndex {
  private readonly sorted: Entry[];
  /** Entries whose request ARN is a pattern, by literal prefix. */
  private readonly patternsByLiteral = new Map<string, Entry[]>();
  private readonly byPatternText = new Map<string, readonly number[]>();
  private readonly all: readonly number[];
  private readonly services: ReadonlySet<string>;

  constructor(private readonly targets: readonly TouchTarget[]) {
    const entries: Entry[] = [];
    targets.forEach((target, index) => {
      for (const text of target.requestArns) {
        const literal = literalPrefix(text);
        const entry: Entry = { target: index, literal, text, pattern: literal.length < text.length ? ArnPattern.of(text) : null };
        entries.push(entry);
        if (entry.pattern) {
          const list = this.patternsByLiteral.get(literal) ?? [];
          list.push(entry);
          this.patternsByLiteral.set(literal, list);
        }
      }
    });
    this.sorted = entries.sort((a, b) => (a.literal < b.literal ? -1 : a.literal > b.literal ? 1 : 0));
    this.all = targets.map((_, index) => index);
    this.services = new Set(targets.flatMap((target) => [...target.services]));
  }

  /**
   * Targets a statement can touch: one of its services acts on the target and one of its
   * resource patterns meets one of the target's request ARNs. `services` null: any service;
   * `resources` (the `Resource` values as written) null: any resource.
   */
  touchedBy(services: readonly string[] | null, resources: readonly string[] | null): readonly number[] {
    if (services !== null && !services.some((service) => this.services.has(service))) return [];
    const byResource = resources === null ? this.all : this.union(resources.map((text) => this.touchedByPattern(text)));
    if (services === null) return byResource;
    return byResource.filter((index) => services.some((service) => (this.targets[index] as TouchTarget).services.has(service)));
  }

  private union(lists: readonly (readonly number[])[]): readonly number[] {
    if (lists.length === 1) return lists[0] as readonly number[];
    return [...new Set(lists.flat())].sort((a, b) => a - b);
  }

  /** Targets with a request ARN the pattern meets; policy variables count as wildcards. */
  private touchedByPattern(text: string): readonly number[] {
    const known = this.byPatternText.get(text);
    if (known) return known;
    const variable = text.indexOf('${');
    const literal = literalPrefix(variable >= 0 ? text.slice(0, variable) + '*' : text);
    const exact = variable >= 0 ? null : ArnPattern.of(text);
    const found = new Set<number>();
    const consider = (entry: Entry): void => {
      if (found.has(entry.target)) return;
      if (exact === null || meets(exact, entry)) found.add(entry.target);
    };
    for (let i = lowerBound(this.sorted, literal); i < this.sorted.length; i++) {
      const entry = this.sorted[i] as Entry;
      if (!entry.literal.startsWith(literal)) break;
      consider(entry);
    }
    for (let length = 0; length < literal.length; length++) {
      this.patternsByLiteral.get(literal.slice(0, length))?.forEach(consider);
    }
    const result = [...found].sort((a, b) => a - b);
    this.byPatternText.set(text, result);
    return result;
  }
}

function meets(policyPattern: ArnPattern, entry: Entry): boolean {
  return entry.pattern ? policyPattern.touches(entry.pattern) : policyPattern.matches(entry.text, splitArn(entry.text));
}

/** The text before the first `*` or `?`. */
function literalPrefix(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*' || c === '?') return text.slice(0, i);
  }
  return text;
}

function lowerBound(entries: readonly Entry[], literal: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((entries[middle] as Entry).literal < literal) low = middle + 1;
    else high = middle;
  }
  return low;
}
