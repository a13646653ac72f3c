import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import type { Inventory } from '../../src/model/inventory.js';
import { inputErrorOf } from '../input-error.js';

const PATH = 'infra/plan.json';
const HOW_TO = '`terraform plan -out=tfplan && terraform show -json tfplan > plan.json`';
const read = (plan: unknown) => readTerraformPlan({ path: PATH, content: JSON.stringify(plan) });

const error = (plan: unknown) => inputErrorOf(() => read(plan));

const ROLE = {
  address: 'aws_iam_role.app',
  mode: 'managed',
  type: 'aws_iam_role',
  name: 'app',
  values: {
    name: 'app',
    arn: 'arn:aws:iam::111122223333:role/app',
    assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  },
  sensitive_values: {},
};

describe('Terraform plan reader: what is a plan', () => {
  it('rejects the JSON of a state, saying so and how to produce a plan', () => {
    const e = error({ format_version: '1.0', terraform_version: '1.9.5', values: { root_module: { resources: [ROLE] } } });
    expect(e.file).toBe(PATH);
    expect(e.message).toBe(`${PATH}: this is Terraform state (\`terraform show -json\` without a plan file), not a plan: it holds no change to review; produce one with ${HOW_TO}`);
  });

  it('rejects the JSON of an empty state and other JSON that is not a plan', () => {
    expect(error({ format_version: '1.0' }).message).toBe(`${PATH}: not a Terraform plan: expected the JSON of \`terraform show -json\` on a plan file; produce one with ${HOW_TO}`);
    expect(error(['resource_changes']).message).toContain('not a Terraform plan');
  });

  it('rejects a plan whose planning failed: a partial plan never passes a review', () => {
    const e = error({ format_version: '1.2', terraform_version: '1.9.5', planned_values: { root_module: {} }, prior_state: {}, configuration: {}, errored: true });
    expect(e.file).toBe(PATH);
    expect(e.message).toBe(`${PATH}: the plan is partial: Terraform could not finish planning ("errored": true), so it cannot be reviewed; fix the errors and plan again`);
  });

  it('reads plans with no change, with and without the fields of later versions', () => {
    const noChange = [
      { format_version: '0.1', terraform_version: '0.12.31', planned_values: { root_module: {} }, configuration: { root_module: {} } },
      { format_version: '1.2', terraform_version: '1.9.5', planned_values: { root_module: {} }, configuration: {}, applyable: false, complete: true, errored: false },
      { format_version: '1.2', terraform_version: '1.9.5', planned_values: { root_module: { resources: [ROLE] } }, prior_state: { values: { root_module: { resources: [ROLE] } } }, configuration: {}, applyable: false, complete: true, errored: false },
    ];
    for (const plan of noChange) {
      const { before, after } = read(plan);
      expect(after.notices).toEqual([]);
      expect(before.principals.map((p) => p.arn)).toEqual(after.principals.map((p) => p.arn));
    }
    expect(read(noChange[2]).after.principals.map((p) => p.name)).toEqual(['app']);
  });

  it('records a deferred change to a resource the readers read as undecided access, and no other', () => {
    const plan = {
      format_version: '1.2', terraform_version: '1.9.5', planned_values: { root_module: { resources: [ROLE] } }, configuration: {}, complete: false, applyable: true, errored: false,
      deferred_changes: [
        { reason: 'resource_config_unknown', resource_change: { address: 'aws_s3_bucket_policy.shared["x"]', mode: 'managed', type: 'aws_s3_bucket_policy', name: 'shared', change: { actions: ['create'] } } },
        { reason: 'provider_config_unknown', resource_change: { address: 'aws_route53_record.www', mode: 'managed', type: 'aws_route53_record', name: 'www', change: { actions: ['create'] } } },
      ],
    };
    const { before, after } = read(plan);
    expect(after.unknowns).toEqual([
      {
        address: 'aws_s3_bucket_policy.shared["x"]',
        attribute: 'change',
        reason: 'Terraform deferred this change to a later plan and apply (resource_config_unknown), so the access it grants is not analysed',
        remediation: 'Plan again once what it waits for is known, and review that plan, or split the change so that nothing is deferred.',
        source: { file: PATH, address: 'aws_s3_bucket_policy.shared["x"]' },
      },
    ]);
    expect(before.unknowns).toEqual([]);
  });

  it('reads an incomplete plan with a warning that deferred resources are not analysed', () => {
    const deferred = (i: number) => ({ reason: 'resource_config_unknown', resource_change: { address: `aws_iam_role.later[${i}]`, type: 'aws_iam_role', name: 'later', change: { actions: ['create'] } } });
    const plan = { format_version: '1.2', terraform_version: '1.9.5', planned_values: { root_module: { resources: [ROLE] } }, configuration: {}, complete: false, applyable: true, errored: false, deferred_changes: [0, 1, 2, 3, 4, 5].map(deferred) };
    const { before, after } = read(plan);
    expect(after.principals.map((p) => p.name)).toEqual(['app']);
    expect(after.notices).toEqual([
      {
        level: 'warning',
        message: `${PATH}: the plan is incomplete ("complete": false): Terraform deferred some changes to a later plan and apply; resources deferred to a later plan are not analysed (deferred: aws_iam_role.later[0], aws_iam_role.later[1], aws_iam_role.later[2], aws_iam_role.later[3], aws_iam_role.later[4], and 1 more)`,
        source: { file: PATH },
      },
    ]);
    expect(before.notices).toEqual([]);
    const { deferred_changes: _, ...withoutList } = plan;
    expect(read(withoutList).after.notices.map((n) => n.message)).toEqual([
      `${PATH}: the plan is incomplete ("complete": false): Terraform deferred some changes to a later plan and apply; resources deferred to a later plan are not analysed`,
    ]);
  });
});

