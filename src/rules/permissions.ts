/**
 * Does a principal's identity policies allow an action? A statement-level reading for the rules
 * about escalation and administrators: Allow statements count even when they carry conditions
 * (the rules warn about what a principal may be able to do), an unconditional Deny that covers
 * the action on every resource in question removes it, and a permissions boundary must allow it
 * too. SCPs and resource policies are effective access's business (src/access), not this one's.
 */
import type { IdentityPolicies } from './context.js';
import { coversAction, coversResource, isEveryAction, reachesResource, type PolicyStatement } from './statements.js';

/**
 * The Allow statements through which `identity` allows `action` on some resource matching the
 * pattern `resource` (`*`: any); empty when it does not.
 */
export function allowingStatements(identity: IdentityPolicies, action: string, resource = '*'): PolicyStatement[] {
  const allowing = identity.statements.filter((s) => s.effect === 'Allow' && coversAction(s, action) && reachesResource(s, resource));
  if (allowing.length === 0) return [];
  if (identity.statements.some((s) => deniesAll(s, action, resource))) return [];
  if (identity.boundary) {
    const { boundary } = identity;
    const boundaryAllows = boundary.some((s) => s.effect === 'Allow' && coversAction(s, action) && reachesResource(s, resource));
    if (!boundaryAllows || boundary.some((s) => deniesAll(s, action, resource))) return [];
  }
  return allowing;
}

function deniesAll(statement: PolicyStatement, action: string, resource: string): boolean {
  return statement.effect === 'Deny' && statement.condition === undefined && coversAction(statement, action) && coversResource(statement, resource);
}

/**
 * Unconditional Allow statements of `*` on `*` that no unconditional Deny or boundary takes away:
 * a full administrator, for whom no escalation path leads anywhere new.
 */
export function everyActionStatements(identity: IdentityPolicies): PolicyStatement[] {
  const everything = (s: PolicyStatement, effect: 'Allow' | 'Deny'): boolean =>
    s.effect === effect && s.condition === undefined && (s.actions ?? []).some(isEveryAction) && (s.resources ?? []).includes('*');
  const allowing = identity.statements.filter((s) => everything(s, 'Allow'));
  if (allowing.length === 0 || identity.statements.some((s) => everything(s, 'Deny'))) return [];
  if (identity.boundary && !identity.boundary.some((s) => everything(s, 'Allow'))) return [];
  return allowing;
}
