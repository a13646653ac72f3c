/**
 * Collects what a reader finds into an Inventory. Entities are keyed the way AWS identifies
 * them (principals and groups by account and name, managed policies and resources by ARN),
 * so a policy attachment can find its principal by name or by ARN, whichever the input uses.
 * A reference to something the input does not declare creates a `partial` entry holding just
 * what was attached to it.
 */
import type {
  Group,
  IdentityProvider,
  IdentityType,
  InstanceProfile,
  Inventory,
  ManagedPolicy,
  Notice,
  Organization,
  PolicyDocument,
  Principal,
  PublicAccessBlock,
  Resource,
  SourceLocation,
  UnknownValue,
  Workload,
} from '../model/inventory.js';
import { iamArn, parseArn, parseIamArn } from './arn.js';
import { canonicalUserUnknowns } from './unread.js';

export class InventoryBuilder {
  private readonly principals = new Map<string, Principal>();
  private readonly groups = new Map<string, Group>();
  private readonly managedPolicies = new Map<string, ManagedPolicy>();
  private readonly resources = new Map<string, Resource>();
  private readonly instanceProfiles = new Map<string, InstanceProfile>();
  private readonly instanceProfilesByName = new Map<string, InstanceProfile>();
  private readonly identityProviders = new Map<string, IdentityProvider>();
  private readonly workloads: Workload[] = [];
  private readonly unknowns: UnknownValue[] = [];
  private readonly notices: Notice[] = [];
  private organization: Organization | undefined;
  private accountPublicAccessBlock: PublicAccessBlock | undefined;
  private readonly openAcls: { bucketArn: string; unknown: UnknownValue }[] = [];

  constructor(
    /** The account names resolve in; undefined when no input says. */
    readonly accountId: string | undefined,
    readonly partition = 'aws',
  ) {}

  /** Declares a user or role; a later declaration of the same one replaces it. */
  putPrincipal(principal: Principal): Principal {
    this.principals.set(principalKey(principal.accountId, principal.type, principal.name), principal);
    return principal;
  }

  /** The user or role named (or ARN'd) by `ref`; a partial entry when not declared. */
  principal(type: IdentityType, ref: string, source?: SourceLocation): Principal {
    const { account, path, name } = this.nameAndAccount(ref, type === 'IAMRole' ? 'role' : 'user');
    const key = principalKey(account, type, name);
    const existing = this.principals.get(key);
    if (existing) return existing;
    const stub: Principal = {
      arn: iamArn(this.partition, account, type === 'IAMRole' ? 'role' : 'user', path, name),
      type,
      name,
      path,
      accountId: account,
      inlinePolicies: [],
      managedPolicyArns: [],
      groupArns: [],
      tags: {},
      ...(source ? { source } : {}),
      partial: true,
    };
    this.principals.set(key, stub);
    return stub;
  }

  putGroup(group: Group): Group {
    this.groups.set(principalKey(group.accountId, 'group', group.name), group);
    return group;
  }

  group(ref: string, source?: SourceLocation): Group {
    const { account, path, name } = this.nameAndAccount(ref, 'group');
    const key = principalKey(account, 'group', name);
    const existing = this.groups.get(key);
    if (existing) return existing;
    const stub: Group = {
      arn: iamArn(this.partition, account, 'group', path, name),
      name,
      path,
      accountId: account,
      inlinePolicies: [],
      managedPolicyArns: [],
      ...(source ? { source } : {}),
      partial: true,
    };
    this.groups.set(key, stub);
    return stub;
  }

  putManagedPolicy(policy: ManagedPolicy): void {
    this.managedPolicies.set(policy.arn, policy);
  }

  putResource(resource: Resource): Resource {
    const existing = this.resources.get(resource.arn);
    // A policy or block attached before its owner was read stays attached.
    if (existing?.partial) {
      if (!resource.policy && existing.policy) resource.policy = existing.policy;
      if (!resource.publicAccessBlock && existing.publicAccessBlock) {
        resource.publicAccessBlock = existing.publicAccessBlock;
      }
    }
    this.resources.set(resource.arn, resource);
    return resource;
  }

  /** The resource with this ARN; a partial entry of `type` when not declared. */
  resource(arn: string, type: string, name: string, source?: SourceLocation): Resource {
    const existing = this.resources.get(arn);
    if (existing) return existing;
    const parsed = parseArn(arn);
    const stub: Resource = {
      arn,
      type,
      name,
      accountId: parsed?.account || this.accountId || '',
      ...(parsed?.region ? { region: parsed.region } : {}),
      tags: {},
      ...(source ? { source } : {}),
      partial: true,
    };
    this.resources.set(arn, stub);
    return stub;
  }

  findResource(arn: string): Resource | undefined {
    return this.resources.get(arn);
  }

  /** Adds or replaces (same name) an inline policy. */
  putInlinePolicy(owner: Principal | Group, policy: PolicyDocument): void {
    const index = owner.inlinePolicies.findIndex((p) => p.name === policy.name);
    if (index >= 0) owner.inlinePolicies[index] = policy;
    else owner.inlinePolicies.push(policy);
  }

  /** `source`: where the attachment is written, when that is not where the owner is declared. */
  attachManagedPolicy(owner: Principal | Group, policyArn: string, source?: SourceLocation): void {
    if (!owner.managedPolicyArns.includes(policyArn)) owner.managedPolicyArns.push(policyArn);
    if (source) (owner.managedPolicySources ??= {})[policyArn] = source;
  }

