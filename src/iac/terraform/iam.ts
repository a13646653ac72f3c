/** Terraform's IAM resources: users, roles, groups, their policies and attachments, providers. */
import type { Group, IdentityType, PolicyDocument, Principal } from '../../model/inventory.js';
import { iamArn, iamPath, parseArn, parseIamArn } from '../arn.js';
import type { Handler } from './handler.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';

type Kind = 'role' | 'user' | 'group';

export const IAM_HANDLERS: Record<string, Handler> = {
  aws_iam_role: { phase: 'declare', read: (side, inst) => declarePrincipal(side, inst, 'IAMRole') },
  aws_iam_user: { phase: 'declare', read: (side, inst) => declarePrincipal(side, inst, 'IAMUser') },
  aws_iam_group: { phase: 'declare', read: declareGroup },
  aws_iam_policy: { phase: 'declare', read: declareManagedPolicy },
  aws_iam_openid_connect_provider: {
    phase: 'declare',
    read: (side, inst) =>
      side.builder.putIdentityProvider({
        arn: side.declaredArn(inst),
        type: 'oidc',
        ...(side.string(inst, 'url') ? { url: side.string(inst, 'url')!.replace(/^https:\/\//, '') } : {}),
        clientIds: side.strings(inst, 'client_id_list'),
        source: side.source(inst),
      }),
  },
  aws_iam_saml_provider: {
    phase: 'declare',
    read: (side, inst) => side.builder.putIdentityProvider({ arn: side.declaredArn(inst), type: 'saml', source: side.source(inst) }),
  },
  aws_iam_role_policy: { phase: 'attach', read: (side, inst) => attachInline(side, inst, 'role') },
  aws_iam_user_policy: { phase: 'attach', read: (side, inst) => attachInline(side, inst, 'user') },
  aws_iam_group_policy: { phase: 'attach', read: (side, inst) => attachInline(side, inst, 'group') },
  aws_iam_role_policy_attachment: { phase: 'attach', read: (side, inst) => attachManaged(side, inst, 'role', 'role') },
  aws_iam_user_policy_attachment: { phase: 'attach', read: (side, inst) => attachManaged(side, inst, 'user', 'user') },
  aws_iam_group_policy_attachment: { phase: 'attach', read: (side, inst) => attachManaged(side, inst, 'group', 'group') },
  aws_iam_policy_attachment: { phase: 'attach', read: attachToMany },
  aws_iam_role_policies_exclusive: { phase: 'attach', read: keepOnlyInlinePolicies },
  aws_iam_role_policy_attachments_exclusive: { phase: 'attach', read: keepOnlyAttachments },
  aws_iam_group_membership: { phase: 'attach', read: groupMembership },
  aws_iam_user_group_membership: { phase: 'attach', read: userGroups },
  aws_iam_instance_profile: { phase: 'attach', read: instanceProfile },
};

/** Keys of what separate resources manage (see separatelyManaged): `role|NAME|POLICY`. */
function separateKey(kind: Kind, owner: string, item: string): string {
  return `${kind}|${parseIamArn(owner)?.name ?? owner}|${item}`;
}

/** The inline policies and attachments that separate resources manage on a side (see PlanSide.managedSeparately). */
export function separatelyManaged(side: PlanSide, keys: Set<string>): void {
  for (const [type, kind, field] of [
    ['aws_iam_role_policy', 'role', 'name'],
    ['aws_iam_user_policy', 'user', 'name'],
    ['aws_iam_group_policy', 'group', 'name'],
    ['aws_iam_role_policy_attachment', 'role', 'policy_arn'],
    ['aws_iam_user_policy_attachment', 'user', 'policy_arn'],
    ['aws_iam_group_policy_attachment', 'group', 'policy_arn'],
  ] as const) {
    for (const inst of side.ofType(type)) {
      const owner = side.string(inst, kind);
      const item = side.string(inst, field);
      if (owner && item) keys.add(separateKey(kind, owner, item));
    }
  }
  for (const inst of side.ofType('aws_iam_policy_attachment')) {
    const arn = side.string(inst, 'policy_arn');
    if (!arn) continue;
    for (const kind of ['role', 'user', 'group'] as const) {
      for (const owner of side.strings(inst, `${kind}s`)) keys.add(separateKey(kind, owner, arn));
    }
  }
}

function declarePrincipal(side: PlanSide, inst: TfInstance, type: IdentityType): void {
  const kind: Kind = type === 'IAMRole' ? 'role' : 'user';
  const arn = side.declaredArn(inst);
  const entity = parseIamArn(arn);
  const name = entity?.name ?? side.name(inst, 'name');
  const principal: Principal = {
    arn,
    type,
    name,
    path: iamPath(side.string(inst, 'path') ?? entity?.path),
    accountId: parseArn(arn)?.account ?? side.account,
    inlinePolicies: [],
    managedPolicyArns: [],
    groupArns: [],
    tags: side.tags(inst),
    source: side.source(inst),
  };
  const boundary = side.string(inst, 'permissions_boundary');
  if (boundary) principal.permissionsBoundaryArn = boundary;
  else if (side.isUnknown(inst, 'permissions_boundary') && side.isConfigured(inst, 'permissions_boundary')) {
    side.unknown(inst, 'permissions_boundary', arn);
  }
  if (type === 'IAMRole') {
    const trust = side.policy(inst, 'assume_role_policy', { id: `${arn}#trust`, name: `${name} trust policy`, kind: 'trust', subject: arn });
    if (trust) principal.trustPolicy = trust;
  }
  readOwnInlinePolicies(side, inst, principal, kind);
  readOwnAttachments(side, inst, principal, kind);
  side.builder.putPrincipal(principal);
}

function declareGroup(side: PlanSide, inst: TfInstance): void {
  const arn = side.declaredArn(inst);
  const entity = parseIamArn(arn);
  side.builder.putGroup({
    arn,
    name: entity?.name ?? side.name(inst, 'name'),
    path: iamPath(side.string(inst, 'path') ?? entity?.path),
    accountId: parseArn(arn)?.account ?? side.account,
    inlinePolicies: [],
    managedPolicyArns: [],
    source: side.source(inst),
  });
}

/** A role's `inline_policy` blocks, except those separate `aws_iam_role_policy` resources manage. */
function readOwnInlinePolicies(side: PlanSide, inst: TfInstance, principal: Principal, kind: Kind): void {
  const blocks = side.blocks(inst, 'inline_policy');
  if (blocks === undefined) {
    if (side.isConfigured(inst, 'inline_policy')) side.unknown(inst, 'inline_policy', principal.arn);
    return;
  }
  for (const block of blocks) {
    const name = side.string(block, 'name');
    if (!name || side.managedSeparately(separateKey(kind, principal.name, name))) continue;
    const policy = side.policy(block, 'policy', inlineSpec(principal.arn, name));
    if (policy) side.builder.putInlinePolicy(principal, policy);
  }
}

function readOwnAttachments(side: PlanSide, inst: TfInstance, principal: Principal, kind: Kind): void {
  if (side.isUnknown(inst, 'managed_policy_arns')) {
    if (side.isConfigured(inst, 'managed_policy_arns')) side.unknown(inst, 'managed_policy_arns', principal.arn);
    return;
  }
  for (const arn of side.strings(inst, 'managed_policy_arns')) {
    if (!side.managedSeparately(separateKey(kind, principal.name, arn))) {
      side.builder.attachManagedPolicy(principal, arn);
    }
  }
}

function declareManagedPolicy(side: PlanSide, inst: TfInstance): void {
  const arn = side.declaredArn(inst);
  const name = parseIamArn(arn)?.name ?? side.name(inst, 'name');
  // An unknown document is recorded with the policy's ARN as subject (see propagateUnknownPolicies).
  const policy = side.policy(inst, 'policy', { id: arn, name, kind: 'managed', subject: arn });
  if (policy) side.builder.putManagedPolicy({ arn, name, awsManaged: false, policy, source: side.source(inst) });
}

function inlineSpec(ownerArn: string, name: string) {
  return { id: `${ownerArn}#inline/${name}`, name, kind: 'inline' as const, subject: ownerArn };
}

/** The user or role named by `attribute` (a name or an ARN); symbolic when unknown (see ownerRef). */
function principalOf(side: PlanSide, inst: TfInstance, kind: 'role' | 'user', attribute: string): Principal {
  return side.builder.principal(kind === 'role' ? 'IAMRole' : 'IAMUser', ownerRef(side, inst, kind, attribute), side.source(inst));
}

function groupOf(side: PlanSide, inst: TfInstance, attribute: string): Group {
  return side.builder.group(ownerRef(side, inst, 'group', attribute), side.source(inst));
}

/** The name or ARN in `attribute`; when unknown, a symbolic name, and the unknown is recorded. */
function ownerRef(side: PlanSide, inst: TfInstance, kind: Kind, attribute: string): string {
  const pointer = side.pointer(inst, attribute);
  if (pointer) return 'value' in pointer ? pointer.value : pointer.arn;
  const name = side.symbol(inst, attribute);
  side.unknown(inst, attribute, iamArn(side.facts.partition, side.account, kind, '/', name));
  return name;
}

function ownerOf(side: PlanSide, inst: TfInstance, kind: Kind, attribute: string): Principal | Group {
  return kind === 'group' ? groupOf(side, inst, attribute) : principalOf(side, inst, kind, attribute);
}

function attachInline(side: PlanSide, inst: TfInstance, kind: Kind): void {
  const target = ownerOf(side, inst, kind, kind);
  const name = side.name(inst, 'name');
  const policy: PolicyDocument | undefined = side.policy(inst, 'policy', inlineSpec(target.arn, name));
  if (policy) side.builder.putInlinePolicy(target, policy);
}

function attachManaged(side: PlanSide, inst: TfInstance, kind: Kind, attribute: string): void {
  const target = ownerOf(side, inst, kind, attribute);
  const policy = side.pointer(inst, 'policy_arn');
  if (!policy) {
    if (side.isUnknown(inst, 'policy_arn')) side.unknown(inst, 'policy_arn', target.arn);
    return;
  }
  side.builder.attachManagedPolicy(target, 'value' in policy ? policy.value : policy.arn, side.source(inst));
}

/** `aws_iam_policy_attachment`: one policy, exclusively, to lists of users, roles and groups. */
function attachToMany(side: PlanSide, inst: TfInstance): void {
  const pointer = side.pointer(inst, 'policy_arn');
  if (!pointer) {
    if (side.isUnknown(inst, 'policy_arn')) side.unknown(inst, 'policy_arn', inst.address);
    return;
  }
  const arn = 'value' in pointer ? pointer.value : pointer.arn;
  const source = side.source(inst);
  for (const name of side.strings(inst, 'users')) side.builder.attachManagedPolicy(side.builder.principal('IAMUser', name, source), arn, source);
  for (const name of side.strings(inst, 'roles')) side.builder.attachManagedPolicy(side.builder.principal('IAMRole', name, source), arn, source);
  for (const name of side.strings(inst, 'groups')) side.builder.attachManagedPolicy(side.builder.group(name, source), arn, source);
  for (const list of ['users', 'roles', 'groups']) {
    if (side.isUnknown(inst, list)) side.unknown(inst, list, arn);
  }
}

function keepOnlyInlinePolicies(side: PlanSide, inst: TfInstance): void {
  const role = principalOf(side, inst, 'role', 'role_name');
  const keep = exclusiveList(side, inst, 'policy_names', role.arn);
  if (keep) role.inlinePolicies = role.inlinePolicies.filter((p) => keep.has(p.name));
}

function keepOnlyAttachments(side: PlanSide, inst: TfInstance): void {
  const role = principalOf(side, inst, 'role', 'role_name');
  const keep = exclusiveList(side, inst, 'policy_arns', role.arn);
  if (keep) role.managedPolicyArns = role.managedPolicyArns.filter((arn) => keep.has(arn));
}

/** The list an `*_exclusive` resource keeps; undefined (recorded as unknown) until apply. */
function exclusiveList(side: PlanSide, inst: TfInstance, attribute: string, subject: string): Set<string> | undefined {
  if (!side.isUnknown(inst, attribute)) return new Set(side.strings(inst, attribute));
  side.unknown(inst, attribute, subject);
  return undefined;
}

function groupMembership(side: PlanSide, inst: TfInstance): void {
  const group = groupOf(side, inst, 'group');
  if (side.isUnknown(inst, 'users')) side.unknown(inst, 'users', group.arn);
  for (const name of side.strings(inst, 'users')) {
    side.builder.addUserToGroup(side.builder.principal('IAMUser', name, side.source(inst)), group);
  }
}

function userGroups(side: PlanSide, inst: TfInstance): void {
  const user = principalOf(side, inst, 'user', 'user');
  if (side.isUnknown(inst, 'groups')) side.unknown(inst, 'groups', user.arn);
  for (const name of side.strings(inst, 'groups')) {
    side.builder.addUserToGroup(user, side.builder.group(name, side.source(inst)));
  }
}

function instanceProfile(side: PlanSide, inst: TfInstance): void {
  const arn = side.declaredArn(inst);
  const roleArns: string[] = [];
  if (side.value(inst, 'role') !== undefined || side.isUnknown(inst, 'role')) {
    roleArns.push(principalOf(side, inst, 'role', 'role').arn);
  }
  side.builder.putInstanceProfile({
    arn,
    name: parseIamArn(arn)?.name ?? side.name(inst, 'name'),
    roleArns,
    source: side.source(inst),
  });
}
