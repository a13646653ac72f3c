/** Renders a World's IAM part as the JSON of `aws iam get-account-authorization-details`. */
import { groupArn, roleArn, userArn, type NamedPolicy, type World } from './world.js';

const CREATED = '2023-04-12T09:30:00Z';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** IAM unique ids look like `AROA` + 17 base-32 characters; derive them from a counter. */
function uniqueId(prefix: string, counter: number): string {
  let rest = '';
  let value = counter * 2654435761;
  for (let i = 0; i < 17; i++) {
    rest += ALPHABET[value % 32];
    value = Math.floor(value / 32) + i * 7919;
  }
  return prefix + rest;
}

const inlineList = (policies: NamedPolicy[]) => policies.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));

export function renderAuthorizationDetails(world: World): unknown {
  const policyNames = new Map(world.policies.map((p) => [p.arn, p.name]));
  const attached = (arns: string[]) => arns.map((arn) => ({ PolicyName: policyNames.get(arn) ?? arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
  const attachmentCounts = new Map<string, number>();
  const boundaryCounts = new Map<string, number>();
  const count = (map: Map<string, number>, arn: string) => map.set(arn, (map.get(arn) ?? 0) + 1);
  for (const holder of [...world.roles, ...world.users, ...world.groups]) holder.managed.forEach((arn) => count(attachmentCounts, arn));
  for (const holder of [...world.roles, ...world.users]) if (holder.boundary) count(boundaryCounts, holder.boundary);
  const boundary = (arn: string | undefined) => (arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } : {});
  const tags = (record: Record<string, string>) => Object.entries(record).map(([Key, Value]) => ({ Key, Value }));

  /** The fields every user, group and role entry starts with. */
  const entry = (kind: 'User' | 'Group' | 'Role', idPrefix: string, index: number, holder: { path: string; name: string; managed: string[] }, arn: string) => ({
    Path: holder.path,
    [`${kind}Name`]: holder.name,
    [`${kind}Id`]: uniqueId(idPrefix, index + 1),
    Arn: arn,
    CreateDate: CREATED,
    AttachedManagedPolicies: attached(holder.managed),
  });

  return {
    UserDetailList: world.users.map((user, i) => ({
      ...entry('User', 'AIDA', i, user, userArn(user)),
      UserPolicyList: inlineList(user.inline),
      GroupList: user.groups,
      ...boundary(user.boundary),
      Tags: tags(user.tags),
    })),
    GroupDetailList: world.groups.map((group, i) => ({ ...entry('Group', 'AGPA', i, group, groupArn(group)), GroupPolicyList: inlineList(group.inline) })),
    RoleDetailList: world.roles.map((role, i) => ({
      ...entry('Role', 'AROA', i, role, roleArn(role)),
      AssumeRolePolicyDocument: role.trust,
      InstanceProfileList: [],
      RolePolicyList: inlineList(role.inline),
      ...boundary(role.boundary),
      Tags: tags(role.tags),
      RoleLastUsed: {},
    })),
    Policies: world.policies.map((policy, i) => ({
      PolicyName: policy.name,
      PolicyId: uniqueId('ANPA', i + 1),
      Arn: policy.arn,
      Path: policy.path,
      DefaultVersionId: 'v1',
      AttachmentCount: attachmentCounts.get(policy.arn) ?? 0,
      PermissionsBoundaryUsageCount: boundaryCounts.get(policy.arn) ?? 0,
      IsAttachable: true,
      CreateDate: CREATED,
      UpdateDate: CREATED,
      PolicyVersionList: [{ Document: policy.document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: CREATED }],
    })),
  };
}
