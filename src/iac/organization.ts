/**
 * Collects AWS Organizations facts (control policies, where they are attached, the tree of
 * root, OUs and accounts) from any reader, and turns them into the Inventory's SCP and RCP
 * levels. Every level keeps AWS's default `FullAWSAccess` / `RCPFullAWSAccess` policy, which
 * IaC does not show (see docs/readers.md).
 */
import type { OrgPolicyLevel, PolicyDocument, SourceLocation } from '../model/inventory.js';
import type { InventoryBuilder } from './builder.js';
import { policyDocument } from './policy.js';

export type ControlKind = 'scp' | 'rcp';

/** `SERVICE_CONTROL_POLICY` → `scp`; other policy types (tag, backup, AI opt-out) grant nothing. */
export function controlKind(type: string | undefined): ControlKind | undefined {
  if (type === undefined || type === 'SERVICE_CONTROL_POLICY') return 'scp';
  return type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : undefined;
}

export class OrganizationCollector {
  private readonly attachments: Array<{ kind: ControlKind; target: string; policy: PolicyDocument }> = [];
  private readonly parents = new Map<string, string>();
  private readonly accounts = new Set<string>();
  private rootId: string | undefined;
  private orgId: string | undefined;
  private managementAccountId: string | undefined;

  organization(facts: { id?: string; rootId?: string; managementAccountId?: string }): void {
    if (facts.id) this.orgId = facts.id;
    if (facts.rootId) this.rootId = facts.rootId;
    if (facts.managementAccountId) this.managementAccountId = facts.managementAccountId;
  }

  /** An OU or account and its parent (root or OU). */
  place(id: string, parent: string, isAccount: boolean): void {
    this.parents.set(id, parent);
    if (isAccount) this.accounts.add(id);
  }

  attach(kind: ControlKind, target: string, policy: PolicyDocument): void {
    this.attachments.push({ kind, target, policy });
  }

  /** Writes the levels of every account in scope (the tree's accounts and the builder's). */
  finish(builder: InventoryBuilder, source: SourceLocation): void {
    if (this.attachments.length === 0) return;
    const organization = builder.org();
    if (this.orgId) organization.id = this.orgId;
    if (this.managementAccountId) organization.managementAccountId = this.managementAccountId;
    const accounts = new Set(this.accounts);
    if (builder.accountId) accounts.add(builder.accountId);
    const root = this.rootId ?? this.attachments.find((a) => a.target.startsWith('r-'))?.target;
    let unplaced = false;
    for (const account of accounts) {
      const path = this.pathOf(account, root);
      if (!path.complete) unplaced = true;
      for (const kind of ['scp', 'rcp'] as const) {
        const levels: OrgPolicyLevel[] = path.targets.map((target) => ({
          target,
          policies: [defaultPolicy(kind, builder.partition), ...this.attachments.filter((a) => a.kind === kind && a.target === target).map((a) => a.policy)],
        }));
        if (levels.some((l) => l.policies.length > 1)) (kind === 'scp' ? organization.scpLevels : organization.rcpLevels)[account] = levels;
      }
    }
    builder.addNotice({
      level: 'notice',
      message: "Organization policy levels assume AWS's default FullAWSAccess (SCP) and RCPFullAWSAccess (RCP) policies stay attached at every level; IaC cannot show them",
      source,
    });
    const ous = [...new Set(this.attachments.filter((a) => a.target.startsWith('ou-')).map((a) => a.target))];
    if (unplaced && ous.length > 0) {
      builder.addNotice({
        level: 'warning',
        message: `Policies attached to ${ous.join(', ')} apply only to the accounts the input places under them; the OU path of the other accounts is not known`,
        source,
      });
    }
  }

  /** The targets from the root to the account, as far as the collected tree tells. */
  private pathOf(account: string, root: string | undefined): { targets: string[]; complete: boolean } {
    const chain: string[] = [account];
    const seen = new Set(chain);
    for (let current = this.parents.get(account); current !== undefined && !seen.has(current); current = this.parents.get(current)) {
      chain.unshift(current);
      seen.add(current);
    }
    const complete = chain[0]?.startsWith('r-') ?? false;
    if (!complete && root !== undefined) chain.unshift(root);
    return { targets: chain, complete };
  }
}

function defaultPolicy(kind: ControlKind, partition: string): PolicyDocument {
  const name = kind === 'scp' ? 'FullAWSAccess' : 'RCPFullAWSAccess';
  const policyType = kind === 'scp' ? 'service_control_policy' : 'resource_control_policy';
  const statement = kind === 'scp' ? { Effect: 'Allow', Action: '*', Resource: '*' } : { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
  return policyDocument(`arn:${partition}:organizations::aws:policy/${policyType}/p-${name}`, name, kind, { Version: '2012-10-17', Statement: [statement] }, undefined);
}
