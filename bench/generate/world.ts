/**
 * A seeded model of a large organization account: IAM users, groups, roles and managed policies,
 * and data resources (buckets, keys, queues, tables) with resource policies. The renderers turn
 * it into `get-account-authorization-details` JSON and Terraform plan JSON.
 */
import { pad, Random } from './random.js';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const ORG_ID = 'o-a1b2c3d4e5';
/** Accounts of the same organization that some resources trust. */
export const ORG_ACCOUNTS = ['222222222222', '333333333333', '444444444444'];
/** An account outside the organization (a vendor). */
export const VENDOR_ACCOUNT = '999999999999';
export const MANAGEMENT_ACCOUNT = '999900000000';
export const ROOT_ID = 'r-a1b2';
export const WORKLOADS_OU = 'ou-a1b2-workload';

/** A service control policy and the targets (root, OU, account) it is attached to. */
export interface WorldScp {
  id: string;
  name: string;
  document: PolicyDoc;
  targets: string[];
}

/** The SCP tree: root → workloads OU → member accounts, a policy of its own at each level. */
export function serviceControlPolicies(): WorldScp[] {
  const scp = (id: string, name: string, targets: string[], statement: Statement): WorldScp => ({ id, name, targets, document: { Version: '2012-10-17', Statement: [statement] } });
  return [
    scp('p-denyleave0', 'DenyLeaveOrganization', [ROOT_ID], { Sid: 'DenyLeave', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }),
    scp('p-denyouteu1', 'DenyOutsideEu', [WORKLOADS_OU], { Sid: 'DenyOutsideEu', Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*', 'support:*', 'cloudfront:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } }),
    scp('p-protectkey', 'ProtectKeys', [ACCOUNT, ...ORG_ACCOUNTS], { Sid: 'ProtectKeys', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'], Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_set00_*' } } }),
  ];
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDoc {
  Version: '2012-10-17';
  Statement: Statement[];
}

export interface NamedPolicy {
  name: string;
  document: PolicyDoc;
}

export interface WorldPolicy {
  arn: string;
  name: string;
  path: string;
  document: PolicyDoc;
  awsManaged: boolean;
}

export interface WorldRole {
  name: string;
  path: string;
  trust: PolicyDoc;
  inline: NamedPolicy[];
  managed: string[];
  boundary?: string;
  tags: Record<string, string>;
  /** Declared in the Terraform configuration as well as present in the account. */
  inTerraform: boolean;
}

export interface WorldUser {
  name: string;
  path: string;
  groups: string[];
  inline: NamedPolicy[];
  managed: string[];
  boundary?: string;
  tags: Record<string, string>;
}

export interface WorldGroup {
  name: string;
  path: string;
  inline: NamedPolicy[];
  managed: string[];
}

export type ResourceKind = 'bucket' | 'key' | 'queue' | 'table';

export interface WorldResource {
  kind: ResourceKind;
  /** Terraform for_each key and resource name (bucket name, queue name, table name, key alias). */
  name: string;
  arn: string;
  /** KMS key id / queue URL / bucket name / table name: Terraform's `id`. */
  id: string;
  tags: Record<string, string>;
  policy: PolicyDoc;
}

export interface World {
  policies: WorldPolicy[];
  roles: WorldRole[];
  users: WorldUser[];
  groups: WorldGroup[];
  resources: WorldResource[];
}

export interface WorldSize {
  roles: number;
  users: number;
  groups: number;
  customerPolicies: number;
  resources: number;
}

export const FULL_SIZE: WorldSize = { roles: 2000, users: 500, groups: 100, customerPolicies: 3000, resources: 1000 };

const DOMAINS = ['payments', 'credit', 'customer', 'ledger', 'analytics', 'fraud', 'reports', 'billing', 'identity', 'support'];
const ENVS = ['prod', 'staging'];
const CLASSIFICATIONS = ['Public', 'Internal', 'Confidential', 'Restricted'];

const iamArn = (kind: string, path: string, name: string, account = ACCOUNT): string => `arn:aws:iam::${account}:${kind}${path}${name}`;
const awsPolicyArn = (name: string): string => `arn:aws:iam::aws:policy/${name}`;
const doc = (...statements: Statement[]): PolicyDoc => ({ Version: '2012-10-17', Statement: statements });

