/**
 * A World as an Inventory, without going through files: for tests that need many varied
 * inventories (the incremental-delta equivalence test) and to compare with what the readers
 * make of the rendered files.
 */
import { emptyInventory, type Inventory, type PolicyDocument, type Resource } from '../../src/model/inventory.js';
import { ACCOUNT, groupArn, MANAGEMENT_ACCOUNT, ORG_ACCOUNTS, ORG_ID, ROOT_ID, roleArn, serviceControlPolicies, userArn, WORKLOADS_OU, type NamedPolicy, type World, type WorldResource } from './world.js';

const RESOURCE_TYPES: Record<WorldResource['kind'], string> = { bucket: 'AWS::S3::Bucket', key: 'AWS::KMS::Key', queue: 'AWS::SQS::Queue', table: 'AWS::DynamoDB::Table' };

const inline = (owner: string, policies: NamedPolicy[]): PolicyDocument[] => policies.map((p) => ({ id: `${owner}#inline/${p.name}`, name: p.name, kind: 'inline', document: p.document }));

/**
 * The organization's SCP levels for its accounts (root, workloads OU, account), each with
 * AWS's default FullAWSAccess as a reader of the organization's IaC assumes.
 */
export function organizationSCPs(): NonNullable<Inventory['organization']> {
  const full: PolicyDocument = { id: 'p-FullAWSAccess', name: 'FullAWSAccess', kind: 'scp', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
  const scps = serviceControlPolicies();
  const level = (target: string) => ({ target, policies: [full, ...scps.filter((p) => p.targets.includes(target)).map((p): PolicyDocument => ({ id: p.id, name: p.name, kind: 'scp', document: p.document }))] });
  const scpLevels = Object.fromEntries([ACCOUNT, ...ORG_ACCOUNTS].map((id) => [id, [level(ROOT_ID), level(WORKLOADS_OU), level(id)]]));
  return { id: ORG_ID, managementAccountId: MANAGEMENT_ACCOUNT, scpLevels, rcpLevels: {} };
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
