/**
 * From decisions to grants. A principal can hold a capability on a resource by its own
 * policies and through any number of role chains; all of these routes make one grant:
 * the actions of all routes; unconditional when one route is; the path of the shortest route
 * among the unconditional ones if any, else among all (none for a direct route), whose
 * conditions are shown; the reasons of the direct routes and of that chain.
 */
import { CAPABILITIES, conditionKey, statementKey, type Capability, type Grant, type GrantCondition, type StatementRef } from '../model/access.js';
import type { Actor } from './actors.js';
import type { Reach } from './chains.js';
import type { Held } from './decide.js';
import type { DirectResult } from './pairs.js';
import type { Target } from './targets.js';

interface Route {
  held: Held;
  reach: Reach | undefined;
  unknown: boolean;
}

type RoutesByCapability = Map<Capability, Route[]>;

/** A role an origin reaches, seen from the role. */
interface ReachedBy {
  origin: Actor;
  reach: Reach;
}

/**
 * The grants of direct results and role chains, built one target at a time (routes of one
 * target are merged, then dropped): by target in the order of the results, then principal,
 * then capability. `wanted` keeps only some (principal, target) pairs, of direct and chain
 * routes alike.
 */
export function buildGrants(
  direct: readonly DirectResult<Target>[],
  reaches: ReadonlyMap<Actor, readonly Reach[]>,
  unknownSubjects: ReadonlySet<string>,
  wanted: (origin: Actor, target: Target) => boolean = () => true,
): Grant[] {
  const reachedBy = new Map<Actor, ReachedBy[]>();
  for (const [origin, list] of reaches) {
    for (const reach of list) {
      const by = reachedBy.get(reach.role);
      if (by) by.push({ origin, reach });
      else reachedBy.set(reach.role, [{ origin, reach }]);
    }
  }
  const grants: Grant[] = [];
  let start = 0;
  while (start < direct.length) {
    const target = (direct[start] as DirectResult<Target>).target;
    let end = start;
    while (end < direct.length && (direct[end] as DirectResult<Target>).target === target) end++;
    grants.push(...targetGrants(target, direct.slice(start, end), reachedBy, unknownSubjects.has(target.arn), wanted));
    start = end;
  }
  return grants;
}

function targetGrants(
  target: Target,
  results: readonly DirectResult<Target>[],
  reachedBy: ReadonlyMap<Actor, readonly ReachedBy[]>,
  targetUnknown: boolean,
  wanted: (origin: Actor, target: Target) => boolean,
): Grant[] {
  const byActor = new Map<Actor, RoutesByCapability>();
  const add = (actor: Actor, held: Held, reach: Reach | undefined, unknown: boolean): void => {
    let byCapability = byActor.get(actor);
    if (!byCapability) {
      byCapability = new Map();
      byActor.set(actor, byCapability);
    }
    const routes = byCapability.get(held.capability);
    if (routes) routes.push({ held, reach, unknown });
    else byCapability.set(held.capability, [{ held, reach, unknown }]);
  };
  for (const { actor, held } of results) {
    if (wanted(actor, target)) for (const h of held) add(actor, h, undefined, actor.unknown || targetUnknown);
    for (const { origin, reach } of reachedBy.get(actor) ?? []) {
      if (!wanted(origin, target)) continue;
      const unknown = targetUnknown || reach.path.some((a) => a.unknown);
      for (const h of held) add(origin, h, reach, unknown);
    }
  }
  const grants: Grant[] = [];
  const actors = [...byActor.keys()].sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0));
  for (let i = 0; i < actors.length; ) {
    // One grant per principal: a principal outside the inventory has one actor per case (its
    // identity assumed to allow only across accounts), and routes through roles of two accounts
    // can bring both here. Their routes are merged.
    let end = i + 1;
    while (end < actors.length && (actors[end] as Actor).principal === (actors[i] as Actor).principal) end++;
    const byCapability = end === i + 1 ? (byActor.get(actors[i] as Actor) as RoutesByCapability) : mergedRoutes(actors.slice(i, end).map((actor) => byActor.get(actor) as RoutesByCapability));
    for (const capability of CAPABILITIES) {
      const routes = byCapability.get(capability);
      if (routes) grants.push(grantOf(actors[i] as Actor, target, capability, routes));
    }
    i = end;
  }
  return grants;
}

function mergedRoutes(lists: readonly RoutesByCapability[]): RoutesByCapability {
  const merged: RoutesByCapability = new Map();
  for (const byCapability of lists) for (const [capability, routes] of byCapability) merged.set(capability, [...(merged.get(capability) ?? []), ...routes]);
  return merged;
}

function grantOf(actor: Actor, target: Target, capability: Capability, routes: readonly Route[]): Grant {
  const only = routes.length === 1 ? (routes[0] as Route) : undefined;
  if (only && !only.reach) return directGrant(actor, target, only);
  const unconditional = routes.filter((route) => !routeConditional(route));
  const chosen = shortest(unconditional.length > 0 ? unconditional : routes);
  // The reasons shown: the direct routes, then the chain whose path the grant shows (in this
  // order whatever order the routes were found in: a delta finds them in another than a full
  // computation).
  const shown = [...routes.filter((route) => !route.reach), ...(chosen.reach ? [chosen] : [])];
  const grant: Grant = {
    principal: actor.principal,
    principalType: actor.type,
    resource: target.arn,
    resourceType: target.resource.type,
    capability,
    actions: only ? only.held.actions : unionOfActions(routes),
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

/**
 * The sorted union of the routes' actions. Routes through many roles mostly share one decision's
 * list (the same array): each distinct list is read once, and one alone is the union.
 */
function unionOfActions(routes: readonly Route[]): string[] {
  const lists = new Set(routes.map((route) => route.held.actions));
  if (lists.size === 1) return routes[0]!.held.actions;
  const actions = new Set<string>();
  for (const list of lists) for (const action of list) actions.add(action);
  return [...actions].sort();
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
  let bestLength = best.reach?.path.length ?? 0;
  // Paths are compared as text only between routes of the same length, each text made once.
  let bestText: string | undefined;
  for (const route of routes) {
    const length = route.reach?.path.length ?? 0;
    if (route === best || length > bestLength) continue;
    if (length < bestLength) {
      best = route;
      bestLength = length;
      bestText = undefined;
      continue;
    }
    bestText ??= pathText(best);
    const text = pathText(route);
    if (text < bestText) {
      best = route;
      bestText = text;
    }
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
  for (const ref of refs) {
    const key = statementKey(ref);
    if (!seen.has(key)) seen.set(key, ref);
  }
  return [...seen.values()];
}
