/**
 * The capability map: which of the six capabilities an IAM action gives on the resource it
 * acts on. Curated table first (src/iam/capability-table*.ts); every other action falls back on
 * its access level, and such capabilities are marked `fallback: true`.
 */
import type { Capability } from '../model/access.js';
import type { AccessLevel, ActionInfo, Catalog } from './catalog.js';
import { CURATED_SERVICES, type CuratedService } from './capability-table.js';

export interface CapabilityAssignment {
  capability: Capability;
  /** True when it came from the access-level fallback, not from the curated table. */
  fallback: boolean;
}

/** One step of the fallback; the first rule whose access level (and name prefix) fits applies. */
export interface FallbackRule {
  accessLevel: AccessLevel;
  /** Only actions whose name (without the service prefix) starts with this. */
  namePrefix?: string;
  capability: Capability;
}

export const FALLBACK_RULES: readonly FallbackRule[] = [
  { accessLevel: 'Permissions management', capability: 'administer-resource' },
  { accessLevel: 'Tagging', capability: 'administer-resource' },
  { accessLevel: 'List', capability: 'read-config' },
  { accessLevel: 'Read', capability: 'read-config' },
  { accessLevel: 'Write', namePrefix: 'Delete', capability: 'delete-data' },
  { accessLevel: 'Write', capability: 'write-data' },
];

/** Curated capabilities by canonical action name (`s3:GetObject`). */
const curated = new Map<string, CapabilityAssignment[]>();
/** Actions that intentionally give no capability. */
const unmapped = new Set<string>();
for (const service of CURATED_SERVICES) {
  for (const [capability, actions] of Object.entries(service.capabilities) as [Capability, string[]][]) {
    for (const action of actions) {
      const name = `${service.service}:${action}`;
      const assignments = curated.get(name) ?? [];
      assignments.push({ capability, fallback: false });
      curated.set(name, assignments);
    }
  }
  for (const action of Object.keys(service.unmapped ?? {})) unmapped.add(`${service.service}:${action}`);
}

const fallbackAssignments = new Map<Capability, readonly CapabilityAssignment[]>();

/**
 * The capabilities an action gives (any case; empty for an action the catalog does not know
 * and for the few the table lists as giving none). The arrays are shared: do not modify them.
 */
export function capabilitiesOf(action: string, catalog: Catalog): readonly CapabilityAssignment[] {
  const info = catalog.action(action);
  return info === undefined ? [] : capabilitiesOfAction(info);
}

/** Like `capabilitiesOf`, for an action already looked up. */
export function capabilitiesOfAction(info: ActionInfo): readonly CapabilityAssignment[] {
  const listed = curated.get(info.name);
  if (listed !== undefined) return listed;
  if (unmapped.has(info.name)) return [];
  const capability = fallbackCapability(info);
  let assignments = fallbackAssignments.get(capability);
  if (assignments === undefined) {
    assignments = [{ capability, fallback: true }];
    fallbackAssignments.set(capability, assignments);
  }
  return assignments;
}

/** The capability the access-level fallback gives an action. */
export function fallbackCapability(info: ActionInfo): Capability {
  const rule = FALLBACK_RULES.find(
    (candidate) =>
      candidate.accessLevel === info.accessLevel &&
      (candidate.namePrefix === undefined || info.action.startsWith(candidate.namePrefix)),
  );
  // FALLBACK_RULES covers every access level; this only guards against a future catalog level.
  if (rule === undefined) throw new Error(`No capability fallback for access level ${info.accessLevel}`);
  return rule.capability;
}

/** The actions of a service that give a capability (curated or by fallback), in catalog order. */
export function actionsOfCapability(service: string, capability: Capability, catalog: Catalog): ActionInfo[] {
  return catalog
    .actionsOf(service)
    .filter((info) => capabilitiesOfAction(info).some((assignment) => assignment.capability === capability));
}

/** The curated entry of a service, if the table covers it. */
export function curatedService(service: string): CuratedService | undefined {
  const wanted = service.toLowerCase();
  return CURATED_SERVICES.find((entry) => entry.service === wanted);
}

/**
 * True when the table is meant to cover the action: every action of a curated service, or for a
 * partly curated service (SSM: Parameter Store) those on its resource types or listed anyway.
 */
export function isInCuratedScope(info: ActionInfo): boolean {
  const entry = curatedService(info.service);
  if (entry === undefined) return false;
  if (entry.scope === undefined || curated.has(info.name) || unmapped.has(info.name)) return true;
  const inScope = entry.scope.resourceTypes;
  return info.resourceTypes.some((type) => inScope.includes(type.name));
}
