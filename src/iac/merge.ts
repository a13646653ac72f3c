/**
 * State = account inventory ⊕ IaC (DESIGN.md §1). The IaC's view of a principal, group,
 * managed policy or resource replaces the inventory's; a `partial` view (an attachment to a
 * role the IaC does not create) adds its parts to the inventory's view instead. Principals and
 * groups are matched by account and name, since their ARN also holds a path that partial views
 * may not know.
 */
import type { Group, Inventory, Principal, Resource, State } from '../model/inventory.js';

/** `overlay` over `base`: what `overlay` declares wins. */
export function mergeInventories(base: Inventory, overlay: Inventory): Inventory {
  const renames = new Map<string, string>();
  const principals = mergeIdentities(base.principals, overlay.principals, principalKey, mergePrincipal, renames);
  const groups = mergeIdentities(base.groups, overlay.groups, groupKey, mergeGroup, renames);
  const rename = (arn: string): string => renames.get(arn) ?? arn;
  const organization = overlay.organization ?? base.organization;
  const publicAccessBlock = overlay.accountPublicAccessBlock ?? base.accountPublicAccessBlock;
  const accountId = overlay.accountId ?? base.accountId;
  return {
    ...(accountId === undefined ? {} : { accountId }),
    principals: principals.map((principal) => withRenamedGroups(principal, rename)),
    groups,
    managedPolicies: byKey([...base.managedPolicies, ...overlay.managedPolicies], (p) => p.arn),
    resources: mergeResources(base.resources, overlay.resources),
    ...(organization
      ? { organization: { ...base.organization, ...organization, scpLevels: { ...base.organization?.scpLevels, ...organization.scpLevels }, rcpLevels: { ...base.organization?.rcpLevels, ...organization.rcpLevels } } }
      : {}),
    ...(publicAccessBlock ? { accountPublicAccessBlock: publicAccessBlock } : {}),
    instanceProfiles: byKey([...base.instanceProfiles, ...overlay.instanceProfiles.map((p) => ({ ...p, roleArns: p.roleArns.map(rename) }))], (p) => p.arn),
    identityProviders: byKey([...base.identityProviders, ...overlay.identityProviders], (p) => p.arn),
    workloads: byKey([...base.workloads, ...overlay.workloads.map((w) => ({ ...w, roleArn: rename(w.roleArn) }))], (w) => `${w.id}|${w.kind}|${w.roleArn}`),
    unknowns: byKey([...base.unknowns, ...overlay.unknowns.map((u) => (u.subject ? { ...u, subject: rename(u.subject) } : u))], (u) => `${u.address}|${u.attribute}|${u.subject ?? ''}`),
    notices: byKey([...base.notices, ...overlay.notices], (n) => `${n.level}|${n.message}`),
  };
}

/**
 * The state a PR produces on top of an account inventory: before = inventory ⊕ IaC before;
 * after = (inventory without what the IaC removes) ⊕ IaC after. What the IaC removes: what its
 * before side declares and its after side no longer does (a deleted role, a detached policy).
 */
export function overlayState(inventory: Inventory, iac: State): State {
  return {
    before: mergeInventories(inventory, iac.before),
    after: mergeInventories(withoutRemoved(inventory, iac.before, iac.after), iac.after),
  };
}

/** Several plans or templates of one PR, each over the ones before it. */
export function mergeStates(states: readonly State[]): State {
  const [first, ...rest] = states;
  if (!first) throw new Error('mergeStates needs at least one state');
  return rest.reduce((merged, state) => ({ before: mergeInventories(merged.before, state.before), after: mergeInventories(merged.after, state.after) }), first);
}

type Identity = Principal | Group;

function principalKey(p: Principal): string {
  return `${p.accountId}|${p.type}|${p.name}`;
}

function groupKey(g: Group): string {
  return `${g.accountId}|group|${g.name}`;
}

/** Identities are shared, never mutated: a merge or a rename makes a new object. */
function mergeIdentities<T extends Identity>(base: T[], overlay: T[], key: (item: T) => string, merge: (base: T, partial: T) => T, renames: Map<string, string>): T[] {
  const result = new Map(base.map((item) => [key(item), item]));
  for (const item of overlay) {
    const existing = result.get(key(item));
    if (existing && item.partial) {
      if (existing.arn !== item.arn) renames.set(item.arn, existing.arn);
      result.set(key(item), merge(existing, item));
    } else {
      if (existing && existing.arn !== item.arn && existing.partial) renames.set(existing.arn, item.arn);
      result.set(key(item), item);
    }
  }
  return [...result.values()];
}

/** The principal with its group ARNs renamed and deduplicated: itself when that changes nothing. */
function withRenamedGroups(principal: Principal, rename: (arn: string) => string): Principal {
  if (principal.groupArns.length === 0) return principal;
  const groupArns = unique(principal.groupArns.map(rename));
  const same = groupArns.length === principal.groupArns.length && groupArns.every((arn, i) => arn === principal.groupArns[i]);
  return same ? principal : { ...principal, groupArns };
}

