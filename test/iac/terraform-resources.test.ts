import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import type { Inventory } from '../../src/model/inventory.js';
import { fixture, resource } from './helpers.js';
import { planFile } from './plan-builder.js';

const A = '222222222222';
const R = 'eu-central-1';
const file = fixture('resource-policies.tfplan.json');
const { before, after } = readTerraformPlan(file);

function statements(inventory: Inventory, arn: string): Array<Record<string, unknown>> {
  const document = resource(inventory, arn).policy?.document as { Statement: Array<Record<string, unknown>> } | undefined;
  return document?.Statement ?? [];
}

describe('Terraform plan reader: resource policies', () => {
  it('reads a bucket with its legacy policy attribute, tags and region', () => {
    const logs = resource(after, 'arn:aws:s3:::legacy-logs');
    expect(logs).toMatchObject({ type: 'AWS::S3::Bucket', name: 'legacy-logs', accountId: A, region: R });
    expect(statements(after, 'arn:aws:s3:::legacy-logs')).toEqual([expect.objectContaining({ Sid: 'Delivery' })]);
  });

  it('takes the policy of aws_s3_bucket_policy over the bucket\'s own (stale) policy attribute', () => {
    expect(statements(before, 'arn:aws:s3:::invoices').map((s) => s['Sid'])).toEqual(['ReadOnly']);
    expect(statements(after, 'arn:aws:s3:::invoices').map((s) => s['Sid'])).toEqual(['ReadWrite']);
    const invoices = resource(after, 'arn:aws:s3:::invoices');
    expect(invoices.policy).toMatchObject({ id: 'arn:aws:s3:::invoices#policy', kind: 'resource', source: { address: 'aws_s3_bucket_policy.invoices' } });
    expect(invoices.tags['Confidentiality']).toBe('Restricted');
    expect(invoices.source?.address).toBe('aws_s3_bucket.invoices');
  });

  it('reads bucket, account and access point Block Public Access settings', () => {
    expect(resource(after, 'arn:aws:s3:::invoices').publicAccessBlock).toMatchObject({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: false,
    });
    expect(after.accountPublicAccessBlock).toMatchObject({ restrictPublicBuckets: true, source: { address: 'aws_s3_account_public_access_block.this' } });
    const point = resource(after, `arn:aws:s3:${R}:${A}:accesspoint/invoices-analytics`);
    expect(point).toMatchObject({ type: 'AWS::S3::AccessPoint', publicAccessBlock: { restrictPublicBuckets: true } });
    expect(point.policy?.document).toMatchObject({ Statement: [{ Action: 's3:GetObject' }] });
  });

  it('reads KMS keys: explicit policy, alias as name, separate key policy, grants, replicas', () => {
    const invoices = resource(after, `arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    expect(invoices).toMatchObject({ type: 'AWS::KMS::Key', name: 'alias/invoices' });
    expect(statements(after, invoices.arn).map((s) => s['Sid'])).toEqual(['KeyAdmins']);

    const reports = `arn:aws:kms:${R}:${A}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
    expect(statements(before, reports).map((s) => s['Sid'])).toEqual(['KeyAdmins']);
    expect(statements(after, reports)).toEqual([
      expect.objectContaining({ Sid: 'KeyAdmins' }),
      expect.objectContaining({ Sid: 'Reporting' }),
      {
        Sid: 'Grant batch-decrypt',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:role/batch` },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:EncryptionContext:Department': 'finance' },
          'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] },
        },
      },
      expect.objectContaining({ Sid: 'Grant batch-decrypt retiring', Action: 'kms:RetireGrant' }),
    ]);
    expect(resource(after, reports).policy?.statementSources?.['Grant batch-decrypt']).toMatchObject({ address: 'aws_kms_grant.reporting' });
    expect(resource(after, `arn:aws:kms:us-west-2:${A}:key/mrk-1234abcd12ab34cd56ef1234567890ab`).type).toBe('AWS::KMS::Key');
  });

  it('gives a new key created without a policy AWS\'s default key policy, under a symbolic ARN that is not an unknown', () => {
    const scratch = after.resources.find((r) => r.source?.address === 'aws_kms_key.scratch')!;
    expect(scratch.arn).toBe(`arn:aws:kms:${R}:${A}:key/\${aws_kms_key.scratch.key_id}`);
    expect(scratch.policy).toMatchObject({
      name: expect.stringContaining('default key policy'),
      document: { Statement: [{ Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*' }] },
    });
    // AWS picks the ID at random: no policy can name it before it exists, so nothing is undecided.
    expect(after.unknowns.filter((u) => u.address === 'aws_kms_key.scratch')).toEqual([]);
  });

  it('reads queues, topics and secrets with their own and separate policies', () => {
    expect(statements(after, `arn:aws:sqs:${R}:${A}:orders`)).toEqual([expect.objectContaining({ Principal: { Service: 'sns.amazonaws.com' } })]);
    expect(statements(before, `arn:aws:sqs:${R}:${A}:dead-letters`)).toEqual([]);
    expect(statements(after, `arn:aws:sqs:${R}:${A}:dead-letters`)).toEqual([expect.objectContaining({ Action: 'sqs:ReceiveMessage' })]);
    expect(statements(before, `arn:aws:sns:${R}:${A}:alerts`).map((s) => s['Sid'])).toEqual(['Default']);
    expect(statements(after, `arn:aws:sns:${R}:${A}:alerts`).map((s) => s['Sid'])).toEqual(['CloudWatch']);
    const secret = resource(after, `arn:aws:secretsmanager:${R}:${A}:secret:db-credentials-AbCdEf`);
    expect(secret).toMatchObject({ type: 'AWS::SecretsManager::Secret', tags: { Confidentiality: 'Confidential' } });
    expect(statements(after, secret.arn).map((s) => s['Sid'])).toEqual(['App']);
    // A new secret's ARN ends in six random characters: any secret of that name.
    expect(statements(after, `arn:aws:secretsmanager:${R}:${A}:secret:api-key-??????`)).toHaveLength(1);
  });

  it('turns each aws_lambda_permission into one statement of the function\'s policy', () => {
    const fn = `arn:aws:lambda:${R}:${A}:function:thumbnailer`;
    expect(resource(after, fn).partial).toBeUndefined();
    expect(statements(after, fn)).toEqual([
      {
        Sid: 'AllowS3',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: fn,
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::invoices' }, StringEquals: { 'AWS:SourceAccount': A } },
      },
      { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'lambda:InvokeFunction', Resource: `${fn}:live` },
    ]);
    expect(statements(before, fn).map((s) => s['Sid'])).toEqual(['AllowS3']);
    expect(resource(after, fn).policy?.statementSources?.['Partner']?.address).toBe('aws_lambda_permission.partner');
  });

  it('reads ECR, DynamoDB, CloudWatch Logs, EventBridge, Glacier and Backup policies', () => {
    expect(statements(after, `arn:aws:ecr:${R}:${A}:repository/thumbnailer`).map((s) => s['Sid'])).toEqual(['Pull']);
    expect(statements(before, `arn:aws:dynamodb:${R}:${A}:table/customers`)).toEqual([]);
    expect(statements(after, `arn:aws:dynamodb:${R}:${A}:table/customers`)).toHaveLength(1);
    expect(resource(after, `arn:aws:logs:${R}:${A}:resource-policy:route53-query-logs`).type).toBe('AWS::Logs::ResourcePolicy');
    const bus = resource(after, `arn:aws:events:${R}:${A}:event-bus/default`);
    expect(bus).toMatchObject({ type: 'AWS::Events::EventBus', partial: true });
    expect(statements(after, bus.arn).map((s) => s['Sid'])).toEqual(['Org']);
    expect(statements(after, `arn:aws:glacier:${R}:${A}:vaults/archive`)).toEqual([expect.objectContaining({ Effect: 'Deny' })]);
    expect(statements(after, `arn:aws:backup:${R}:${A}:backup-vault:main`)).toEqual([expect.objectContaining({ Action: 'backup:DeleteRecoveryPoint' })]);
  });

  it('links workloads to their roles: Lambda, EC2 instance and launch template through the instance profile', () => {
    expect(after.workloads).toEqual([
      expect.objectContaining({ id: 'aws_lambda_function.thumbnailer', kind: 'lambda', name: 'thumbnailer', roleArn: `arn:aws:iam::${A}:role/thumbnailer` }),
      expect.objectContaining({ id: 'aws_launch_configuration.legacy_web', kind: 'launch-template', roleArn: `arn:aws:iam::${A}:role/web` }),
      expect.objectContaining({ id: 'aws_instance.web', kind: 'ec2-instance', name: 'web-1', roleArn: `arn:aws:iam::${A}:role/web` }),
      expect.objectContaining({ id: 'aws_launch_template.web', kind: 'launch-template', roleArn: `arn:aws:iam::${A}:role/web` }),
    ]);
    expect(after.notices).toContainEqual(expect.objectContaining({ message: expect.stringContaining('aws_instance.bastion runs with instance profile "bastion"') }));
  });

  it('builds SCP and RCP levels from the organization tree, keeping the AWS default policies', () => {
    const scp = after.organization?.scpLevels[A];
    expect(scp?.map((l) => l.target)).toEqual(['r-ab12', 'ou-ab12-workload', A]);
    expect(scp?.map((l) => l.policies.map((p) => p.name))).toEqual([['FullAWSAccess', 'deny-leave'], ['FullAWSAccess'], ['FullAWSAccess']]);
    const rcp = after.organization?.rcpLevels[A];
    expect(rcp?.[1]?.policies.map((p) => [p.name, p.kind])).toEqual([['RCPFullAWSAccess', 'rcp'], ['data-perimeter', 'rcp']]);
    expect(after.organization).toMatchObject({ id: 'o-a1b2c3d4e5', managementAccountId: '999999999999' });
    expect(JSON.stringify(after.organization)).not.toContain('tag_policy');
  });

  it('records a policy-bearing resource type it does not read as an unknown on each side, and no other', () => {
    const unread = (inventory: Inventory) => inventory.unknowns.filter((u) => u.reason.includes('does not read yet'));
    const expected = {
      address: 'aws_mediastore_container_policy.clicks',
      attribute: 'policy',
      reason: 'aws_mediastore_container_policy carries a policy that Access Delta does not read yet; the access it grants is not analysed',
      source: { file: 'resource-policies.tfplan.json', address: 'aws_mediastore_container_policy.clicks' },
      content: expect.stringMatching(/^[0-9a-f]{16}$/),
    };
    expect(unread(after)).toEqual([expected]);
    expect(unread(before)).toEqual([expected]);
    expect(unread(before)[0]?.content).toBe(unread(after)[0]?.content);
    // The unknown says it all: no notice repeats it.
    expect([...before.notices, ...after.notices].filter((n) => n.message.includes('does not read yet'))).toEqual([]);
  });

  it('never copies sensitive or non-policy values (Lambda environment, user data)', () => {
    const text = JSON.stringify({ before, after });
    expect(text).not.toContain('tok-not-for-output-31337');
    expect(text).not.toContain('c2VjcmV0LXVzZXItZGF0YQ==');
  });
});

describe('Terraform plan reader: more resource types', () => {
  it('reads an access point policy set by aws_s3control_access_point_policy', () => {
    const point = `arn:aws:s3:${R}:${A}:accesspoint/invoices-analytics`;
    expect(statements(after, point).map((s) => s['Sid'])).toEqual(['Analysts']);
    expect(resource(after, point).policy?.source?.address).toBe('aws_s3control_access_point_policy.invoices_analytics');
  });

  it('reads a custom event bus with its tags and its policy', () => {
    const bus = resource(after, `arn:aws:events:${R}:${A}:event-bus/orders`);
    expect(bus).toMatchObject({ type: 'AWS::Events::EventBus', tags: { Confidentiality: 'Internal' } });
    expect(bus.partial).toBeUndefined();
    expect(statements(after, bus.arn).map((s) => s['Sid'])).toEqual(['Partner']);
  });

  it('reads an existing managed policy that the configuration reads as data', () => {
    expect(after.managedPolicies).toEqual([
      expect.objectContaining({ arn: `arn:aws:iam::${A}:policy/workload-boundary`, awsManaged: false, policy: expect.objectContaining({ kind: 'managed', document: expect.objectContaining({ Statement: [expect.objectContaining({ Sid: 'NoIam' }), expect.anything()] }) }) }),
    ]);
  });
});

describe('Terraform plan reader: S3 ACLs', () => {
  // An ACL set on the bucket counts where the configuration sets it.
  const bucket = (name: string, acl?: string) => ({ type: 'aws_s3_bucket', name, after: { bucket: name, ...(acl ? { acl } : {}) }, expressions: acl ? { acl: { constant_value: acl } } : {} });
  const allUsers = { access_control_policy: [{ grant: [{ permission: 'READ', grantee: [{ type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }] }], owner: [{ id: 'owner' }] }] };
  const read = (...resources: Parameters<typeof planFile>[2]) => readTerraformPlan(planFile('acl.tfplan.json', R, resources), { accountId: A }).after;

  it('makes an ACL that opens a bucket (canned, or a grant to AllUsers) unknown access: the engine does not analyse ACLs', () => {
    const { unknowns } = read(bucket('press-kit', 'public-read'), bucket('invoices'), { type: 'aws_s3_bucket_acl', name: 'invoices', after: { bucket: 'invoices', ...allUsers } });
    expect(unknowns).toEqual([
      expect.objectContaining({ address: 'aws_s3_bucket.press-kit', attribute: 'acl', reason: 'bucket press-kit is opened by its ACL (canned ACL public-read); Access Delta does not analyse ACLs, so the access it grants is not in the review' }),
      expect.objectContaining({ address: 'aws_s3_bucket_acl.invoices', attribute: 'access_control_policy', reason: expect.stringContaining('bucket invoices is opened by its ACL (a grant to AllUsers)') }),
    ]);
    expect(unknowns[0]).not.toHaveProperty('subject');
  });

  it('leaves out an ACL that Block Public Access ignores, the bucket\'s or the account\'s, whichever is read first', () => {
    const block = (name: string) => ({ type: 'aws_s3_bucket_public_access_block', name, after: { bucket: name, block_public_acls: true, ignore_public_acls: true, block_public_policy: false, restrict_public_buckets: false } });
    const acl = { type: 'aws_s3_bucket_acl', name: 'site', after: { bucket: 'site', acl: 'public-read' } };
    expect(read(acl, bucket('site')).unknowns).toHaveLength(1);
    expect(read(acl, block('site'), bucket('site')).unknowns).toEqual([]);
    const account = { type: 'aws_s3_account_public_access_block', name: 'this', after: { account_id: A, block_public_acls: false, ignore_public_acls: true, block_public_policy: false, restrict_public_buckets: false } };
    expect(read(bucket('site', 'public-read-write')).unknowns).toHaveLength(1);
    expect(read(bucket('site', 'public-read-write'), account).unknowns).toEqual([]);
  });

  it('reads the fixture\'s open ACLs as ignored: its bucket and account blocks ignore public ACLs', () => {
    expect(after.unknowns.filter((u) => u.address.includes('acl') || u.attribute === 'acl')).toEqual([]);
    expect(after.notices.filter((n) => n.message.includes('ACL'))).toEqual([]);
  });
});
