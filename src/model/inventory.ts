/**
 * The Inventory: everything the engine needs to know about one state of the world
 * (DESIGN.md §1). Readers in src/iac produce it; src/access consumes it.
 *
 * Policy documents are kept as the parsed JSON the author wrote (`document`); src/iam
 * validates and compiles them. Nothing here holds non-policy attribute values of a plan.
 */

/** Where something was declared, so reviews and check annotations can point at it. */
export interface SourceLocation {
  /** Path relative to the repository root (or the file given on the command line). */
  file: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** Terraform address (`module.a.aws_iam_role.app["x"]`) or CloudFormation logical ID. */
  address?: string;
}

export type PolicyKind =
  | 'inline' // inline identity policy of a user, group or role
  | 'managed' // customer- or AWS-managed policy (attached by ARN)
  | 'resource' // resource-based policy: bucket, key, queue, topic, secret, function, ...
  | 'trust' // a role's assume-role policy
  | 'boundary' // used as a permissions boundary (the document is a managed policy's)
  | 'scp'
  | 'rcp'
  | 'session'
  | 'endpoint';

/** One policy document and where it comes from. */
export interface PolicyDocument {
  /**
   * Stable identifier, unique within a State: a managed policy's ARN,
   * `<principal ARN>#inline/<name>`, `<resource ARN>#policy`, `<role ARN>#trust`, ...
   */
  id: string;
  /** For people: `analytics-read`, `credit-applications bucket policy`. */
  name: string;
  kind: PolicyKind;
  /** The parsed JSON document exactly as written. */
  document: unknown;
  source?: SourceLocation;
  /**
   * Where individual statements (by Sid) were declared, when that is more precise than
   * `source`: statements assembled from several IaC resources (`aws_lambda_permission`,
   * `aws_kms_grant`) or a `statement` block of `data.aws_iam_policy_document`.
   */
  statementSources?: Record<string, SourceLocation>;
}

export type IdentityType = 'IAMUser' | 'IAMRole';

/** An IAM user or role. */
export interface Principal {
  arn: string;
  type: IdentityType;
  name: string;
  /** IAM path, `/` by default. */
  path: string;
  accountId: string;
  inlinePolicies: PolicyDocument[];
  /** ARNs of attached managed policies (customer or AWS managed). */
  managedPolicyArns: string[];
  /** Where the inputs attach a managed policy, by ARN, when elsewhere than where the principal is declared (an `aws_iam_role_policy_attachment`). */
  managedPolicySources?: Record<string, SourceLocation>;
  /** Users only: ARNs of the groups the user belongs to. */
  groupArns: string[];
  /** ARN of the managed policy used as permissions boundary. */
  permissionsBoundaryArn?: string;
  /** Roles only: the assume-role (trust) policy. */
  trustPolicy?: PolicyDocument;
  tags: Record<string, string>;
  source?: SourceLocation;
  /**
   * True when the input declares only parts of this principal (e.g. a policy attachment to a
   * role it does not create): merging adds those parts to another view of the principal
   * instead of replacing it, and fields like `path` and `trustPolicy` may be unknown here.
   */
  partial?: boolean;
}

export interface Group {
  arn: string;
  name: string;
  path: string;
  accountId: string;
  inlinePolicies: PolicyDocument[];
  managedPolicyArns: string[];
  /** See Principal.managedPolicySources. */
  managedPolicySources?: Record<string, SourceLocation>;
  source?: SourceLocation;
  /** See Principal.partial. */
  partial?: boolean;
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  /** True for `arn:aws:iam::aws:policy/...`. */
  awsManaged: boolean;
  /** The default version's document. */
  policy: PolicyDocument;
  source?: SourceLocation;
}

/** S3 Block Public Access settings, for a bucket or a whole account. */
export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
  source?: SourceLocation;
}

