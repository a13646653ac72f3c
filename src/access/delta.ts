/**
 * The delta between two sides' grants: what a change adds, removes and changes, at the level of
 * (principal, resource, capability).
 */
import { grantKey, type ChangedGrant, type Delta, type Grant, type GrantCondition } from '../model/access.js';

export function diffAccess(before: readonly Grant[], after: readonly Grant[]): Delta {
  const beforeByKey = indexByKey(before);
  const afterByKey = indexByKey(after);
  const added: Grant[] = [];
  const removed: Grant[] = [];
  const changed: ChangedGrant[] = [];
  for (const [key, grant] of afterByKey) {
    const old = beforeByKey.get(key);
    if (old === undefined) {
      added.push(grant);
      continue;
    }
    const changes = describeChanges(old, grant);
    if (changes.length > 0) changed.push({ before: old, after: grant, changes });
  }
  for (const [key, grant] of beforeByKey) {
    if (!afterByKey.has(key)) removed.push(grant);
  }
  added.sort(compareGrants);
  removed.sort(compareGrants);
  changed.sort((a, b) => compareGrants(a.after, b.after));
  return { added, removed, changed };
}

/** Order grants by resource, then principal, then capability. */
export function compareGrants(a: Grant, b: Grant): number {
  return compareStrings(a.resource, b.resource) || compareStrings(a.principal, b.principal) || compareStrings(a.capability, b.capability);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexByKey(grants: readonly Grant[]): Map<string, Grant> {
  const byKey = new Map<string, Grant>();
  for (const grant of grants) {
    const key = grantKey(grant);
    if (byKey.has(key)) throw new Error(`duplicate grant ${key.replaceAll('\u0000', ' ')}`);
    byKey.set(key, grant);
  }
  return byKey;
}

/** What changed between two grants of the same key, for people; empty when nothing did. */
function describeChanges(before: Grant, after: Grant): string[] {
  // Grants from one decision share their lists: nothing to compare.
  if (before.actions === after.actions && before.conditions === after.conditions && before.conditional === after.conditional && before.path === after.path && before.unknown === after.unknown) return [];
  const changes: string[] = [];
  if (before.conditional !== after.conditional) {
    changes.push(before.conditional ? 'conditional → unconditional' : 'unconditional → conditional');
  } else if (conditionsKey(before.conditions) !== conditionsKey(after.conditions)) {
    changes.push('conditions changed');
  }
  const gained = after.actions.filter((action) => !before.actions.includes(action));
  const lost = before.actions.filter((action) => !after.actions.includes(action));
  if (gained.length > 0) changes.push(`actions added: ${gained.join(', ')}`);
  if (lost.length > 0) changes.push(`actions removed: ${lost.join(', ')}`);
  const beforePath = pathText(before.path);
  const afterPath = pathText(after.path);
  if (beforePath !== afterPath) {
    if (afterPath === undefined) changes.push(`now direct (was via ${beforePath})`);
    else changes.push(`new path via ${afterPath}`);
  }
  if ((before.unknown ?? false) !== (after.unknown ?? false)) {
    changes.push(after.unknown ? 'now depends on values known only after apply' : 'no longer depends on unknown values');
  }
  return changes;
}

function conditionsKey(conditions: readonly GrantCondition[]): string {
  return conditions
    .map((c) => JSON.stringify([c.operator, c.key, [...c.values].sort(), c.negated]))
    .sort()
    .join('\n');
}

/** `ci → deployer` with the last part of each ARN, as people name principals. */
function pathText(path: readonly string[] | undefined): string | undefined {
  if (path === undefined || path.length === 0) return undefined;
  return path.map(shortName).join(' → ');
}

function shortName(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 && arn.startsWith('arn:') ? arn.slice(slash + 1) : arn;
}
