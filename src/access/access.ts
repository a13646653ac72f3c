/**
 * Effective access of one state: every (principal, resource, capability) that holds, directly
 * or through role chains, with its actions, conditions and reasons.
 */
import type { Catalog } from '../iam/catalog.js';
import type { Grant } from '../model/access.js';
import type { Inventory, UnknownValue } from '../model/inventory.js';
import type { Actor } from './actors.js';
import { AssumeGraph, reachable } from './chains.js';
import { buildGrants } from './grants.js';
import { evaluatePairs, trusts, type DirectResult, type Scope } from './pairs.js';
import { Engine, Side, type AccessOptions } from './side.js';
import type { Target } from './targets.js';

/** The `access --format json` shape of DESIGN.md §4, without `side`. */
export interface AccessResult {
  grants: Grant[];
  unknowns: UnknownValue[];
}

export function computeAccess(inventory: Inventory, catalog: Catalog, options: AccessOptions = {}): AccessResult {
  const side = new Side(inventory, new Engine(catalog, options));
  side.validate(side.members, side.targets);
  const direct = directAccess(side);
  return { grants: buildGrants(direct, reachable(new AssumeGraph(side).all()), side.unknownSubjects), unknowns: side.unknowns };
}

/** Direct access of the pairs in scope (all without one), by actor. */
export function directAccess(side: Side, scope?: Scope): DirectResult<Target>[] {
  const shapeOf = (target: Target): string => target.shape(side.readsResourceTags);
  return evaluatePairs(side, { targets: side.targets, ...side.classesOn(side.targets, () => side.index, scope), accepts: (g) => g.kind !== 'federated', admits, shapeOf }, scope);
}

/**
 * Principals of another account get only what the resource policy admits; so do all
 * principals on a KMS key (its key policy must allow, or delegate to their account).
 */
function admits(target: Target, actor: Actor): boolean {
  const keyPolicyDecides = target.resource.type === 'AWS::KMS::Key' && target.policyDocument !== undefined;
  return (actor.account === target.account && !keyPolicyDecides) || trusts(target, actor.account);
}
