/**
 * Hand-built Reviews for the rendering tests: the credit-processor scenario of the mission and
 * a large synthetic pull request.
 */
import type { Capability, Grant, GrantCondition, StatementRef } from '../../src/model/access.js';
import type { Finding, Review, ReviewedResource } from '../../src/model/review.js';

export const ACCOUNT = '111111111111';
export const BUCKET = 'arn:aws:s3:::credit-applications';
export const role = (name: string, account = ACCOUNT): string => `arn:aws:iam::${account}:role/${name}`;

const TLS_ONLY: GrantCondition = {
  operator: 'Bool',
  key: 'aws:SecureTransport',
  values: ['false'],
  negated: true,
  policy: `${BUCKET}#policy`,
  statement: 'DenyInsecureTransport',
};

const BUCKET_POLICY_LINE: Record<string, number> = {
  AllowRestrictedReadData: 52,
  AllowRestrictedWriteData: 70,
  AllowRestrictedDeleteData: 86,
  AllowRestrictedAdministerResource: 100,
};

function bucketStatement(sid: string): StatementRef {
  return {
    policy: `${BUCKET}#policy`,
    policyName: 'credit-applications bucket policy',
    statement: sid,
    source: { file: 'examples/credit-processor/main.tf', line: BUCKET_POLICY_LINE[sid] ?? 40, address: 'aws_s3_bucket_policy.credit_applications' },
  };
}

const SID_OF: Partial<Record<Capability, string>> = {
  'read-data': 'AllowRestrictedReadData',
  'write-data': 'AllowRestrictedWriteData',
  'delete-data': 'AllowRestrictedDeleteData',
  'administer-resource': 'AllowRestrictedAdministerResource',
};

const ACTIONS_OF: Partial<Record<Capability, string[]>> = {
  'read-data': ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'],
  'write-data': ['s3:AbortMultipartUpload', 's3:PutObject'],
  'delete-data': ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  'administer-resource': ['s3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock'],
};

export function bucketGrant(name: string, capability: Capability, extra: Partial<Grant> = {}): Grant {
  return {
    principal: role(name),
    principalType: 'IAMRole',
    resource: BUCKET,
    resourceType: 'AWS::S3::Bucket',
    capability,
    actions: ACTIONS_OF[capability] ?? [],
    conditional: true,
    conditions: [TLS_ONLY],
    via: [bucketStatement(SID_OF[capability] ?? 'AllowRestrictedReadConfig')],
    ...extra,
  };
}

const BEFORE_HOLDERS: [string, Capability[]][] = [
  ['admin', ['administer-resource', 'read-data', 'write-data', 'delete-data']],
  ['ci', ['administer-resource', 'read-data', 'write-data']],
  ['cust-service', ['read-data']],
  ['credit-processor', ['read-data', 'write-data']],
];

export function creditProcessorReview(): Review {
  const added = ['analytics', 'fraud-model'].map((name) => bucketGrant(name, 'read-data'));
  const before = BEFORE_HOLDERS.flatMap(([name, capabilities]) => capabilities.map((c) => bucketGrant(name, c)));
  const locations = added.map((g) => g.via[0]!.source!);
  const finding: Finding = {
    rule: 'max-principals',
    severity: 'error',
    message: '6 principals hold data capabilities on the Confidential resource `credit-applications` (at most 5 allowed).',
    remediation: 'Remove principals that do not need the data, or grant them through one shared role.',
    resource: BUCKET,
    locations,
  };
  const bucket: ReviewedResource = {
    arn: BUCKET,
    type: 'AWS::S3::Bucket',
    name: 'credit-applications',
    classification: 'Confidential',
    source: { file: 'examples/credit-processor/main.tf', line: 12, address: 'aws_s3_bucket.credit_applications' },
    after: [...before, ...added],
  };
  return {
    conclusion: 'failure',
    inputs: ['examples/credit-processor/pr.tfplan.json'],
    delta: { added, removed: [], changed: [] },
    findings: [finding],
    resources: [bucket],
    unknowns: [],
    notices: [],
    errors: [],
  };
}

/** An empty review with the given conclusion, to build variants from. */
export function emptyReview(conclusion: Review['conclusion']): Review {
  return {
    conclusion,
    inputs: ['plan.tfplan.json'],
    delta: { added: [], removed: [], changed: [] },
    findings: [],
    resources: [],
    unknowns: [],
    notices: [],
    errors: [],
  };
}

/**
 * A large PR: `resourceCount` classified buckets, each gaining `grantsPerResource` grants from
 * distinct roles and one max-principals finding with a location per grant.
 */
export function largeReview(resourceCount: number, grantsPerResource: number): Review {
  const resources: ReviewedResource[] = [];
  const added: Grant[] = [];
  const findings: Finding[] = [];
  for (let r = 0; r < resourceCount; r += 1) {
    const arn = `arn:aws:s3:::synthetic-data-bucket-${String(r).padStart(4, '0')}`;
    const grants: Grant[] = [];
    for (let g = 0; g < grantsPerResource; g += 1) {
      const source = { file: `infra/buckets/bucket-${r}.tf`, line: 10 + g * 7, address: `module.buckets.aws_s3_bucket_policy.b[${r}]` };
      grants.push({
        ...bucketGrant(`service-role-${r}-${g}`, g % 2 === 0 ? 'read-data' : 'write-data'),
        resource: arn,
        via: [{ policy: `${arn}#policy`, policyName: `bucket-${r} policy`, statement: `AllowService${g}`, source }],
      });
    }
    added.push(...grants);
    resources.push({ arn, type: 'AWS::S3::Bucket', name: arn.slice('arn:aws:s3:::'.length), classification: 'Restricted', after: grants });
    findings.push({
      rule: 'max-principals',
      severity: 'error',
      message: `${grantsPerResource} principals hold data capabilities on the Restricted resource \`${arn}\` (at most 5 allowed).`,
      remediation: 'Remove principals that do not need the data.',
      resource: arn,
      locations: grants.map((g) => g.via[0]!.source!),
    });
  }
  return { ...emptyReview('failure'), inputs: ['infra/large.tfplan.json'], delta: { added, removed: [], changed: [] }, findings, resources };
}
