/**
 * AWS Organizations: service and resource control policies, where they are attached, and the
 * organization's tree (root, OUs, accounts) when the plan declares it. Every level of an
 * account's path keeps AWS's default `FullAWSAccess` / `RCPFullAWSAccess` policy, which a plan
 * cannot show (see docs/readers.md).
 */
import type { OrgPolicyLevel, PolicyDocument, SourceLocation } from '../../model/inventory.js';
import { policyDocument } from '../policy.js';
import type { Handler } from './handler.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';

type ControlKind = 'scp' | 'rcp';

const KINDS: Record<string, ControlKind> = {
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
};

interface OrgFacts {
  policies: Map<string, { kind: ControlKind; policy: PolicyDocument }>;
  attachments: Array<{ kind: ControlKind; target: string; policy: PolicyDocument }>;
  parents: Map<string, string>;
  rootId?: string;
  orgId?: string;
  managementAccountId?: string;
  accounts: Set<string>;
  notices: Set<string>;
}

const facts = new WeakMap<PlanSide, OrgFacts>();

function factsOf(side: PlanSide): OrgFacts {
  let found = facts.get(side);
  if (!found) {
    found = { policies: new Map(), attachments: [], parents: new Map(), accounts: new Set(), notices: new Set() };
    facts.set(side, found);
  }
  return found;
}

export const ORGANIZATION_HANDLERS: Record<string, Handler> = {
  aws_organizations_organization: {
    phase: 'declare',
    read: (side, inst) => {
      const org = factsOf(side);
      const id = side.string(inst, 'id');
      if (id) org.orgId = id;
      const management = side.string(inst, 'master_account_id');
      if (management) org.managementAccountId = management;
      const roots = side.value(inst, 'roots');
      const root = Array.isArray(roots) ? (roots[0] as Record<string, unknown> | undefined) : undefined;
      if (typeof root?.['id'] === 'string') org.rootId = root['id'];
    },
  },
  aws_organizations_organizational_unit: { phase: 'declare', read: (side, inst) => recordParent(side, inst) },
  aws_organizations_account: {
    phase: 'declare',
    read: (side, inst) => {
      const id = recordParent(side, inst);
      if (id) factsOf(side).accounts.add(id);
    },
  },
  aws_organizations_policy: { phase: 'declare', read: declareControlPolicy },
  aws_organizations_policy_attachment: { phase: 'attach', read: attachControlPolicy },
};

function recordParent(side: PlanSide, inst: TfInstance): string | undefined {
  const id = side.string(inst, 'id');
  const parent = side.string(inst, 'parent_id');
  if (id && parent) factsOf(side).parents.set(id, parent);
  return id;
}

function declareControlPolicy(side: PlanSide, inst: TfInstance): void {
  const kind = KINDS[side.string(inst, 'type') ?? 'SERVICE_CONTROL_POLICY'];
  if (!kind) return; // tag, backup and AI opt-out policies grant nothing
  const name = side.string(inst, 'name') ?? side.symbol(inst, 'name');
  const id = side.string(inst, 'arn') ?? side.string(inst, 'id') ?? inst.address;
  const policy = side.policy(inst, 'content', { id, name, kind, subject: id });
  if (!policy) return;
  const org = factsOf(side);
  org.policies.set(inst.address, { kind, policy });
  const policyId = side.string(inst, 'id');
  if (policyId) org.policies.set(policyId, { kind, policy });
}

function attachControlPolicy(side: PlanSide, inst: TfInstance): void {
  const org = factsOf(side);
  const target = side.string(inst, 'target_id');
  const ref = side.referenced(inst, 'policy_id');
  const policyId = side.string(inst, 'policy_id');
  const declared = (ref && org.policies.get(ref.target.address)) ?? (policyId ? org.policies.get(policyId) : undefined);
  if (!target) {
    side.unknown(inst, 'target_id', declared?.policy.id ?? inst.address);
    return;
  }
  if (!declared) {
    if (policyId && !AWS_DEFAULTS.has(policyId)) {
      org.notices.add(`${inst.address} attaches ${policyId}, which this plan does not declare: its content is not known`);
    }
    return;
  }
  org.attachments.push({ kind: declared.kind, target, policy: declared.policy });
}

const AWS_DEFAULTS = new Set(['p-FullAWSAccess', 'p-RCPFullAWSAccess']);

/** Builds the organization's SCP and RCP levels once every handler has run. */
export function finishOrganization(side: PlanSide): void {
  const org = facts.get(side);
  if (!org) return;
  for (const message of org.notices) side.builder.addNotice({ level: 'warning', message, source: { file: side.file } });
  if (org.attachments.length === 0) return;
  const organization = side.builder.org();
  if (org.orgId) organization.id = org.orgId;
  if (org.managementAccountId) organization.managementAccountId = org.managementAccountId;
  const accounts = new Set(org.accounts);
  if (side.builder.accountId) accounts.add(side.builder.accountId);
  const root = org.rootId ?? org.attachments.find((a) => a.target.startsWith('r-'))?.target;
  let unplaced = false;
  for (const account of accounts) {
    const path = pathOf(org, account, root);
    if (!path.complete) unplaced = true;
    for (const kind of ['scp', 'rcp'] as const) {
      const levels: OrgPolicyLevel[] = path.targets.map((target) => ({
        target,
        policies: [defaultPolicy(kind, side.facts.partition), ...org.attachments.filter((a) => a.kind === kind && a.target === target).map((a) => a.policy)],
      }));
      if (levels.some((l) => l.policies.length > 1)) (kind === 'scp' ? organization.scpLevels : organization.rcpLevels)[account] = levels;
    }
  }
  const source: SourceLocation = { file: side.file };
  side.builder.addNotice({
    level: 'notice',
    message: 'Organization policy levels assume AWS\'s default FullAWSAccess (SCP) and RCPFullAWSAccess (RCP) policies stay attached at every level; a plan cannot show them',
    source,
  });
  const ous = org.attachments.filter((a) => a.target.startsWith('ou-')).map((a) => a.target);
  if (unplaced && ous.length > 0) {
    side.builder.addNotice({
      level: 'warning',
      message: `Policies attached to ${[...new Set(ous)].join(', ')} apply only to the accounts this plan places under them; the OU path of the other accounts is not in the plan`,
      source,
    });
  }
}

/** The targets from the root to the account, as far as the plan's tree tells. */
function pathOf(org: OrgFacts, account: string, root: string | undefined): { targets: string[]; complete: boolean } {
  const chain: string[] = [account];
  const seen = new Set(chain);
  let current = org.parents.get(account);
  while (current !== undefined && !seen.has(current)) {
    chain.unshift(current);
    seen.add(current);
    current = org.parents.get(current);
  }
  const complete = chain[0]?.startsWith('r-') ?? false;
  if (!complete && root !== undefined) chain.unshift(root);
  return { targets: chain, complete };
}

function defaultPolicy(kind: ControlKind, partition: string): PolicyDocument {
  const name = kind === 'scp' ? 'FullAWSAccess' : 'RCPFullAWSAccess';
  const policyType = kind === 'scp' ? 'service_control_policy' : 'resource_control_policy';
  const statement = kind === 'scp'
    ? { Effect: 'Allow', Action: '*', Resource: '*' }
    : { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
  return policyDocument(`arn:${partition}:organizations::aws:policy/${policyType}/p-${name}`, name, kind, { Version: '2012-10-17', Statement: [statement] }, undefined);
}
