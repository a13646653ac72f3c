import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import { InputError } from '../../src/model/errors.js';
import type { InputFile } from '../../src/model/input.js';
import { fixture, principal } from './helpers.js';
import { inputErrorOf } from '../input-error.js';

const A = '222222222222';
const SOURCES = ['main.tf', 'modules/storage/main.tf', 'modules/replica/main.tf', 'modules/team/main.tf'].map((p) =>
  fixture(`terraform-repo/infra/${p}`),
);

describe('Terraform plan reader: modules and source lines', () => {
  const { after } = readTerraformPlan(fixture('modules.tfplan.json'), { terraformSources: SOURCES });

  it('reads resources of child modules at any depth, with count and for_each keys', () => {
    expect(after.resources.map((r) => r.source?.address).sort()).toEqual([
      'module.storage.aws_s3_bucket.this[0]',
      'module.storage.aws_s3_bucket.this[1]',
      'module.storage.module.replica.aws_s3_bucket.replica',
    ]);
    expect(after.groups.map((g) => g.arn).sort()).toEqual([`arn:aws:iam::${A}:group/teams/data`, `arn:aws:iam::${A}:group/teams/web`]);
  });

  it('points at the resource block in the root module and in local modules', () => {
    expect(principal(after, 'app').source).toEqual({ file: 'terraform-repo/infra/main.tf', line: 5, address: 'aws_iam_role.app' });
    expect(after.groups[0]!.source).toMatchObject({ file: 'terraform-repo/infra/modules/team/main.tf', line: 5 });
    const replica = after.resources.find((r) => r.name === 'shared-replica')!;
    expect(replica.source).toMatchObject({ file: 'terraform-repo/infra/modules/replica/main.tf', line: 1 });
    const policy = after.resources.find((r) => r.name === 'shared-0-20240101000000000000000001')!.policy!;
    expect(policy.source).toEqual({ file: 'terraform-repo/infra/modules/storage/main.tf', line: 11, address: 'module.storage.aws_s3_bucket_policy.this[0]' });
  });

  it('points at the module call for a resource inside a module whose source is not in the repository', () => {
    const flowLogs = after.principals.find((p) => p.source?.address?.startsWith('module.vpc.'))!;
    expect(flowLogs.source).toEqual({ file: 'terraform-repo/infra/main.tf', line: 20, address: 'module.vpc.aws_iam_role.vpc_flow_log_cloudwatch[0]' });
  });

  it('resolves references inside a module to the same module instance and count index', () => {
    const symbolic = 'arn:aws:s3:::shared-1-${module.storage.aws_s3_bucket.this[1].bucket}';
    expect(after.resources.find((r) => r.arn === symbolic)?.partial).toBeUndefined();
    expect(after.unknowns).toContainEqual(expect.objectContaining({ address: 'module.storage.aws_s3_bucket_policy.this[1]', attribute: 'policy', subject: symbolic }));
  });

  it('names the plan file (no line) when no .tf sources are given', () => {
    const { after: bare } = readTerraformPlan(fixture('modules.tfplan.json'));
    expect(principal(bare, 'app').source).toEqual({ file: 'modules.tfplan.json', address: 'aws_iam_role.app' });
  });
});

