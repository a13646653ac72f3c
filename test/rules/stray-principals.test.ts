/**
 * A policy that names a principal of the inventory's account which the inventory does not hold
 * (the inventory is older than the principal, or the principal was deleted): where it holds
 * access the review shows, the review warns, as that principal's own policies, and what they
 * would give it, are unknown.
 */
import { describe, expect, it } from 'vitest';
import { readAuthorizationDetails } from '../../src/iac/index.js';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { planFile } from '../iac/plan-builder.js';

const A = '111111111111';
const OTHER = '222222222222';
const config = parseConfig({ accountId: A }, 'test config');

const trust = (principal: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const inventory = readAuthorizationDetails({
  path: 'authorization-details.json',
  content: JSON.stringify({
    UserDetailList: [{ UserName: 'alice', Arn: `arn:aws:iam::${A}:user/alice`, Path: '/', UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [] }],
    GroupDetailList: [],
    RoleDetailList: [
      { RoleName: 'Reporter', Arn: `arn:aws:iam::${A}:role/teams/Reporter`, Path: '/teams/', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${A}:user/bob` }), RolePolicyList: [], AttachedManagedPolicies: [], InstanceProfileList: [], Tags: [] },
    ],
    Policies: [],
  }),
});

const policy = (principals: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Readers', Effect: 'Allow', Principal: { AWS: principals }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] });

const reviewOf = (principals: string[]) =>
  review({
    plans: [
      planFile('pr.tfplan.json', 'eu-west-1', [
        { type: 'aws_s3_bucket', name: 'reports', before: { bucket: 'reports', arn: 'arn:aws:s3:::reports', tags: {} }, after: { bucket: 'reports', arn: 'arn:aws:s3:::reports', tags: {} } },
        { type: 'aws_s3_bucket_policy', name: 'reports', after: { bucket: 'reports', policy: policy(principals) } },
      ]),
    ],
    templates: [],
    terraformSources: [],
    inventory,
    config,
    today: '2026-01-01',
  });

const strayWarnings = (notices: { message: string }[]) => notices.filter((n) => n.message.includes('which the account inventory does not hold'));

describe('principals a policy names that the inventory of their account lacks', () => {
  it('are named in a warning, with the policy that names them', async () => {
    const result = await reviewOf([`arn:aws:iam::${A}:role/etl-nightly`, `arn:aws:iam::${A}:user/alice`]);
    expect(result.errors).toEqual([]);
    expect(strayWarnings(result.notices)).toEqual([
      {
        level: 'warning',
        message: expect.stringMatching(/^reports resource policy names arn:aws:iam::111111111111:role\/etl-nightly, which the account inventory does not hold .*its own policies are unknown, so the review shows only what the policies naming it grant it/),
        source: expect.objectContaining({ address: 'aws_s3_bucket_policy.reports' }),
      },
    ]);
    // What the bucket policy grants it is still shown.
    expect(result.delta.added).toContainEqual(expect.objectContaining({ principal: `arn:aws:iam::${A}:role/etl-nightly`, capability: 'read-data' }));
  });

  it('include those a trust policy of the inventory names, who reach the data through the role', async () => {
    const result = await reviewOf([`arn:aws:iam::${A}:role/teams/Reporter`]);
    expect(result.delta.added).toContainEqual(expect.objectContaining({ principal: `arn:aws:iam::${A}:user/bob`, capability: 'read-data' }));
    expect(strayWarnings(result.notices).map((n) => n.message)).toEqual([expect.stringMatching(/^Reporter trust policy names arn:aws:iam::111111111111:user\/bob,/)]);
  });

  it('leave out those the access the review shows does not reach', async () => {
    const result = await reviewOf([`arn:aws:iam::${A}:user/alice`]);
    expect(strayWarnings(result.notices)).toEqual([]);
  });

  it('leave out principals the inventory holds under another path or case, patterns, and accounts not held in full', async () => {
    const result = await reviewOf([`arn:aws:iam::${A}:role/reporter`, `arn:aws:iam::${A}:role/teams/Reporter`, `arn:aws:iam::${OTHER}:role/partner`, `arn:aws:iam::${A}:root`]);
    expect(strayWarnings(result.notices).map((n) => n.message.slice(0, n.message.indexOf(',')))).toEqual(['Reporter trust policy names arn:aws:iam::111111111111:user/bob']);
  });

  it('are not looked for without an inventory: every principal is then outside it', async () => {
    const result = await review({
      plans: [planFile('pr.tfplan.json', 'eu-west-1', [{ type: 'aws_s3_bucket_policy', name: 'reports', after: { bucket: 'reports', policy: policy([`arn:aws:iam::${A}:role/etl-nightly`]) } }])],
      templates: [],
      terraformSources: [],
      config,
      today: '2026-01-01',
    });
    expect(strayWarnings(result.notices)).toEqual([]);
  });
});
