/**
 * A pull request that creates resources whose names or IDs are generated at apply, end to end
 * from a Terraform plan.
 *
 * A KMS key's ID is AWS's random choice, known only after apply, but no policy can name an ID
 * before it exists: access to the new key is decided by its own policy and by the patterns that
 * cover every key, so the review judges it instead of failing on `unknown-access`. A Multi-Region
 * key's ID starts with `mrk-`, which policies can select. The key policy's statement that leaves
 * the key to the account's IAM policies (`kms:*` to the account) is not a wildcard grant.
 *
 * A role created with `name_prefix` is named `PREFIX` and a suffix Terraform picks: the patterns
 * that select the prefix cover it.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { planFile } from '../iac/plan-builder.js';

const A = '111111111111';
const R = 'eu-west-1';
const config = parseConfig({ accountId: A }, 'test config');
const keyPolicy = (partner: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${partner}:root` }, Action: 'kms:Decrypt', Resource: '*' },
    ],
  });
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const replicator = {
  type: 'aws_iam_role',
  name: 'replicator',
  before: { name: 'replicator', path: '/', arn: `arn:aws:iam::${A}:role/replicator`, assume_role_policy: trust, tags: {} },
  after: { name: 'replicator', path: '/', arn: `arn:aws:iam::${A}:role/replicator`, assume_role_policy: trust, tags: {} },
};
const replicatorPolicy = {
  type: 'aws_iam_role_policy',
  name: 'replicator',
  before: { name: 'multi-region-keys', role: 'replicator', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${A}:key/mrk-*` }] }) },
  after: { name: 'multi-region-keys', role: 'replicator', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${A}:key/mrk-*` }] }) },
};
const newKey = (name: string, values: Record<string, unknown>) => ({ type: 'aws_kms_key', name, after: { tags: {}, ...values }, afterUnknown: { key_id: true, arn: true, id: true } });

describe('a pull request that creates a KMS key', () => {
  it('is judged on the key\'s policy, not failed as undecided', async () => {
    const result = await review({ plans: [planFile('pr.tfplan.json', R, [newKey('data', { policy: keyPolicy('999999999999') })])], templates: [], terraformSources: [], config, today: '2026-01-01' });
    const key = `arn:aws:kms:${R}:${A}:key/\${aws_kms_key.data.key_id}`;
    expect(result.unknowns).toEqual([]);
    expect(result.findings.map((f) => f.rule)).toEqual(['external-accounts']);
    expect(result.findings[0]).toMatchObject({ resource: key, principal: 'arn:aws:iam::999999999999:root' });
    expect(result.delta.added).toContainEqual(expect.objectContaining({ principal: 'arn:aws:iam::999999999999:root', resource: key, capability: 'read-data', conditional: false }));
    expect(result.delta.added.filter((g) => g.unknown)).toEqual([]);
  });

  it('a Multi-Region key is selected by the policies that name Multi-Region keys, and an ordinary one is not', async () => {
    const plan = planFile('pr.tfplan.json', R, [replicator, replicatorPolicy, newKey('dr', { multi_region: true, policy: keyPolicy(A) }), newKey('local', { policy: keyPolicy(A) })]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config, today: '2026-01-01' });
    const replicatorArn = `arn:aws:iam::${A}:role/replicator`;
    expect(result.unknowns).toEqual([]);
    expect(result.delta.added.filter((g) => g.principal === replicatorArn).map((g) => [g.resource, g.capability])).toEqual([
      [`arn:aws:kms:${R}:${A}:key/mrk-\${aws_kms_key.dr.key_id}`, 'read-data'],
    ]);
  });
});

describe('a pull request that creates a role with a name prefix', () => {
  it('is covered by the policies that select the prefix, and leaves nothing undecided', async () => {
    const readersOfEtl = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'EtlRoles', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::staging/*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/etl-*` } } }],
    });
    const bucket = { bucket: 'staging', arn: 'arn:aws:s3:::staging', tags: {} };
    const plan = planFile('pr.tfplan.json', R, [
      { type: 'aws_s3_bucket', name: 'staging', before: bucket, after: bucket },
      { type: 'aws_s3_bucket_policy', name: 'staging', before: { bucket: 'staging', policy: readersOfEtl }, after: { bucket: 'staging', policy: readersOfEtl } },
      { type: 'aws_iam_role', name: 'etl', after: { name_prefix: 'etl-', path: '/', assume_role_policy: trust, tags: {} }, afterUnknown: { name: true, arn: true, id: true } },
    ]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(result.unknowns).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'unknown-access')).toEqual([]);
    expect(result.delta.added).toEqual([
      expect.objectContaining({ principal: `arn:aws:iam::${A}:role/etl-\${aws_iam_role.etl.name}`, resource: 'arn:aws:s3:::staging', capability: 'read-data', conditional: false }),
    ]);
  });
});