describe('Terraform plan reader: encodings and wrappers', () => {
  const original = fixture('legacy-0.12.tfplan.json');
  const text = new TextDecoder().decode(original.content as Uint8Array).replaceAll('\n', '\r\n');
  const utf16le = (s: string) => Buffer.from(s, 'utf16le');
  const encodings: Array<[string, Uint8Array | string]> = [
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['UTF-16LE with BOM (PowerShell)', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(text)])],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16le(text).swap16()])],
    ['UTF-16LE without BOM', utf16le(text)],
    ['a decoded string with BOM', `\uFEFF${text}`],
  ];

  it.each(encodings)('reads %s', (_name, content) => {
    const { after } = readTerraformPlan({ path: 'plan.json', content }, { accountId: A });
    expect(principal(after, 'instance').inlinePolicies).toHaveLength(1);
  });

  it('reads a Windows-1252 file, saying so', () => {
    const plan = JSON.parse(text) as { resource_changes: Array<{ change: { after: Record<string, unknown> } }> };
    plan.resource_changes[0]!.change.after['description'] = 'Rôle';
    const bytes = Buffer.from(JSON.stringify(plan), 'latin1');
    const { after } = readTerraformPlan({ path: 'plan.json', content: bytes }, { accountId: A });
    expect(principal(after, 'instance')).toBeDefined();
    expect(after.notices).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringContaining('not valid UTF-8') }));
  });

  it('refuses UTF-32, naming the file', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), Buffer.from('{}')]);
    expect(() => readTerraformPlan({ path: 'plan32.json', content: bytes })).toThrow(/plan32\.json: UTF-32 text is not supported/);
  });

  it('reads the setup-terraform wrapper output and says so', () => {
    const { after } = readTerraformPlan(fixture('setup-terraform-wrapper.tfplan.json'), { accountId: A });
    expect(principal(after, 'instance').inlinePolicies).toHaveLength(1);
    expect(after.notices).toContainEqual(expect.objectContaining({ message: expect.stringContaining('setup-terraform wrapper'), source: { file: 'setup-terraform-wrapper.tfplan.json', line: 2 } }));
  });
});

describe('Terraform plan reader: bad input', () => {
  const plan = () => JSON.parse(new TextDecoder().decode(fixture('legacy-0.12.tfplan.json').content as Uint8Array)) as Record<string, any>;
  const file = (value: unknown): InputFile => ({ path: 'infra/pr.tfplan.json', content: JSON.stringify(value) });
  const error = (input: InputFile): InputError => inputErrorOf(() => readTerraformPlan(input));

  it('names the file, line and column of a JSON syntax error', () => {
    const e = error({ path: 'infra/pr.tfplan.json', content: '{\n  "format_version": "1.2",\n  "resource_changes": [,]\n}' });
    expect(e.file).toBe('infra/pr.tfplan.json');
    expect(e.place).toBe('line 3, column 24');
    expect(e.message).toMatch(/^infra\/pr\.tfplan\.json: line 3, column 24: not valid JSON/);
  });

  it('says when a JSON file is not a plan', () => {
    expect(error(file({ Resources: {} })).message).toBe(
      'infra/pr.tfplan.json: not a Terraform plan: expected the JSON of `terraform show -json` on a plan file; produce one with `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`',
    );
  });

  it('names the Terraform address and attribute of a policy that is not valid JSON', () => {
    const broken = plan();
    broken['resource_changes'][1].change.after.policy = '{"Version": "2012-10-17", "Statement": [';
    const e = error(file(broken));
    expect(e.place).toMatch(/^aws_iam_role_policy\.instance: policy, line 1, column \d+$/);
    expect(e.problem).toMatch(/^not valid JSON/);
  });

  it('rejects a policy that is JSON but not an object', () => {
    const broken = plan();
    broken['resource_changes'][0].change.after.assume_role_policy = '["sts:AssumeRole"]';
    expect(error(file(broken)).message).toBe('infra/pr.tfplan.json: aws_iam_role.instance: assume_role_policy: a policy document must be a JSON object');
  });

  it('names the place of a malformed structure', () => {
    expect(error(file({ format_version: '1.2', resource_changes: {} })).place).toBe('resource_changes');
    expect(error(file({ format_version: '1.2', resource_changes: [{ address: 'aws_iam_role.x' }] })).message).toBe(
      'infra/pr.tfplan.json: resource_changes[0]: a resource needs string "address", "type" and "name"',
    );
    expect(error(file({ format_version: '1.2', planned_values: { root_module: { resources: {} } } })).place).toBe('planned_values.root_module.resources');
  });
});