/** A resource that can hold data or grant access: bucket, key, queue, topic, table, ... */
export interface Resource {
  arn: string;
  /** CloudFormation type name: `AWS::S3::Bucket`, `AWS::KMS::Key`, `AWS::SQS::Queue`, ... */
  type: string;
  name: string;
  accountId: string;
  region?: string;
  /** Tags (Terraform `tags_all`, falling back to `tags`); the classification tag is read from here. */
  tags: Record<string, string>;
  /**
   * The resource-based policy, if any. Readers merge everything that acts as one policy into
   * it (e.g. `aws_lambda_permission` statements, KMS grants as Allow statements).
   */
  policy?: PolicyDocument;
  /** S3 buckets only. */
  publicAccessBlock?: PublicAccessBlock;
  source?: SourceLocation;
  /**
   * True when the input declares only parts of this resource (e.g. an `aws_s3_bucket_policy`
   * for a bucket it does not create): merging adds the policy to another view of the resource
   * instead of replacing it, and `tags` may be incomplete.
   */
  partial?: boolean;
}

/** One level of an organization's policy path (root, an OU, the account). */
export interface OrgPolicyLevel {
  /** `r-xxxx`, `ou-xxxx-yyyyyyyy` or an account ID. */
  target: string;
  policies: PolicyDocument[];
}

export interface Organization {
  id?: string;
  managementAccountId?: string;
  /** Per account ID in scope: the SCP levels from the root to the account. */
  scpLevels: Record<string, OrgPolicyLevel[]>;
  /** Per account ID in scope: the RCP levels from the root to the account. */
  rcpLevels: Record<string, OrgPolicyLevel[]>;
}

export interface InstanceProfile {
  arn: string;
  name: string;
  roleArns: string[];
  source?: SourceLocation;
}

export interface IdentityProvider {
  arn: string;
  type: 'oidc' | 'saml';
  /** OIDC issuer URL without scheme, e.g. `token.actions.githubusercontent.com`. */
  url?: string;
  clientIds?: string[];
  source?: SourceLocation;
}

/** An application and the role it runs as (its workload identity). */
export interface Workload {
  /** Terraform address or logical ID of the compute resource. */
  id: string;
  kind: 'ecs-task' | 'ecs-task-execution' | 'lambda' | 'ec2-instance' | 'launch-template' | 'other';
  name: string;
  roleArn: string;
  source?: SourceLocation;
}

/** A value the plan only knows after apply, and what it leaves undecided. */
export interface UnknownValue {
  /** Terraform address or CloudFormation logical ID. */
  address: string;
  attribute: string;
  reason: string;
  /** The principal or resource ARN (possibly symbolic) whose access it leaves undecided. */
  subject?: string;
  /** What to do about it, when not the usual (make the value known at plan time, give the inputs the policy). */
  remediation?: string;
  source?: SourceLocation;
  /**
   * A digest of what a reader left unread (a policy of a type it does not read, a SAM resource's
   * properties, a template under a macro), so that editing it is new unknown access.
   */
  content?: string;
}

/** Where an unknown is: the same on both sides of a change while the resource is kept. */
export function unknownPlace(unknown: Pick<UnknownValue, 'address' | 'attribute'>): string {
  return `${unknown.address}\u0000${unknown.attribute}`;
}

/** An after-side unknown is new unless the before side has one of this identity (place and content). */
export function unknownIdentity(unknown: Pick<UnknownValue, 'address' | 'attribute' | 'content'>): string {
  return `${unknownPlace(unknown)}\u0000${unknown.content ?? ''}`;
}

/** Something a reader could not fully handle; shown in the review, never silently dropped. */
export interface Notice {
  level: 'warning' | 'notice';
  message: string;
  source?: SourceLocation;
}

export interface Inventory {
  /** The account the IaC deploys into, when known. */
  accountId?: string;
  principals: Principal[];
  groups: Group[];
  managedPolicies: ManagedPolicy[];
  resources: Resource[];
  organization?: Organization;
  accountPublicAccessBlock?: PublicAccessBlock;
  instanceProfiles: InstanceProfile[];
  identityProviders: IdentityProvider[];
  workloads: Workload[];
  unknowns: UnknownValue[];
  notices: Notice[];
}

/** Both sides of a change: what is deployed now and what will be after the PR. */
export interface State {
  before: Inventory;
  after: Inventory;
}

export function emptyInventory(accountId?: string): Inventory {
  return {
    ...(accountId === undefined ? {} : { accountId }),
    principals: [],
    groups: [],
    managedPolicies: [],
    resources: [],
    instanceProfiles: [],
    identityProviders: [],
    workloads: [],
    unknowns: [],
    notices: [],
  };
}
