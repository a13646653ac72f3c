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
  /** Position of the request ARN in its target's list. */
  position: number;
  literal: string;
  text: string;
  /** The request ARN is a pattern (compiled when a statement first meets it). */
  wild: boolean;
  pattern?: ArnPattern;
}

export class TouchIndex {
  private readonly sorted: Entry[];
  /** Entries whose request ARN is a pattern, by literal prefix. */
  private readonly patternsByLiteral = new Map<string, Entry[]>();
  /** The lengths of those literal prefixes: a statement's prefix is cut only at these. */
  private readonly patternLiteralLengths = new Set<number>();
  private readonly byPatternText = new Map<string, ReadonlyMap<number, number>>();
  private readonly all: ReadonlyMap<number, number>;
  private readonly services: ReadonlySet<string>;

  constructor(private readonly targets: readonly TouchTarget[]) {
    const entries: Entry[] = [];
    targets.forEach((target, index) => {
      target.requestArns.forEach((text, position) => {
        const literal = literalPrefix(text);
        const entry: Entry = { target: index, position, literal, text, wild: literal.length < text.length };
        entries.push(entry);
        if (entry.wild) {
          const list = this.patternsByLiteral.get(literal) ?? [];
          list.push(entry);
          this.patternsByLiteral.set(literal, list);
          this.patternLiteralLengths.add(literal.length);
        }
      });
    });
    this.sorted = entries.sort((a, b) => (a.literal < b.literal ? -1 : a.literal > b.literal ? 1 : 0));
    this.all = new Map(targets.map((target, index) => [index, (1 << target.requestArns.length) - 1]));
    this.services = new Set(targets.flatMap((target) => [...target.services]));
  }

  /** What tells a target apart from the others of the index: its request ARNs. */
  keyOf(target: number): string {
    return (this.targets[target] as TouchTarget).requestArns.join(' ');
  }

  /**
   * Targets a statement can touch, each with the positions (a bit mask) of the request ARNs
   * it meets: one of its services acts on the target and one of its resource patterns meets
   * the request ARN. `services` null: any service; `resources` (the `Resource` values as
   * written) null: any resource.
   */
  touchedBy(services: readonly string[] | null, resources: readonly string[] | null): ReadonlyMap<number, number> {
    if (services !== null && !services.some((service) => this.services.has(service))) return NOTHING;
    const byResource = resources === null ? this.all : this.union(resources.map((text) => this.touchedByPattern(text)));
    if (services === null || byResource.size === 0) return byResource;
    const found = new Map<number, number>();
    for (const [index, positions] of byResource) {
      if (services.some((service) => (this.targets[index] as TouchTarget).services.has(service))) found.set(index, positions);
    }
    return found;
  }

  private union(maps: readonly ReadonlyMap<number, number>[]): ReadonlyMap<number, number> {
    if (maps.length === 1) return maps[0] as ReadonlyMap<number, number>;
    const union = new Map<number, number>();
    for (const map of maps) for (const [index, positions] of map) union.set(index, (union.get(index) ?? 0) | positions);
    return union;
  }

  /** Targets with a request ARN the pattern meets; policy variables count as wildcards. */
  private touchedByPattern(text: string): ReadonlyMap<number, number> {
    const known = this.byPatternText.get(text);
    if (known) return known;
    const variable = text.indexOf('${');
    const literal = literalPrefix(variable >= 0 ? text.slice(0, variable) + '*' : text);
    // Compiled only when some entry is a candidate: most patterns of an account meet none.
    let exact: ArnPattern | undefined;
    const found = new Map<number, number>();
    const consider = (entry: Entry): void => {
      const bit = 1 << entry.position;
      const positions = found.get(entry.target) ?? 0;
      if ((positions & bit) !== 0) return;
      if (variable < 0 && !meets((exact ??= ArnPattern.of(text)), entry)) return;
      found.set(entry.target, positions | bit);
    };
    for (let i = lowerBound(this.sorted, literal); i < this.sorted.length; i++) {
      const entry = this.sorted[i] as Entry;
      if (!entry.literal.startsWith(literal)) break;
      consider(entry);
    }
    for (const length of this.patternLiteralLengths) {
      if (length < literal.length) this.patternsByLiteral.get(literal.slice(0, length))?.forEach(consider);
    }
    this.byPatternText.set(text, found);
    return found;
  }
}

const NOTHING: ReadonlyMap<number, number> = new Map();

function meets(policyPattern: ArnPattern, entry: Entry): boolean {
  return entry.wild ? policyPattern.touches((entry.pattern ??= ArnPattern.of(entry.text))) : policyPattern.matches(entry.text, splitArn(entry.text));
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
