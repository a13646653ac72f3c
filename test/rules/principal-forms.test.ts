/**
 * Forms of resource policy whose grants the review once missed, end to end from a Terraform
 * plan: `Principal: "*"` with a Deny whose NotPrincipal spares accounts (the grant goes to the
 * spared accounts), a public policy that Block Public Access restricts (to the owner's account),
 * and a statement naming a session of a role the plan creates (to the role, and to whoever can
 * assume it).
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { planFile } from '../iac/plan-builder.js';

const A = '111111111111';
const PARTNER = '333333333333';
const REGION = 'eu-west-1';
const config = parseConfig({ accountId: A }, 'test config');

const bucketWithPolicy = (statements: object[]) => [
  { type: 'aws_s3_bucket', name: 'exports', before: { bucket: 'exports', arn: 'arn:aws:s3:::exports', tags: {} }, after: { bucket: 'exports', arn: 'arn:aws:s3:::exports', tags: {} } },
  { type: 'aws_s3_bucket_policy', name: 'exports', after: { bucket: 'exports', policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) } },
];
const publicRead = { Sid: 'Read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::exports/*' };

describe('a review of resource policies in uncommon forms', () => {
  it('reports the other account a NotPrincipal Deny spares, and no public access', async () => {
    const plan = planFile('pr.tfplan.json', REGION, bucketWithPolicy([
      publicRead,
      { Sid: 'OnlyUsAndPartner', Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${PARTNER}:root`] }, Action: 's3:*', Resource: 'arn:aws:s3:::exports/*' },
    ]));
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'public-access')).toEqual([]);
    const external = result.findings.filter((f) => f.rule === 'external-accounts');
    expect(external).toEqual([expect.objectContaining({ resource: 'arn:aws:s3:::exports' })]);
    expect(external[0]!.message).toContain(PARTNER);
    expect(result.delta.added.map((g) => g.principal)).toContain(`arn:aws:iam::${PARTNER}:root`);
  });

  it('gives the owner\'s account, not anyone, what a public policy grants when Block Public Access restricts it', async () => {
    const plan = planFile('pr.tfplan.json', REGION, [
      ...bucketWithPolicy([publicRead]),
      { type: 'aws_s3_bucket_public_access_block', name: 'exports', after: { bucket: 'exports', block_public_acls: true, ignore_public_acls: true, block_public_policy: false, restrict_public_buckets: true } },
    ]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'public-access')).toEqual([]);
    const readers = result.delta.added.filter((g) => g.resource === 'arn:aws:s3:::exports' && g.capability === 'read-data');
    expect(readers.map((g) => g.principal)).toEqual([`arn:aws:iam::${A}:root`]);
  });

  it('gives a role the plan creates what a policy grants one of its sessions, and gives it to whoever can assume the role', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/operator` }, Action: 'sts:AssumeRole' }] };
    const plan = planFile('pr.tfplan.json', REGION, [
      ...bucketWithPolicy([{ Sid: 'Nightly', Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/batch/nightly` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::exports/*' }]),
      { type: 'aws_iam_role', name: 'batch', after: { name: 'batch', path: '/', arn: `arn:aws:iam::${A}:role/batch`, assume_role_policy: JSON.stringify(trust), tags: {} } },
      { type: 'aws_iam_user', name: 'operator', after: { name: 'operator', path: '/', arn: `arn:aws:iam::${A}:user/operator`, tags: {} } },
      { type: 'aws_iam_user_policy', name: 'operator', after: { name: 'assume-batch', user: 'operator', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/batch` }] }) } },
    ]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    const readers = result.delta.added.filter((g) => g.resource === 'arn:aws:s3:::exports' && g.capability === 'read-data');
    expect(readers.map((g) => [g.principal, g.path ?? []])).toEqual([
      [`arn:aws:iam::${A}:role/batch`, []],
      [`arn:aws:iam::${A}:user/operator`, [`arn:aws:iam::${A}:user/operator`, `arn:aws:iam::${A}:role/batch`]],
    ]);
    expect(readers[0]!.conditions).toEqual([expect.objectContaining({ key: 'sts:RoleSessionName', values: ['nightly'] })]);
  });
});
