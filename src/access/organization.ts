/**
 * The organization's guardrails per account: SCP levels for principals, RCP levels for
 * resources, compiled once per account.
 */
import type { CompiledPolicy } from '../iam/policy.js';
import type { Inventory, OrgPolicyLevel, PolicyDocument } from '../model/inventory.js';
import type { PolicyCompiler } from './compiled.js';

type Levels = readonly (readonly CompiledPolicy[])[];

export class Organization {
  private readonly scps = new Map<string, Levels>();
  private readonly rcps = new Map<string, Levels>();
  private readonly scpDocuments = new Map<string, readonly PolicyDocument[]>();
  private readonly rcpDocuments = new Map<string, readonly PolicyDocument[]>();

  constructor(
    private readonly organization: Inventory['organization'],
    private readonly compiler: PolicyCompiler,
  ) {}

  /** The organization id of an account known to be a member, else undefined. */
  orgIdOf(account: string | undefined): string | undefined {
    return account !== undefined && this.isMember(account) ? this.organization?.id : undefined;
  }

  /** Accounts in scope of the organization's policies are its members. */
  isMember(account: string): boolean {
    return this.organization !== undefined && (Object.hasOwn(this.organization.scpLevels, account) || Object.hasOwn(this.organization.rcpLevels, account));
  }

  isManagementAccount(account: string | undefined): boolean {
    return account !== undefined && account === this.organization?.managementAccountId;
  }

  /** Every account the organization tells something about. */
  accounts(): string[] {
    const { scpLevels = {}, rcpLevels = {}, managementAccountId } = this.organization ?? {};
    return [...new Set([...Object.keys(scpLevels), ...Object.keys(rcpLevels), ...(managementAccountId === undefined ? [] : [managementAccountId])])];
  }

  /** SCP levels (root first) of a member account; empty when none are known. */
  scpsOf(account: string | undefined): Levels {
    return this.levels(this.scps, account, this.organization?.scpLevels);
  }

  /** The SCP documents of an account's levels, uncompiled. */
  scpDocumentsOf(account: string): readonly PolicyDocument[] {
    return this.documents(this.scpDocuments, account, this.organization?.scpLevels);
  }

  /** The RCP documents of an account's levels, uncompiled. */
  rcpDocumentsOf(account: string): readonly PolicyDocument[] {
    return this.documents(this.rcpDocuments, account, this.organization?.rcpLevels);
  }

  private documents(cache: Map<string, readonly PolicyDocument[]>, account: string, byAccount: Record<string, OrgPolicyLevel[]> | undefined): readonly PolicyDocument[] {
    let documents = cache.get(account);
    if (!documents) {
      documents = levelsOf(byAccount, account).flatMap((level) => level.policies);
      cache.set(account, documents);
    }
    return documents;
  }

  rcpsOf(account: string | undefined): Levels {
    return this.levels(this.rcps, account, this.organization?.rcpLevels);
  }

  private levels(cache: Map<string, Levels>, account: string | undefined, byAccount: Record<string, OrgPolicyLevel[]> | undefined): Levels {
    if (account === undefined) return [];
    let levels = cache.get(account);
    if (!levels) {
      levels = levelsOf(byAccount, account).map((level) => level.policies.map((policy) => this.compiler.compile(policy)));
      cache.set(account, levels);
    }
    return levels;
  }
}

/** The policy levels above `account`: an own key only (an account id is text from the inputs). */
function levelsOf(byAccount: Record<string, OrgPolicyLevel[]> | undefined, account: string): OrgPolicyLevel[] {
  return byAccount !== undefined && Object.hasOwn(byAccount, account) ? (byAccount[account] ?? []) : [];
}