/** AWS-managed policies the account uses (short, realistic documents written for the benchmark). */
function awsManagedPolicies(): WorldPolicy[] {
  const readServices = ['s3', 'kms', 'sqs', 'dynamodb', 'sns', 'lambda', 'ec2', 'ecs', 'rds', 'logs', 'cloudwatch', 'iam', 'secretsmanager', 'ssm', 'ecr', 'events', 'kinesis', 'elasticloadbalancing', 'autoscaling', 'cloudformation', 'route53', 'acm', 'apigateway', 'states', 'glue', 'athena', 'sagemaker', 'elasticache', 'es', 'redshift'];
  const make = (name: string, path: string, document: PolicyDoc): WorldPolicy => ({ arn: awsPolicyArn(`${path.slice(1)}${name}`), name, path, document, awsManaged: true });
  return [
    make('AdministratorAccess', '/', doc({ Effect: 'Allow', Action: '*', Resource: '*' })),
    make('PowerUserAccess', '/', doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }, { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions'], Resource: '*' })),
    make('ReadOnlyAccess', '/', doc({ Effect: 'Allow', Action: readServices.flatMap((s) => [`${s}:Describe*`, `${s}:Get*`, `${s}:List*`]), Resource: '*' })),
    make('SecurityAudit', '/', doc({ Effect: 'Allow', Action: readServices.flatMap((s) => [`${s}:Describe*`, `${s}:List*`]).concat(['s3:GetBucketPolicy', 's3:GetBucketAcl', 'kms:GetKeyPolicy', 'sqs:GetQueueAttributes', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:GetRole']), Resource: '*' })),
    make('AmazonS3ReadOnlyAccess', '/', doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' })),
    make('AmazonDynamoDBReadOnlyAccess', '/', doc({ Effect: 'Allow', Action: ['dynamodb:BatchGetItem', 'dynamodb:Describe*', 'dynamodb:List*', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PartiQLSelect'], Resource: '*' })),
    make('AmazonSQSFullAccess', '/', doc({ Effect: 'Allow', Action: ['sqs:*'], Resource: '*' })),
    make('AWSLambdaBasicExecutionRole', '/service-role/', doc({ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' })),
    make('AmazonSSMManagedInstanceCore', '/', doc({ Effect: 'Allow', Action: ['ssm:DescribeAssociation', 'ssm:GetDeployablePatchSnapshotForInstance', 'ssm:GetDocument', 'ssm:DescribeDocument', 'ssm:GetManifest', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:ListAssociations', 'ssm:ListInstanceAssociations', 'ssm:PutInventory', 'ssm:UpdateInstanceInformation', 'ssmmessages:*', 'ec2messages:*'], Resource: '*' })),
  ];
}

class WorldBuilder {
  readonly policies: WorldPolicy[] = [];
  readonly roles: WorldRole[] = [];
  readonly users: WorldUser[] = [];
  readonly groups: WorldGroup[] = [];
  readonly resources: WorldResource[] = [];
  private readonly byKind = new Map<ResourceKind, WorldResource[]>();
  private readonly appRoleArns = new Map<string, string[]>(); // domain → app role ARNs
  private readonly ssoRoleArns: string[] = [];

  constructor(
    private readonly random: Random,
    private readonly size: WorldSize,
  ) {}

  build(): World {
    this.policies.push(...awsManagedPolicies());
    this.addResources();
    this.addBoundaries();
    const shared = this.addSharedPolicies();
    this.addServiceRoles(shared);
    this.addSsoRoles();
    this.addCiRoles();
    this.addCrossAccountRoles();
    this.addGroupsAndUsers();
    this.fillUnattachedPolicies();
    this.attachResourcePolicies();
    return { policies: this.policies, roles: this.roles, users: this.users, groups: this.groups, resources: this.resources };
  }

  // Resources first, so identity policies can point at them.
  private addResources(): void {
    const kinds: ResourceKind[] = ['bucket', 'bucket', 'key', 'queue', 'table'];
    for (let i = 0; i < this.size.resources; i++) {
      const kind = kinds[i % kinds.length] as ResourceKind;
      const domain = this.random.pick(DOMAINS);
      const env = this.random.pick(ENVS);
      const name = `acme-${domain}-${env}-${kind}-${pad(i)}`;
      const tags = { Confidentiality: this.random.pick(CLASSIFICATIONS), Domain: domain, Environment: env, Owner: `team-${domain}` };
      const resource = this.resource(kind, name, tags);
      this.resources.push(resource);
      const list = this.byKind.get(kind) ?? [];
      list.push(resource);
      this.byKind.set(kind, list);
    }
  }

  private resource(kind: ResourceKind, name: string, tags: Record<string, string>): WorldResource {
    const empty = doc();
    switch (kind) {
      case 'bucket':
        return { kind, name, arn: `arn:aws:s3:::${name}`, id: name, tags, policy: empty };
      case 'key': {
        const keyId = this.uuid();
        return { kind, name, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`, id: keyId, tags, policy: empty };
      }
      case 'queue':
        return { kind, name, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, id: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`, tags, policy: empty };
      case 'table':
        return { kind, name, arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`, id: name, tags, policy: empty };
    }
  }

  private uuid(): string {
    const hex = (n: number): string => Array.from({ length: n }, () => this.random.int(0, 15).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  }

  private customerPolicy(name: string, path: string, document: PolicyDoc): string {
    const arn = iamArn('policy', path, name);
    this.policies.push({ arn, name, path, document, awsManaged: false });
    return arn;
  }

  private boundaryArns: string[] = [];

  private addBoundaries(): void {
    for (let i = 0; i < 5; i++) {
      this.boundaryArns.push(
        this.customerPolicy(`app-boundary-${i}`, '/boundaries/', doc(
          { Sid: 'DataServices', Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'sqs:*', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Encrypt', 'logs:*', 'xray:*', 'ssm:GetParameter*'], Resource: '*' },
          { Sid: 'NoBucketAdministration', Effect: 'Deny', Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketPublicAccessBlock', 'kms:ScheduleKeyDeletion'], Resource: '*' },
        )),
      );
    }
  }

  /** Platform policies many roles attach: they make principals share policy sets. */
  private addSharedPolicies(): string[] {
    const shared: string[] = [];
    for (const domain of DOMAINS) {
      for (const env of ENVS) {
        shared.push(this.customerPolicy(`platform-${domain}-${env}-read`, '/platform/', doc(
          { Sid: 'ReadDomainBuckets', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'], Resource: [`arn:aws:s3:::acme-${domain}-${env}-*`, `arn:aws:s3:::acme-${domain}-${env}-*/*`] },
          { Sid: 'ReadDomainTables', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'], Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/acme-${domain}-${env}-*` },
          { Sid: 'Parameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParametersByPath'], Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${domain}/${env}/*` },
        )));
      }
    }
    shared.push(this.customerPolicy('platform-observability', '/platform/', doc({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'cloudwatch:PutMetricData'], Resource: '*' })));
    return shared;
  }

  private addServiceRoles(shared: string[]): void {
    const services = ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'];
    const count = Math.round(this.size.roles * 0.6);
    for (let i = 0; i < count; i++) {
      const domain = this.random.pick(DOMAINS);
      const env = this.random.pick(ENVS);
      const name = `${domain}-${env}-app-${pad(i)}`;
      const service = this.random.pick(services);
      const trust = doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(service === 'ecs-tasks.amazonaws.com' ? { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } } : {}) });
      const appPolicy = this.customerPolicy(`${name}-access`, '/apps/', this.appAccessPolicy());
      const managed = [appPolicy, this.random.pick(shared)];
      if (this.random.chance(0.5)) managed.push(this.random.pick(shared));
      if (service === 'lambda.amazonaws.com') managed.push(awsPolicyArn('service-role/AWSLambdaBasicExecutionRole'));
      if (service === 'ec2.amazonaws.com') managed.push(awsPolicyArn('AmazonSSMManagedInstanceCore'));
      const inline: NamedPolicy[] = this.random.chance(0.3) ? [{ name: 'queue-access', document: this.queueInlinePolicy() }] : [];
      const role: WorldRole = { name, path: '/apps/', trust, inline, managed: [...new Set(managed)], tags: { Domain: domain, Environment: env, Service: service.split('.')[0] as string }, inTerraform: i < 50 };
      if (this.random.chance(0.3)) role.boundary = this.random.pick(this.boundaryArns);
      this.roles.push(role);
      const arns = this.appRoleArns.get(domain) ?? [];
      arns.push(iamArn('role', role.path, name));
      this.appRoleArns.set(domain, arns);
    }
  }

  /** The data an application works on: a few concrete resources of its domain. */
  private appAccessPolicy(): PolicyDoc {
    const bucket = this.random.pick(this.byKind.get('bucket') ?? []);
    const table = this.random.pick(this.byKind.get('table') ?? []);
    const key = this.random.pick(this.byKind.get('key') ?? []);
    const statements: Statement[] = [
      { Sid: 'Objects', Effect: 'Allow', Action: this.random.chance(0.5) ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'], Resource: `${bucket.arn}/*` },
      { Sid: 'Bucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket.arn },
      { Sid: 'Table', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], Resource: [table.arn, `${table.arn}/index/*`] },
      { Sid: 'Key', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key.arn },
    ];
    if (this.random.chance(0.1)) statements.push({ Sid: 'DenyDeletes', Effect: 'Deny', Action: ['s3:DeleteObject*', 'dynamodb:DeleteItem'], Resource: '*' });
    return doc(...statements);
  }

  private queueInlinePolicy(): PolicyDoc {
    const queue = this.random.pick(this.byKind.get('queue') ?? []);
    return doc({ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: queue.arn });
  }

  /** Roles people assume through SAML single sign-on, a few permission sets shared by many. */
  private addSsoRoles(): void {
    const saml = iamArn('saml-provider', '/', 'AcmeIdP');
    const permissionSets: string[][] = [
      [awsPolicyArn('AdministratorAccess')],
      [awsPolicyArn('PowerUserAccess')],
      [awsPolicyArn('ReadOnlyAccess')],
      [awsPolicyArn('SecurityAudit')],
      [awsPolicyArn('AmazonS3ReadOnlyAccess'), awsPolicyArn('AmazonDynamoDBReadOnlyAccess')],
    ];
    for (const domain of DOMAINS) {
      permissionSets.push([this.customerPolicy(`sso-${domain}-engineer`, '/sso/', doc(
        { Sid: 'DomainData', Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'sqs:*'], Resource: [`arn:aws:s3:::acme-${domain}-*`, `arn:aws:s3:::acme-${domain}-*/*`, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/acme-${domain}-*`, `arn:aws:sqs:${REGION}:${ACCOUNT}:acme-${domain}-*`] },
        { Sid: 'NoProdDeletes', Effect: 'Deny', Action: ['s3:DeleteObject', 's3:DeleteBucket', 'dynamodb:DeleteTable'], Resource: [`arn:aws:s3:::acme-${domain}-prod-*`, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/acme-${domain}-prod-*`] },
      ))]);
    }
    const count = Math.round(this.size.roles * 0.15);
    for (let i = 0; i < count; i++) {
      const set = permissionSets[i % permissionSets.length] as string[];
      const name = `AWSReservedSSO_set${pad(i % permissionSets.length, 2)}_${pad(i)}`;
      const trust = doc({ Effect: 'Allow', Principal: { Federated: saml }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } });
      this.roles.push({ name, path: '/aws-reserved/sso.amazonaws.com/', trust, inline: [], managed: set, tags: {}, inTerraform: false });
      this.ssoRoleArns.push(iamArn('role', '/aws-reserved/sso.amazonaws.com/', name));
    }
  }

  /** GitHub Actions roles (OIDC) that can assume per-domain deployer roles: two-hop chains. */
  private addCiRoles(): void {
    const oidc = iamArn('oidc-provider', '/', 'token.actions.githubusercontent.com');
    const deployers = new Map<string, string>();
    for (const domain of DOMAINS) {
      const name = `${domain}-deployer`;
      const arn = iamArn('role', '/deploy/', name);
      deployers.set(domain, arn);
      const policy = this.customerPolicy(`${name}-policy`, '/deploy/', doc(
        { Sid: 'Deploy', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 'lambda:UpdateFunctionCode', 'ecs:UpdateService', 'ecs:RegisterTaskDefinition'], Resource: [`arn:aws:s3:::acme-${domain}-*/*`, '*'] },
        { Sid: 'PassAppRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: iamArn('role', '/apps/', `${domain}-*`) },
      ));
      this.roles.push({ name, path: '/deploy/', trust: doc({ Sid: 'CiRoles', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:PrincipalArn': iamArn('role', '/ci/', `${domain}-*`) } } }), inline: [], managed: [policy], tags: { Domain: domain }, inTerraform: false });
    }
    const count = Math.round(this.size.roles * 0.05);
    for (let i = 0; i < count; i++) {
      const domain = DOMAINS[i % DOMAINS.length] as string;
      const name = `${domain}-ci-${pad(i)}`;
      const trust = doc({ Effect: 'Allow', Principal: { Federated: oidc }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': `repo:acme/${domain}-service-${pad(i)}:ref:refs/heads/main` } } });
      const policy = this.customerPolicy(`${name}-assume`, '/ci/', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: deployers.get(domain) as string }));
      this.roles.push({ name, path: '/ci/', trust, inline: [], managed: [policy], tags: { Domain: domain }, inTerraform: false });
    }
  }

  /** Roles other accounts of the organization (and one vendor) assume. */
  private addCrossAccountRoles(): void {
    const remaining = this.size.roles - this.roles.length;
    for (let i = 0; i < remaining; i++) {
      const vendor = i % 20 === 0;
      const account = vendor ? VENDOR_ACCOUNT : (ORG_ACCOUNTS[i % ORG_ACCOUNTS.length] as string);
      const domain = this.random.pick(DOMAINS);
      const name = `${vendor ? 'vendor' : 'xacct'}-${domain}-${pad(i)}`;
      const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', ...(vendor ? { Condition: { StringEquals: { 'sts:ExternalId': `acme-${pad(i)}` } } } : {}) });
      const policy = this.customerPolicy(`${name}-access`, '/cross-account/', this.appAccessPolicy());
      this.roles.push({ name, path: '/cross-account/', trust, inline: [], managed: [policy], tags: { Domain: domain }, inTerraform: false });
    }
  }

  private addGroupsAndUsers(): void {
    for (let g = 0; g < this.size.groups; g++) {
      const domain = DOMAINS[g % DOMAINS.length] as string;
      const name = `team-${domain}-${pad(g, 3)}`;
      const managed: string[] = [];
      if (g === 0) managed.push(awsPolicyArn('AdministratorAccess'));
      else if (g % 10 === 1) managed.push(awsPolicyArn('ReadOnlyAccess'));
      managed.push(this.customerPolicy(`${name}-policy`, '/teams/', doc(
        { Sid: 'AssumeDomainSso', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: iamArn('role', '/cross-account/', `xacct-${domain}-*`) },
        { Sid: 'OwnDataRead', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::acme-${domain}-staging-*`, `arn:aws:s3:::acme-${domain}-staging-*/*`], Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      )));
      this.groups.push({ name, path: '/teams/', inline: g % 4 === 0 ? [{ name: 'self-service', document: doc({ Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: `arn:aws:iam::${ACCOUNT}:user/people/\${aws:username}` }) }] : [], managed });
    }
    for (let u = 0; u < this.size.users; u++) {
      const first = this.groups[u % this.groups.length] as WorldGroup;
      const groups = [first.name];
      if (this.random.chance(0.2)) groups.push((this.random.pick(this.groups) as WorldGroup).name);
      const user: WorldUser = { name: `user-${pad(u)}`, path: '/people/', groups: [...new Set(groups)], inline: [], managed: [], tags: { Team: first.name } };
      if (u % 50 === 0) user.inline.push({ name: 'legacy-s3', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) });
      this.users.push(user);
    }
  }

  /** Real accounts hold many policies nothing attaches any more. */
  private fillUnattachedPolicies(): void {
    const existing = this.policies.filter((p) => !p.awsManaged).length;
    for (let i = 0; existing + i < this.size.customerPolicies; i++) {
      this.customerPolicy(`legacy-${pad(i)}`, '/legacy/', this.appAccessPolicy());
    }
  }

  private attachResourcePolicies(): void {
    for (const resource of this.resources) {
      const domain = resource.tags['Domain'] as string;
      const readers = this.random.sample(this.appRoleArns.get(domain) ?? [], this.random.int(2, 6));
      switch (resource.kind) {
        case 'bucket':
          resource.policy = this.random.chance(0.5) ? k9BucketPolicy(resource, readers, this.random.sample(this.ssoRoleArns, 2)) : this.ordinaryBucketPolicy(resource, readers);
          break;
        case 'key':
          resource.policy = keyPolicy(resource, readers, this.random.sample(this.ssoRoleArns, 1));
          break;
        case 'queue':
          resource.policy = this.queuePolicy(resource, readers);
          break;
        case 'table':
          resource.policy = tablePolicy(resource, readers);
          break;
      }
    }
  }

  private ordinaryBucketPolicy(bucket: WorldResource, readers: string[]): PolicyDoc {
    const objects = `${bucket.arn}/*`;
    const statements: Statement[] = [{ Sid: 'AppReaders', Effect: 'Allow', Principal: { AWS: readers }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [bucket.arn, objects] }];
    const variant = this.random.int(0, 9);
    if (variant < 3) statements.push({ Sid: 'OrgRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: objects, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } } });
    else if (variant < 5) statements.push({ Sid: 'PartnerRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${this.random.pick(ORG_ACCOUNTS)}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [bucket.arn, objects] });
    else if (variant < 7) statements.push({ Sid: 'AccessLogs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `${objects}`, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });
    else if (variant === 7) statements.push({ Sid: 'PublicAssets', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket.arn}/public/*` });
    statements.push({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket.arn, objects], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    return doc(...statements);
  }

  private queuePolicy(queue: WorldResource, senders: string[]): PolicyDoc {
    const statements: Statement[] = [{ Sid: 'AppAccess', Effect: 'Allow', Principal: { AWS: senders }, Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: queue.arn }];
    statements.push({ Sid: 'TopicDelivery', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queue.arn, Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:${REGION}:${ACCOUNT}:${queue.name}-events` } } });
    if (this.random.chance(0.2)) statements.push({ Sid: 'VendorSend', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR_ACCOUNT}:role/acme-integration` }, Action: 'sqs:SendMessage', Resource: queue.arn });
    return doc(...statements);
  }
}

/** A k9-style policy: allow statements per capability for listed roles, deny everyone else, TLS only. */
function k9BucketPolicy(bucket: WorldResource, readers: string[], admins: string[]): PolicyDoc {
  const resources = [bucket.arn, `${bucket.arn}/*`];
  const allowed = [...admins, ...readers];
  const allow = (sid: string, actions: string[], who: string[]): Statement => ({ Sid: sid, Effect: 'Allow', Principal: { AWS: '*' }, Action: actions, Resource: resources, Condition: { ArnEquals: { 'aws:PrincipalArn': who } } });
  return doc(
    allow('AllowRestrictedAdministerResource', ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketPublicAccessBlock', 's3:PutBucketTagging', 's3:PutEncryptionConfiguration'], admins),
    allow('AllowRestrictedReadConfig', ['s3:GetBucketPolicy', 's3:GetBucketTagging', 's3:GetEncryptionConfiguration', 's3:GetBucketLocation'], allowed),
    allow('AllowRestrictedReadData', ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'], allowed),
    allow('AllowRestrictedWriteData', ['s3:PutObject', 's3:AbortMultipartUpload'], readers.slice(0, 1)),
    allow('AllowRestrictedDeleteData', ['s3:DeleteObject', 's3:DeleteObjectVersion'], admins),
    { Sid: 'DenyEveryoneElse', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { ArnNotEquals: { 'aws:PrincipalArn': allowed } } },
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  );
}

function keyPolicy(key: WorldResource, users: string[], admins: string[]): PolicyDoc {
  return doc(
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: admins }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], Resource: '*' },
    { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: users }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
    { Sid: 'AllowViaS3', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT } } },
  );
}

function tablePolicy(table: WorldResource, readers: string[]): PolicyDoc {
  return doc(
    { Sid: 'AppRead', Effect: 'Allow', Principal: { AWS: readers }, Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], Resource: [table.arn, `${table.arn}/index/*`] },
    { Sid: 'AnalyticsAccountRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ORG_ACCOUNTS[0]}:role/analytics-reader` }, Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: table.arn },
  );
}

export function buildWorld(seed: number, size: WorldSize = FULL_SIZE): World {
  return new WorldBuilder(new Random(seed), size).build();
}

/** ARN of a world role. */
export function roleArn(role: Pick<WorldRole, 'path' | 'name'>): string {
  return iamArn('role', role.path, role.name);
}

export function userArn(user: Pick<WorldUser, 'path' | 'name'>): string {
  return iamArn('user', user.path, user.name);
}

export function groupArn(group: Pick<WorldGroup, 'path' | 'name'>): string {
  return iamArn('group', group.path, group.name);
}