/** A plan with one `aws_mediastore_container_policy` (a type not read yet) and the given actions. */
function containerPolicyPlan(actions: string[]): unknown {
  const values = {
    container_name: 'clicks',
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'mediastore:GetObject', Resource: '*' }] }),
    id: 'clicks',
  };
  const deleted = actions.includes('delete') && !actions.includes('create');
  const created = actions.includes('create') && !actions.includes('delete');
  return {
    format_version: '1.2',
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: 'module.data.aws_mediastore_container_policy.clicks',
        module_address: 'module.data',
        mode: 'managed',
        type: 'aws_mediastore_container_policy',
        name: 'clicks',
        change: { actions, before: created ? null : values, after: deleted ? null : values, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
      },
    ],
    configuration: {},
  };
}

const unread = (inventory: Inventory) => inventory.unknowns.filter((u) => u.reason.includes('does not read yet'));
const IDENTITY = { address: 'module.data.aws_mediastore_container_policy.clicks', attribute: 'policy' };

describe('Terraform plan reader: a policy of a type not read yet is unknown access', () => {
  it('records an unknown on the after side for a new resource, and nothing on the before side', () => {
    const { before, after } = read(containerPolicyPlan(['create']));
    expect(unread(after)).toEqual([expect.objectContaining({ ...IDENTITY, source: { file: PATH, address: IDENTITY.address } })]);
    expect(unread(before)).toEqual([]);
    expect(after.notices).toEqual([]);
  });

  it('records the same identity on both sides for a resource the plan keeps or updates', () => {
    for (const actions of [['no-op'], ['update'], ['delete', 'create']]) {
      const { before, after } = read(containerPolicyPlan(actions));
      expect(unread(before).map((u) => [u.address, u.attribute])).toEqual([[IDENTITY.address, IDENTITY.attribute]]);
      expect(unread(after).map((u) => [u.address, u.attribute])).toEqual([[IDENTITY.address, IDENTITY.attribute]]);
      expect([...before.notices, ...after.notices]).toEqual([]);
    }
  });

  it('names a deleted one in a warning, since only the after side is shown as unknown', () => {
    const { before, after } = read(containerPolicyPlan(['delete']));
    expect(unread(after)).toEqual([]);
    expect(unread(before)).toEqual([expect.objectContaining(IDENTITY)]);
    expect(before.notices).toEqual([
      {
        level: 'warning',
        message: 'module.data.aws_mediastore_container_policy.clicks.policy: aws_mediastore_container_policy carries a policy that Access Delta does not read yet; the access it grants is not analysed (this change removes it)',
        source: { file: PATH, address: IDENTITY.address },
      },
    ]);
  });

  it('names the resource as the subject when its ARN is known', () => {
    const plan = containerPolicyPlan(['create']) as { resource_changes: Array<{ change: { after: Record<string, unknown> } }> };
    plan.resource_changes[0]!.change.after['arn'] = 'arn:aws:mediastore:eu-west-1:111122223333:container/clicks';
    expect(unread(read(plan).after)).toEqual([expect.objectContaining({ ...IDENTITY, subject: 'arn:aws:mediastore:eu-west-1:111122223333:container/clicks' })]);
  });
});
