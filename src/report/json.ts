/**
 * Machine outputs: `review --format json` and `access --format json` (DESIGN.md §4). Only
 * policy facts are printed (principals, resources, actions, conditions, statements, source
 * lines), never plan attribute values.
 */
import type { Grant } from '../model/access.js';
import type { UnknownValue } from '../model/inventory.js';
import type { Review } from '../model/review.js';

/** A grant with its keys in the documented order. */
export function grantJson(grant: Grant): Record<string, unknown> {
  return {
    principal: grant.principal,
    principalType: grant.principalType,
    resource: grant.resource,
    resourceType: grant.resourceType,
    capability: grant.capability,
    actions: grant.actions,
    conditional: grant.conditional,
    conditions: grant.conditions,
    via: grant.via,
    ...(grant.path ? { path: grant.path } : {}),
    ...(grant.fallback ? { fallback: true } : {}),
    ...(grant.unknown ? { unknown: true } : {}),
  };
}

/** `access-delta review --format json`. */
export function renderJson(review: Review): string {
  const { delta } = review;
  return json({
    conclusion: review.conclusion,
    inputs: review.inputs,
    delta: {
      added: delta.added.map(grantJson),
      removed: delta.removed.map(grantJson),
      changed: delta.changed.map((c) => ({ before: grantJson(c.before), after: grantJson(c.after), changes: c.changes })),
    },
    findings: review.findings,
    resources: review.resources.map((r) => ({ ...r, after: r.after.map(grantJson) })),
    unknowns: review.unknowns,
    notices: review.notices,
    errors: review.errors,
  });
}

/** `access-delta access --format json`. */
export function renderAccessJson(side: 'before' | 'after', grants: readonly Grant[], unknowns: readonly UnknownValue[]): string {
  return json({ side, grants: grants.map(grantJson), unknowns });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
