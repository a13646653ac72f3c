import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import { resource } from './helpers.js';
import { inputErrorOf } from '../input-error.js';
import { planFile, type PlannedResource } from './plan-builder.js';

const readerPolicy = (reader: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::111122223333:role/${reader}` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
  });

const bucket = (before: string, after: string): PlannedResource[] => [
  { type: 'aws_s3_bucket', name: 'reports', before: { bucket: 'reports', arn: 'arn:aws:s3:::reports' }, after: { bucket: 'reports', arn: 'arn:aws:s3:::reports' } },
  { type: 'aws_s3_bucket_policy', name: 'reports', before: { bucket: 'reports', policy: before }, after: { bucket: 'reports', policy: after } },
];

const read = (resources: PlannedResource[]) => readTerraformPlan(planFile('infra/plan.json', 'eu-west-1', resources));

describe('Terraform plan reader: policy texts', () => {
  it('gives a policy text equal on both sides one parsed document', () => {
    const state = read(bucket(readerPolicy('analyst'), readerPolicy('analyst')));
    const before = resource(state.before, 'arn:aws:s3:::reports').policy;
    const after = resource(state.after, 'arn:aws:s3:::reports').policy;
    expect(after?.document).toEqual(JSON.parse(readerPolicy('analyst')));
    expect(after?.document).toBe(before?.document);
  });

  it('parses a changed policy text on each side', () => {
    const state = read(bucket(readerPolicy('analyst'), readerPolicy('auditor')));
    expect(resource(state.before, 'arn:aws:s3:::reports').policy?.document).toEqual(JSON.parse(readerPolicy('analyst')));
    expect(resource(state.after, 'arn:aws:s3:::reports').policy?.document).toEqual(JSON.parse(readerPolicy('auditor')));
  });

  it('still rejects a malformed policy text equal on both sides, naming its address and attribute', () => {
    const broken = '{"Version": "2012-10-17", "Statement": [';
    const e = inputErrorOf(() => read(bucket(broken, broken)));
    expect(e.file).toBe('infra/plan.json');
    expect(e.place).toMatch(/^aws_s3_bucket_policy\.reports: policy, line 1, column \d+$/);
    expect(e.problem).toMatch(/^not valid JSON/);
  });

  it('rejects a policy text that is valid on one side only', () => {
    const e = inputErrorOf(() => read(bucket(readerPolicy('analyst'), '["not", "a", "policy"]')));
    expect(e.place).toBe('aws_s3_bucket_policy.reports: policy');
    expect(e.problem).toBe('a policy document must be a JSON object');
  });
});

describe('Terraform plan reader: states that repeat the changes', () => {
  const plan = () => JSON.parse(planFile('infra/plan.json', 'eu-west-1', bucket(readerPolicy('analyst'), readerPolicy('analyst'))).content as string) as Record<string, any>;

  it('still checks a state entry whose address the changes already hold', () => {
    const broken = plan();
    delete broken['planned_values'].root_module.resources[1].type;
    const e = inputErrorOf(() => readTerraformPlan({ path: 'infra/plan.json', content: JSON.stringify(broken) }));
    expect(e.place).toBe('planned_values.root_module.resources[1]');
    expect(e.problem).toBe('a resource needs string "address", "type" and "name"');
  });

  it('takes from the prior state what the changes do not hold', () => {
    const partial = plan();
    partial['resource_changes'] = partial['resource_changes'].slice(0, 1);
    const state = readTerraformPlan({ path: 'infra/plan.json', content: JSON.stringify(partial) });
    expect(resource(state.before, 'arn:aws:s3:::reports').policy?.document).toEqual(JSON.parse(readerPolicy('analyst')));
    expect(resource(state.after, 'arn:aws:s3:::reports').policy?.document).toEqual(JSON.parse(readerPolicy('analyst')));
  });
});
