/**
 * An AWS managed policy's statements have no source of their own: findings about what a change
 * attaches point at the attachment (`aws_iam_role_policy_attachment`), the line the pull request
 * adds, also when the role itself comes from the account inventory.
 */
import { describe, expect, it } from 'vitest';
import { readAuthorizationDetails } from '../../src/iac/index.js';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { planFile } from '../iac/plan-builder.js';

const A = '111111111111';
const config = parseConfig({ accountId: A }, 'test config');
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const attachment = { type: 'aws_iam_role_policy_attachment', name: 'ops_admin', after: { role: 'ops', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } };
const at = { file: 'pr.tfplan.json', address: 'aws_iam_role_policy_attachment.ops_admin' };
const locationsOf = (findings: readonly { rule: string; locations: unknown }[], rule: string) => findings.filter((f) => f.rule === rule).map((f) => f.locations);

describe('findings about an attached AWS managed policy', () => {
  it('point at the attachment, not at the role', async () => {
    const role = { name: 'ops', path: '/', arn: `arn:aws:iam::${A}:role/ops`, assume_role_policy: JSON.stringify(trust), tags: {} };
    const plan = planFile('pr.tfplan.json', 'eu-west-1', [{ type: 'aws_iam_role', name: 'ops', before: role, after: role }, attachment]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(locationsOf(result.findings, 'new-administrators')).toEqual([[at]]);
    expect(locationsOf(result.findings, 'wildcard-grants')).toEqual([[at]]);
  });

  it('point at the attachment when the role is the inventory\'s', async () => {
    const details = {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [{ Path: '/', RoleName: 'ops', RoleId: 'AROAEXAMPLEOPS000001', Arn: `arn:aws:iam::${A}:role/ops`, CreateDate: '2025-01-01T00:00:00Z', AssumeRolePolicyDocument: trust, InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [], Tags: [] }],
      Policies: [],
    };
    const inventory = readAuthorizationDetails({ path: 'account.json', content: JSON.stringify(details) });
    const plan = planFile('pr.tfplan.json', 'eu-west-1', [attachment]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], inventory, config, today: '2026-01-01' });
    expect(locationsOf(result.findings, 'new-administrators')).toEqual([[at]]);
  });
});
