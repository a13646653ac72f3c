/**
 * AWS Organizations in a plan: service and resource control policies, their attachments, and
 * the organization's tree (root, OUs, accounts) when the plan declares it.
 */
import type { PolicyDocument } from '../../model/inventory.js';
import { type ControlKind, controlKind, OrganizationCollector } from '../organization.js';
import type { Handler } from './handler.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';

interface SideOrganization {
  collector: OrganizationCollector;
  /** Control policies by instance address and by policy ID. */
  policies: Map<string, { kind: ControlKind; policy: PolicyDocument }>;
  undeclared: Set<string>;
}

const perSide = new WeakMap<PlanSide, SideOrganization>();

function of(side: PlanSide): SideOrganization {
  let found = perSide.get(side);
  if (!found) {
    found = { collector: new OrganizationCollector(), policies: new Map(), undeclared: new Set() };
    perSide.set(side, found);
  }
  return found;
}

export const ORGANIZATION_HANDLERS: Record<string, Handler> = {
  aws_organizations_organization: {
    phase: 'declare',
    read: (side, inst) => {
      const roots = side.value(inst, 'roots');
      const root = Array.isArray(roots) ? (roots[0] as Record<string, unknown> | undefined) : undefined;
      of(side).collector.organization({
        ...(side.string(inst, 'id') ? { id: side.string(inst, 'id')! } : {}),
        ...(typeof root?.['id'] === 'string' ? { rootId: root['id'] } : {}),
        ...(side.string(inst, 'master_account_id') ? { managementAccountId: side.string(inst, 'master_account_id')! } : {}),
      });
    },
  },
  aws_organizations_organizational_unit: { phase: 'declare', read: (side, inst) => place(side, inst, false) },
  aws_organizations_account: { phase: 'declare', read: (side, inst) => place(side, inst, true) },
  aws_organizations_policy: { phase: 'declare', read: declareControlPolicy },
  aws_organizations_policy_attachment: { phase: 'attach', read: attachControlPolicy },
};

function place(side: PlanSide, inst: TfInstance, isAccount: boolean): void {
  const id = side.string(inst, 'id');
  const parent = side.string(inst, 'parent_id');
  if (id && parent) of(side).collector.place(id, parent, isAccount);
}

function declareControlPolicy(side: PlanSide, inst: TfInstance): void {
  const kind = controlKind(side.string(inst, 'type'));
  if (!kind) return;
  const name = side.name(inst, 'name');
  const id = side.string(inst, 'arn') ?? side.string(inst, 'id') ?? inst.address;
  const policy = side.policy(inst, 'content', { id, name, kind, subject: id });
  if (!policy) return;
  const { policies } = of(side);
  policies.set(inst.address, { kind, policy });
  const policyId = side.string(inst, 'id');
  if (policyId) policies.set(policyId, { kind, policy });
}

function attachControlPolicy(side: PlanSide, inst: TfInstance): void {
  const org = of(side);
  const target = side.string(inst, 'target_id');
  const ref = side.referenced(inst, 'policy_id');
  const policyId = side.string(inst, 'policy_id');
  const declared = (ref && org.policies.get(ref.target.address)) ?? (policyId ? org.policies.get(policyId) : undefined);
  if (!target) {
    side.unknown(inst, 'target_id', declared?.policy.id ?? inst.address);
    return;
  }
  if (declared) org.collector.attach(declared.kind, target, declared.policy);
  else if (policyId && !AWS_DEFAULTS.has(policyId)) {
    org.undeclared.add(`${inst.address} attaches ${policyId}, which this plan does not declare: its content is not known`);
  }
}

const AWS_DEFAULTS = new Set(['p-FullAWSAccess', 'p-RCPFullAWSAccess']);

/** Builds the organization's SCP and RCP levels once every handler has run. */
export function finishOrganization(side: PlanSide): void {
  const org = perSide.get(side);
  if (!org) return;
  for (const message of org.undeclared) side.builder.addNotice({ level: 'warning', message, source: { file: side.file } });
  org.collector.finish(side.builder, { file: side.file });
}