  addUserToGroup(user: Principal, group: Group): void {
    if (!user.groupArns.includes(group.arn)) user.groupArns.push(group.arn);
  }

  putInstanceProfile(profile: InstanceProfile): void {
    this.instanceProfiles.set(profile.arn, profile);
    this.instanceProfilesByName.set(profile.name, profile);
  }

  /** The instance profile with this name, if declared. */
  instanceProfile(name: string): InstanceProfile | undefined {
    return this.instanceProfilesByName.get(name);
  }

  putIdentityProvider(provider: IdentityProvider): void {
    this.identityProviders.set(provider.arn, provider);
  }

  addWorkload(workload: Workload): void {
    this.workloads.push(workload);
  }

  addUnknown(unknown: UnknownValue): void {
    this.unknowns.push(unknown);
  }

  addNotice(notice: Notice): void {
    this.notices.push(notice);
  }

  setAccountPublicAccessBlock(block: PublicAccessBlock): void {
    this.accountPublicAccessBlock = block;
  }

  /** The organization view, created on first use. */
  org(): Organization {
    this.organization ??= { scpLevels: {}, rcpLevels: {} };
    return this.organization;
  }

  /** An ACL that opens the bucket `bucketArn` (openAclUnknown): unknown access where Block Public Access does not ignore it. */
  addOpenAcl(bucketArn: string, unknown: UnknownValue): void {
    this.openAcls.push({ bucketArn, unknown });
  }

  build(): Inventory {
    this.propagatePolicyUnknowns();
    for (const resource of this.resources.values()) this.unknowns.push(...canonicalUserUnknowns(resource));
    // Known only once every resource is read: the bucket's block may come after its ACL.
    for (const { bucketArn, unknown } of this.openAcls) {
      if (!this.resources.get(bucketArn)?.publicAccessBlock?.ignorePublicAcls && !this.accountPublicAccessBlock?.ignorePublicAcls) this.unknowns.push(unknown);
    }
    return {
      ...(this.accountId === undefined ? {} : { accountId: this.accountId }),
      principals: [...this.principals.values()],
      groups: [...this.groups.values()],
      managedPolicies: [...this.managedPolicies.values()],
      resources: [...this.resources.values()],
      ...(this.organization ? { organization: this.organization } : {}),
      ...(this.accountPublicAccessBlock ? { accountPublicAccessBlock: this.accountPublicAccessBlock } : {}),
      instanceProfiles: [...this.instanceProfiles.values()],
      identityProviders: [...this.identityProviders.values()],
      workloads: this.workloads,
      unknowns: this.unknowns,
      notices: this.notices,
    };
  }

  /** A managed policy whose document is unknown leaves every principal attaching it undecided. */
  private propagatePolicyUnknowns(): void {
    const byPolicy = new Map<string, UnknownValue>();
    for (const unknown of this.unknowns) {
      if (unknown.subject && parseIamArn(unknown.subject)?.kind === 'policy') byPolicy.set(unknown.subject, unknown);
    }
    if (byPolicy.size === 0) return;
    const users = [...this.principals.values()];
    for (const holder of [...users, ...this.groups.values()]) {
      for (const policyArn of holder.managedPolicyArns) {
        const unknown = byPolicy.get(policyArn);
        if (!unknown) continue;
        const subjects = 'type' in holder ? [holder] : [holder, ...users.filter((u) => u.groupArns.includes(holder.arn))];
        for (const subject of subjects) {
          if (!this.unknowns.some((u) => u.subject === subject.arn && u.address === unknown.address)) {
            this.unknowns.push({ ...unknown, subject: subject.arn });
          }
        }
      }
    }
  }

  private nameAndAccount(ref: string, kind: 'role' | 'user' | 'group'): { account: string; path: string; name: string } {
    const entity = parseIamArn(ref);
    if (entity && entity.kind === kind) return { account: entity.account, path: entity.path, name: entity.name };
    return { account: this.accountId ?? UNKNOWN_ACCOUNT, path: '/', name: ref };
  }
}

/** Stands for the account when no input names it (see docs/readers.md). */
export const UNKNOWN_ACCOUNT = '${account_id}';

/** Stands for the region when no input names it. */
export const UNKNOWN_REGION = '${region}';

/**
 * A warning when ARNs of the inventories hold the placeholder of an account or region no input
 * named; undefined when none does.
 */
export function placeholderNotice(file: string, inventories: readonly Inventory[]): Notice | undefined {
  const arns = inventories.flatMap((i) => [...i.principals, ...i.groups, ...i.managedPolicies, ...i.resources, ...i.instanceProfiles, ...i.identityProviders].map((e) => e.arn));
  const missing = [
    ...(arns.some((arn) => arn.includes(UNKNOWN_ACCOUNT)) ? [{ what: `the account (ARNs read ${UNKNOWN_ACCOUNT})`, key: '`accountId`' }] : []),
    ...(arns.some((arn) => arn.includes(UNKNOWN_REGION)) ? [{ what: `the region (ARNs read ${UNKNOWN_REGION})`, key: '`region`' }] : []),
  ];
  if (missing.length === 0) return undefined;
  const what = missing.map((m) => m.what).join(' or ');
  const keys = missing.map((m) => m.key).join(' and ');
  return { level: 'warning', message: `${file}: the input does not tell ${what}; set ${keys} in the configuration`, source: { file } };
}

function principalKey(account: string, kind: string, name: string): string {
  return `${account}|${kind}|${name}`;
}
