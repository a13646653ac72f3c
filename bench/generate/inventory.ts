/**
 * A World as an Inventory, without going through files: for tests that need many varied
 * inventories (the incremental-delta equivalence test) and to compare with what the readers
 * make of the rendered files.
 */
import { emptyInventory, type Inventory, type PolicyDocument, type Resource } from '../../src/model/inventory.js';
import { ACCOUNT, groupArn, ORG_ACCOUNTS, ORG_ID, roleArn, userArn, type NamedPolicy, type PolicyDoc, type World, type WorldResource } from './world.js';

const RESOURCE_TYPES: Record<WorldResource['kind'], string> = { bucket: 'AWS::S3::Bucket', key: 'AWS::KMS::Key', queue: 'AWS::SQS::Queue', table: 'AWS::DynamoDB::Table' };

const inline = (owner: string, policies: NamedPolicy[]): PolicyDocument[] => policies.map((p) => ({ id: `${owner}#inline/${p.name}`, name: p.name, kind: 'inline', document: p.document }));

/** The organization's SCP levels for its accounts: root, the workloads OU, the account. */
export function organizationSCPs(): NonNullable<Inventory['organization']> {
  const level = (target: string, documents: [string, PolicyDoc][]) => ({ target, policies: documents.map(([name, document]): PolicyDocument => ({ id: `arn:aws:organizations::999900000000:policy/${ORG_ID}/service_control_policy/p-${name}`, name, kind: 'scp', document })) });
  const full: PolicyDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const root = level('r-a1b2', [['FullAWSAccess', full], ['DenyLeaveOrganization', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }]]);
  const workloads = level('ou-a1b2-workload', [['FullAWSAccess', full], ['DenyOutsideEu', { Version: '2012-10-17', Statement: [{ Sid: 'DenyOutsideEu', Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*', 'support:*', 'cloudfront:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } }] }]]);
  const account = (id: string) => level(id, [['FullAWSAccess', full], [`ProtectKeys-${id}`, { Version: '2012-10-17', Statement: [{ Sid: 'ProtectKeys', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'], Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${id}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_set00_*` } } }] }]]);
  const scpLevels = Object.fromEntries([ACCOUNT, ...ORG_ACCOUNTS].map((id) => [id, [root, workloads, account(id)]]));
  return { id: ORG_ID, managementAccountId: '999900000000', scpLevels, rcpLevels: {} };
}

export function worldInventory(world: World): Inventory {
  const inventory = emptyInventory(ACCOUNT);
  inventory.managedPolicies = world.policies.map((p) => ({ arn: p.arn, name: p.name, awsManaged: p.awsManaged, policy: { id: p.arn, name: p.name, kind: 'managed', document: p.document } }));
  inventory.groups = world.groups.map((g) => {
    const arn = groupArn(g);
    return { arn, name: g.name, path: g.path, accountId: ACCOUNT, inlinePolicies: inline(arn, g.inline), managedPolicyArns: g.managed };
  });
  const groupArns = new Map(world.groups.map((g) => [g.name, groupArn(g)]));
  inventory.principals = [
    ...world.roles.map((r) => {
      const arn = roleArn(r);
      return { arn, type: 'IAMRole' as const, name: r.name, path: r.path, accountId: ACCOUNT, inlinePolicies: inline(arn, r.inline), managedPolicyArns: r.managed, groupArns: [], ...(r.boundary ? { permissionsBoundaryArn: r.boundary } : {}), trustPolicy: { id: `${arn}#trust`, name: `${r.name} trust policy`, kind: 'trust' as const, document: r.trust }, tags: r.tags };
    }),
    ...world.users.map((u) => {
      const arn = userArn(u);
      return { arn, type: 'IAMUser' as const, name: u.name, path: u.path, accountId: ACCOUNT, inlinePolicies: inline(arn, u.inline), managedPolicyArns: u.managed, groupArns: u.groups.map((name) => groupArns.get(name) as string), ...(u.boundary ? { permissionsBoundaryArn: u.boundary } : {}), tags: u.tags };
    }),
  ];
  inventory.resources = world.resources.map((r): Resource => ({
    arn: r.arn,
    type: RESOURCE_TYPES[r.kind],
    name: r.name,
    accountId: ACCOUNT,
    region: r.kind === 'bucket' ? undefined : 'eu-west-1',
    tags: r.tags,
    policy: { id: `${r.arn}#policy`, name: `${r.name} policy`, kind: 'resource', document: r.policy },
  }));
  inventory.organization = organizationSCPs();
  return inventory;
}