function mergePrincipal(base: Principal, partial: Principal): Principal {
  return { ...mergeGroup(base, partial), groupArns: unique([...base.groupArns, ...partial.groupArns]) };
}

function mergeGroup<T extends Identity>(base: T, partial: T): T {
  const names = new Set(partial.inlinePolicies.map((p) => p.name));
  return {
    ...base,
    inlinePolicies: [...base.inlinePolicies.filter((p) => !names.has(p.name)), ...partial.inlinePolicies],
    managedPolicyArns: unique([...base.managedPolicyArns, ...partial.managedPolicyArns]),
    ...(base.managedPolicySources || partial.managedPolicySources ? { managedPolicySources: { ...base.managedPolicySources, ...partial.managedPolicySources } } : {}),
  };
}

function mergeResources(base: Resource[], overlay: Resource[]): Resource[] {
  const result = new Map(base.map((r) => [r.arn, r]));
  for (const resource of overlay) {
    const existing = result.get(resource.arn);
    if (existing && resource.partial) {
      result.set(resource.arn, {
        ...existing,
        tags: { ...existing.tags, ...resource.tags },
        ...(resource.policy ? { policy: resource.policy } : {}),
        ...(resource.publicAccessBlock ? { publicAccessBlock: resource.publicAccessBlock } : {}),
      });
    } else {
      result.set(resource.arn, resource);
    }
  }
  return [...result.values()];
}

/** The inventory without what `before` declares and `after` no longer does. */
function withoutRemoved(inventory: Inventory, before: Inventory, after: Inventory): Inventory {
  const afterPrincipals = new Map(after.principals.map((p) => [principalKey(p), p]));
  const afterGroups = new Map(after.groups.map((g) => [groupKey(g), g]));
  const afterResources = new Map(after.resources.map((r) => [r.arn, r]));
  const gone = <T>(items: T[], key: (item: T) => string, still: Map<string, unknown> | Set<string>) => new Set(items.filter((i) => !still.has(key(i))).map(key));

  const removedPrincipals = gone(before.principals.filter((p) => !p.partial), principalKey, afterPrincipals);
  const removedGroups = gone(before.groups.filter((g) => !g.partial), groupKey, afterGroups);
  const removedPolicies = gone(before.managedPolicies, (p) => p.arn, new Set(after.managedPolicies.map((p) => p.arn)));
  const removedResources = gone(before.resources.filter((r) => !r.partial), (r) => r.arn, afterResources);
  const beforePrincipals = new Map(before.principals.map((p) => [principalKey(p), p]));
  const beforeGroups = new Map(before.groups.map((g) => [groupKey(g), g]));
  const beforeResources = new Map(before.resources.map((r) => [r.arn, r]));

  return {
    ...inventory,
    principals: inventory.principals
      .filter((p) => !removedPrincipals.has(principalKey(p)))
      .map((p) => {
        const partial = beforePrincipals.get(principalKey(p));
        return partial?.partial ? withoutDetached(p, partial, afterPrincipals.get(principalKey(p))) : p;
      }),
    groups: inventory.groups
      .filter((g) => !removedGroups.has(groupKey(g)))
      .map((g) => {
        const partial = beforeGroups.get(groupKey(g));
        return partial?.partial ? withoutDetached(g, partial, afterGroups.get(groupKey(g))) : g;
      }),
    managedPolicies: inventory.managedPolicies.filter((p) => !removedPolicies.has(p.arn)),
    resources: inventory.resources
      .filter((r) => !removedResources.has(r.arn))
      .map((r) => {
        const partial = beforeResources.get(r.arn);
        if (!partial?.partial || !partial.policy || afterResources.get(r.arn)?.policy) return r;
        const { policy: _removed, ...rest } = r;
        return rest;
      }),
  };
}

/** An identity without the inline policies, attachments and memberships a partial view had before and no longer has. */
function withoutDetached<T extends Identity>(item: T, before: T, after: T | undefined): T {
  const dropped = (was: string[], still: string[] | undefined) => new Set(was.filter((x) => !(still ?? []).includes(x)));
  const droppedInline = dropped(before.inlinePolicies.map((p) => p.name), after?.inlinePolicies.map((p) => p.name));
  const droppedManaged = dropped(before.managedPolicyArns, after?.managedPolicyArns);
  const result = {
    ...item,
    inlinePolicies: item.inlinePolicies.filter((p) => !droppedInline.has(p.name)),
    managedPolicyArns: item.managedPolicyArns.filter((a) => !droppedManaged.has(a)),
  };
  if ('groupArns' in result && 'groupArns' in before) {
    // By group name: a partial view builds group ARNs without the group's path.
    const droppedGroups = dropped(before.groupArns.map(lastSegment), after && 'groupArns' in after ? after.groupArns.map(lastSegment) : undefined);
    result.groupArns = result.groupArns.filter((g) => !droppedGroups.has(lastSegment(g)));
  }
  return result;
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function byKey<T>(items: T[], key: (item: T) => string): T[] {
  const result = new Map<string, T>();
  for (const item of items) result.set(key(item), item);
  return [...result.values()];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
