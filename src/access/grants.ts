/**
 * From decisions to grants. A principal can hold a capability on a resource by its own
 * policies and through any number of role chains; all of these routes make one grant:
 * the actions of all routes; unconditional when one route is; no path when a direct route
 * exists, else the shortest chain (unconditional ones first), whose conditions are shown;
 * the reasons of the direct routes and of that chain.
 */
import { CAPABILITIES, type Capability, type Grant, type GrantCondition, type StatementRef } from '../model/access.js';
import type { Actor } from './actors.js';
import type { Reach } from './chains.js';
import { conditionKey, statementKey, type Held } from './decide.js';
import type { DirectResult } from './pairs.js';
import type { Target } from './targets.js';

interface Route {
  held: Held;
  reach: Reach | undefined;
  unknown: boolean;
}

type RoutesByCapability = Map<Capability, Route[]>;

/** Collects routes per (target, actor, capability), in target order. */
export class GrantCollector {
  private readonly byTarget = new Map<Target, Map<Actor, RoutesByCapability>>();

  constructor(private readonly unknownSubjects: ReadonlySet<string>) {}

  addDirect(results: readonly DirectResult<Target>[]): void {
    for (const { actor, target, held } of results) {
      const unknown = actor.unknown || this.isUnknown(target);
      for (const h of held) this.add(target, actor, h, undefined, unknown);
    }
  }

  /** Adds what each origin reaches through its role chains (where `wanted` says so). */
  addChains(
    reaches: ReadonlyMap<Actor, readonly Reach[]>,
    directByActor: ReadonlyMap<Actor, readonly DirectResult<Target>[]>,
    wanted: (origin: Actor, target: Target) => boolean = () => true,
  ): void {
    for (const [origin, list] of reaches) {
      for (const reach of list) {
        const chainUnknown = reach.path.some((actor) => actor.unknown);
        for (const { target, held } of directByActor.get(reach.role) ?? []) {
          if (!wanted(origin, target)) continue;
          const unknown = chainUnknown || this.isUnknown(target);
          for (const h of held) this.add(target, origin, h, reach, unknown);
        }
      }
    }
  }

  private isUnknown(target: Target): boolean {
    return this.unknownSubjects.has(target.arn);
  }

  private add(target: Target, actor: Actor, held: Held, reach: Reach | undefined, unknown: boolean): void {
    let byActor = this.byTarget.get(target);
    if (!byActor) {
      byActor = new Map();
      this.byTarget.set(target, byActor);
    }
    let byCapability = byActor.get(actor);
    if (!byCapability) {
      byCapability = new Map();
      byActor.set(actor, byCapability);
    }
    const routes = byCapability.get(held.capability);
    if (routes) routes.push({ held, reach, unknown });
    else byCapability.set(held.capability, [{ held, reach, unknown }]);
  }

  /** The grants, by target in the order added, then principal, then capability. */
  grants(): Grant[] {
    const grants: Grant[] = [];
    for (const [target, byActor] of this.byTarget) {
      const actors = [...byActor.keys()].sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0));
      for (const actor of actors) {
        const byCapability = byActor.get(actor) as RoutesByCapability;
        for (const capability of CAPABILITIES) {
          const routes = byCapability.get(capability);
          if (routes) grants.push(grantOf(actor, target, capability, routes));
        }
      }
    }
    return grants;
  }
}

function grantOf(actor: Actor, target: Target, capability: Capability, routes: readonly Route[]): Grant {
  const only = routes.length === 1 ? (routes[0] as Route) : undefined;
  if (only && !only.reach) return directGrant(actor, target, only);
  const unconditional = routes.filter((route) => !routeConditional(route));
  const chosen = shortest(unconditional.length > 0 ? unconditional : routes);
  // The reasons shown: the direct routes, and the chain whose path the grant shows.
  const shown = routes.filter((route) => !route.reach || route === chosen);
  const grant: Grant = {
    principal: actor.principal,
    principalType: actor.type,
    resource: target.arn,
    resourceType: target.resource.type,
    capability,
    actions: only ? only.held.actions : [...new Set(routes.flatMap((r) => r.held.actions))].sort(),
    conditional: unconditional.length === 0,
    conditions: unconditional.length > 0 ? [] : uniqueConditions(routeConditions(chosen)),
    via: uniqueStatements(shown.flatMap(routeVia)),
  };
  if (chosen.reach) grant.path = chosen.reach.path.map((a) => a.principal);
  if (routes.every((route) => route.held.fallback)) grant.fallback = true;
  if (routes.every((route) => route.unknown)) grant.unknown = true;
  return grant;
}

/** The common case, one direct route: the grant shares the decision's lists. */
function directGrant(actor: Actor, target: Target, { held, unknown }: Route): Grant {
  const grant: Grant = {
    principal: actor.principal,
    principalType: actor.type,
    resource: target.arn,
    resourceType: target.resource.type,
    capability: held.capability,
    actions: held.actions,
    conditional: held.conditional,
    conditions: held.conditions,
    via: held.via,
  };
  if (held.fallback) grant.fallback = true;
  if (unknown) grant.unknown = true;
  return grant;
}

function routeConditional(route: Route): boolean {
  return route.held.conditional || (route.reach?.edges.some((edge) => edge.held.conditional) ?? false);
}

function routeConditions(route: Route): GrantCondition[] {
  return [...(route.reach?.edges.flatMap((edge) => edge.held.conditions) ?? []), ...route.held.conditions];
}

function routeVia(route: Route): StatementRef[] {
  return [...(route.reach?.edges.flatMap((edge) => edge.held.via) ?? []), ...route.held.via];
}

/** A direct route if any, else the shortest chain (then the first by its principals). */
function shortest(routes: readonly Route[]): Route {
  let best = routes[0] as Route;
  for (const route of routes) {
    const length = route.reach?.path.length ?? 0;
    const bestLength = best.reach?.path.length ?? 0;
    if (length < bestLength || (length === bestLength && pathText(route) < pathText(best))) best = route;
  }
  return best;
}

const pathText = (route: Route): string => route.reach?.path.map((a) => a.principal).join('\u0000') ?? '';

function uniqueConditions(conditions: readonly GrantCondition[]): GrantCondition[] {
  const seen = new Map<string, GrantCondition>();
  for (const condition of conditions) seen.set(conditionKey(condition), condition);
  return [...seen.values()];
}

function uniqueStatements(refs: readonly StatementRef[]): StatementRef[] {
  const seen = new Map<string, StatementRef>();
  for (const ref of refs) if (!seen.has(statementKey(ref))) seen.set(statementKey(ref), ref);
  return [...seen.values()];
}
