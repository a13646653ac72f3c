import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import { TerraformConfiguration } from '../../src/iac/terraform/configuration.js';
import { TerraformSources } from '../../src/iac/terraform/sources.js';
import type { InputFile } from '../../src/model/input.js';

const A = '111122223333';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const role = (address: string, name: string) => ({
  address,
  mode: 'managed',
  type: 'aws_iam_role',
  name: address.split('.').at(-1),
  values: { name, arn: `arn:aws:iam::${A}:role/${name}`, assume_role_policy: trust, tags_all: {} },
});

/** A plan of a role in the root module and one inside a registry module. */
const plan: InputFile = {
  path: 'plan.json',
  content: JSON.stringify({
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [role('aws_iam_role.app', 'app')],
        child_modules: [{ address: 'module.flow_logs', resources: [role('module.flow_logs.aws_iam_role.this', 'flow-logs')] }],
      },
    },
    configuration: { root_module: { module_calls: { flow_logs: { source: 'terraform-aws-modules/vpc/aws//modules/flow-log' } } } },
  }),
};

/** The same configuration in JSON syntax: blocks in objects and in arrays of objects. */
const source: InputFile = {
  path: 'infra/main.tf.json',
  content: [
    '{',
    '  "provider": { "aws": { "region": "eu-west-1" } },',
    '  "resource": [',
    '    {',
    '      "aws_s3_bucket": { "logs": { "bucket": "logs\\"{}" } },',
    '      "aws_iam_role": {',
    '        "app": {',
    '          "name": "app",',
    '          "assume_role_policy": "${data.aws_iam_policy_document.trust.json}"',
    '        }',
    '      }',
    '    }',
    '  ],',
    '  "module": {',
    '    "flow_logs": { "source": "terraform-aws-modules/vpc/aws//modules/flow-log" }',
    '  }',
    '}',
  ].join('\n'),
};

describe('Terraform sources in JSON syntax (.tf.json)', () => {
  const { after } = readTerraformPlan(plan, { terraformSources: [source] });
  const sourceOf = (name: string) => after.principals.find((p) => p.name === name)?.source;

  it('points at the line of the resource block', () => {
    expect(sourceOf('app')).toEqual({ file: 'infra/main.tf.json', line: 7, address: 'aws_iam_role.app' });
  });

  it('points at the module call for a resource inside a module that is not in the repository', () => {
    expect(sourceOf('flow-logs')).toEqual({ file: 'infra/main.tf.json', line: 15, address: 'module.flow_logs.aws_iam_role.this' });
  });

  it('reads a file cut short up to the cut, without failing', () => {
    const cut = readTerraformPlan(plan, { terraformSources: [{ path: 'infra/main.tf.json', content: '{\n "resource": { "aws_iam_role": {\n "app": ' }] });
    expect(cut.after.principals.find((p) => p.name === 'app')?.source).toEqual({ file: 'infra/main.tf.json', line: 3, address: 'aws_iam_role.app' });
  });

  it('finds statement sids inside the block that names them, not in a later block (JSON has no column-1 ends)', () => {
    const documents: InputFile = {
      path: 'infra/policies.TF.JSON',
      content: [
        '{',
        '  "data": {',
        '    "aws_iam_policy_document": {',
        '      "reader": {',
        '        "statement": [',
        '          { "sid": "Read", "actions": ["s3:GetObject"] }',
        '        ]',
        '      },',
        '      "writer": {',
        '        "statement": [',
        '          { "sid": "Write", "actions": ["s3:PutObject"] },',
        '          { "sid": "Read", "actions": ["s3:GetObject"] }',
        '        ]',
        '      }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    };
    const sources = new TerraformSources([documents], new TerraformConfiguration(undefined), [{ mode: 'data', type: 'aws_iam_policy_document', name: 'reader' }]);
    const reader = sources.locate([], 'data', 'aws_iam_policy_document', 'reader')!;
    const writer = sources.locate([], 'data', 'aws_iam_policy_document', 'writer')!;
    expect([reader.line, writer.line]).toEqual([4, 9]);
    expect([...sources.sidLines(reader, ['Read', 'Write'])]).toEqual([['Read', 6]]);
    expect([...sources.sidLines(writer, ['Read', 'Write'])]).toEqual([['Write', 11], ['Read', 12]]);
  });
});
