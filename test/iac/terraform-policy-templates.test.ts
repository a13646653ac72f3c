/**
 * Policy documents read at apply, completed from the repository's `.tf` files.
 *
 * A `data.aws_iam_policy_document` that names a bucket created in the same apply is read at
 * apply: the plan holds its statements with each ARN element unknown, and for each statement
 * only the references it reads (`aws_s3_bucket.exports.arn`), not how it combines them. So
 * `resources = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]` cannot be told
 * from the plan alone, and the review failed `unknown-access`. The `.tf` file tells it.
 */
import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import { blockBodyFrom, listOfTemplates, parseValue } from '../../src/iac/terraform/hcl.js';
import { installedModules } from '../../src/iac/terraform/sources.js';
import type { InputFile } from '../../src/model/input.js';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { fixture, resource } from './helpers.js';

const A = '111111111111';
const PLAN = fixture('terraform-repo/exports/exports.tfplan.json');
const MAIN_TF = fixture('terraform-repo/exports/main.tf');
const mainTf = new TextDecoder().decode(MAIN_TF.content as Uint8Array);
const EXPORTS = 'arn:aws:s3:::acme-exports';
const roleDocument = (inventory: ReturnType<typeof readTerraformPlan>['after']) =>
  inventory.principals.find((p) => p.name === 'exporter')?.inlinePolicies.find((p) => p.name === 'exports')?.document;

describe('HCL: a block\'s body and list expressions', () => {
  it('reads attributes and nested blocks, stepping over comments, strings, interpolations and heredocs', () => {
    const text = [
      '# resource "x" "y" {',
      'data "aws_iam_policy_document" "d" { # {',
      '  /* } */ statement {',
      '    sid = "A}" // }',
      '    note = <<-EOT',
      '      } not the end',
      '    EOT',
      '    tags = { a = "${x.y["}"]}", b = [1, 2] }',
      '    resources = [',
      '      x.y.arn, # first',
      '      "${x.y.arn}/*",',
      '    ]',
      '    principals {',
      '      identifiers = [a.b.arn]',
      '    }',
      '  }',
      '  statement { actions = ["s3:*"] }',
      '}',
    ].join('\n');
    const body = blockBodyFrom(text, text.indexOf('\n') + 1)!;
    expect(body.blocks.map((b) => b.type)).toEqual(['statement', 'statement']);
    const first = body.blocks[0]!.body;
    expect([...first.attributes.keys()]).toEqual(['sid', 'note', 'tags', 'resources']);
    expect(listOfTemplates(first.attributes.get('resources')!)).toEqual([[{ reference: 'x.y.arn' }], [{ reference: 'x.y.arn' }, '/*']]);
    expect(listOfTemplates(first.blocks[0]!.body.attributes.get('identifiers')!)).toEqual([[{ reference: 'a.b.arn' }]]);
    expect(listOfTemplates(body.blocks[1]!.body.attributes.get('actions')!)).toEqual([['s3:*']]);
  });

  it('reads strings with escapes, literal ${ and indexed references', () => {
    expect(listOfTemplates('["a\\"b", "$${aws:username}/${aws_s3_bucket.b["k"].arn}", aws_s3_bucket.c[0].arn, ""]')).toEqual([
      ['a"b'],
      ['${aws:username}/', { reference: 'aws_s3_bucket.b["k"].arn' }],
      [{ reference: 'aws_s3_bucket.c[0].arn' }],
      [''],
    ]);
  });

  it('reads values of literals, strings, lists, objects and calls, and heredocs with their indentation removed', () => {
    expect(parseValue('jsonencode({\n  a = [1, true, null] # c\n  "b:c": { d = x.y.arn }\n  e = "${x.y.arn}/*",\n})')).toEqual({
      kind: 'call',
      name: 'jsonencode',
      args: [
        {
          kind: 'object',
          entries: [
            ['a', { kind: 'tuple', items: [{ kind: 'literal', value: 1 }, { kind: 'literal', value: true }, { kind: 'literal', value: null }] }],
            ['b:c', { kind: 'object', entries: [['d', { kind: 'template', template: [{ reference: 'x.y.arn' }] }]] }],
            ['e', { kind: 'template', template: [{ reference: 'x.y.arn' }, '/*'] }],
          ],
        },
      ],
    });
    expect(parseValue('<<-EOT\n    {"a": "${x.y.arn}",\n      "b": "\\n"}\n  EOT')).toEqual({ kind: 'template', template: ['{"a": "', { reference: 'x.y.arn' }, '",\n  "b": "\\n"}\n'] });
    for (const expression of ['a.b.arn == "x"', '{ (var.k) = 1 }', 'toString', '[a.b[*].arn]', '{ a = 1 b = 2 }']) expect(parseValue(expression), expression).toBeUndefined();
  });

  it('reads what real files write: line breaks inside an interpolation, unicode escapes, a comma opening the next line, booleans in a list of strings', () => {
    const body = blockBodyFrom('resource "a" "b" {\n  name = "${\n    aws_s3_bucket.x.id\n  }-y"\n  when = "%{ if var.x\n}a%{ endif }"\n  last = 1\n}\n', 0)!;
    expect([...body.attributes.keys()]).toEqual(['name', 'when', 'last']);
    expect(parseValue(body.attributes.get('name')!)).toEqual({ kind: 'template', template: [{ reference: 'aws_s3_bucket.x.id' }, '-y'] });
    expect(parseValue('"caf\\u00e9 \\U0001F600"')).toEqual({ kind: 'template', template: ['café 😀'] });
    expect(parseValue('"\\u00"')).toBeUndefined();
    expect(listOfTemplates('[\n  "a"\n  , "b"\n]')).toEqual([['a'], ['b']]);
    expect(listOfTemplates('[<<EOT\nx\nEOT\n, "y"]')).toEqual([['x\n'], ['y']]);
    expect(listOfTemplates('[true, 1]')).toEqual([['true'], ['1']]);
    expect(listOfTemplates('["a" "b"]')).toBeUndefined();
  });

  it('reads anything but a list of strings and references as undefined', () => {
    for (const expression of [
      'concat([a.b.arn], ["x"])',
      '[for b in aws_s3_bucket.all : b.arn]',
      '["${upper(a.b.name)}"]',
      '["%{if true}x%{endif}"]',
      'var.x ? [a.b.arn] : []',
      '[a.b.arn',
      '["unterminated]',
      '"not a list"',
    ]) {
      expect(listOfTemplates(expression), expression).toBeUndefined();
    }
  });

  it('reads a block it cannot follow as undefined', () => {
    expect(blockBodyFrom('data "x" "y" {\n  a = "open\n}\n', 0)).toBeUndefined();
    expect(blockBodyFrom('data "x" "y" {\n  statement {\n', 0)).toBeUndefined();
    expect(blockBodyFrom('data "x" "y" {}\n', 16)).toBeUndefined();
    // Nesting deeper than any policy needs, in blocks, values and interpolations: no stack overflow.
    expect(blockBodyFrom(`data "x" "y" {\n${'a {\n'.repeat(100_000)}`, 0)).toBeUndefined();
    expect(parseValue('['.repeat(100_000))).toBeUndefined();
    expect(blockBodyFrom(`data "x" "y" {\n  a = "${'${"'.repeat(100_000)}"\n}\n`, 0)).toBeUndefined();
  });
});

describe('Terraform plan reader: policy documents read at apply, with the .tf files', () => {
  const { after } = readTerraformPlan(PLAN, { terraformSources: [MAIN_TF] });

  it('builds each element from its template: the bucket and its objects', () => {
    expect(roleDocument(after)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'WriteExports', Effect: 'Allow', Action: ['s3:ListBucket', 's3:PutObject'], Resource: [EXPORTS, `${EXPORTS}/*`] }],
    });
    expect(resource(after, EXPORTS).policy?.document).toMatchObject({
      Statement: [
        { Sid: 'PartnerReadsReports', Resource: `${EXPORTS}/reports/*`, Principal: { AWS: 'arn:aws:iam::999999999999:root' } },
        { Sid: 'OnlyTls', Effect: 'Deny', Resource: [EXPORTS, `${EXPORTS}/*`], Principal: '*' },
      ],
    });
    expect(after.unknowns).toEqual([]);
  });

  it('rebuilds a policy written with jsonencode (through local values), and one written as a heredoc (naming the bucket by its id, which is its name)', () => {
    const reads = after.principals.find((p) => p.name === 'exporter')?.inlinePolicies.find((p) => p.name === 'reads')?.document;
    expect(reads).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'ReadInbox', Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${EXPORTS}/inbox/*`, Condition: { Bool: { 'aws:SecureTransport': true } } }],
    });
    expect(after.managedPolicies.find((p) => p.name === 'exports-admin')?.policy.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Prune', Effect: 'Allow', Action: 's3:DeleteObject', Resource: `${EXPORTS}/*` }],
    });
  });

  it('points each statement of a policy written with jsonencode or a heredoc at the line of its Sid', () => {
    const reads = after.principals.find((p) => p.name === 'exporter')?.inlinePolicies.find((p) => p.name === 'reads');
    expect(reads?.statementSources).toEqual({ ReadInbox: { file: 'terraform-repo/exports/main.tf', line: 86, address: 'aws_iam_role_policy.exporter_reads' } });
    expect(after.managedPolicies.find((p) => p.name === 'exports-admin')?.policy.statementSources).toEqual({ Prune: { file: 'terraform-repo/exports/main.tf', line: 103, address: 'aws_iam_policy.exports_admin' } });
  });

  it('matches the references of a plan of Terraform before 1.0, which lists only the resources', () => {
    const plan = JSON.parse(new TextDecoder().decode(PLAN.content as Uint8Array));
    const admin = plan.configuration.root_module.resources.find((r: { address: string }) => r.address === 'aws_iam_policy.exports_admin');
    admin.expressions.policy = { references: ['aws_s3_bucket.exports'] };
    const { after: read } = readTerraformPlan({ path: 'exports.tfplan.json', content: JSON.stringify(plan) }, { terraformSources: [MAIN_TF] });
    expect(read.managedPolicies.find((p) => p.name === 'exports-admin')?.policy.document).toMatchObject({ Statement: [{ Resource: `${EXPORTS}/*` }] });
    admin.expressions.policy = { references: ['aws_s3_bucket.other'] };
    const { after: other } = readTerraformPlan({ path: 'exports.tfplan.json', content: JSON.stringify(plan) }, { terraformSources: [MAIN_TF] });
    expect(other.unknowns.map((u) => u.address)).toEqual(['aws_iam_policy.exports_admin']);
  });

  it('leaves a written policy unknown when it is not the plan\'s, or reads what it cannot resolve', () => {
    const edited = (from: string, to: string) => readTerraformPlan(PLAN, { terraformSources: [{ path: 'exports/main.tf', content: mainTf.replace(from, to) }] }).after;
    const unknownAddresses = (inventory: ReturnType<typeof edited>) => inventory.unknowns.map((u) => u.address);
    // Another reference than the plan's.
    expect(unknownAddresses(edited('Resource = "${local.inbox}/*"', 'Resource = "${aws_s3_bucket.other.arn}/inbox/*"'))).toEqual(['aws_iam_role_policy.exporter_reads']);
    // A function of a reference, a conditional, and locals that read each other.
    expect(unknownAddresses(edited('Resource = "${local.inbox}/*"', 'Resource = format("%s/*", local.inbox)'))).toEqual(['aws_iam_role_policy.exporter_reads']);
    expect(unknownAddresses(edited('exports_arn = aws_s3_bucket.exports.arn', 'exports_arn = "${local.inbox}"'))).toEqual(['aws_iam_role_policy.exporter_reads']);
    expect(unknownAddresses(edited('Action   = ["s3:GetObject"]', 'Action   = true ? ["s3:GetObject"] : []'))).toEqual(['aws_iam_role_policy.exporter_reads']);
  });

  it('reads the same from a file with Windows line ends', () => {
    const crlf = readTerraformPlan(PLAN, { terraformSources: [{ path: 'exports/main.tf', content: mainTf.replaceAll('\n', '\r\n') }] }).after;
    expect(roleDocument(crlf)).toEqual(roleDocument(after));
    expect(crlf.unknowns).toEqual([]);
  });

  it('reads the same from a .tf.json file', () => {
    const json: InputFile = {
      path: 'exports/main.tf.json',
      content: JSON.stringify({
        resource: { aws_s3_bucket: { exports: { bucket: 'acme-exports' } } },
        data: [
          {
            aws_iam_policy_document: {
              exporter: { statement: [{ sid: 'WriteExports', actions: ['s3:PutObject', 's3:ListBucket'], resources: ['${aws_s3_bucket.exports.arn}', '${aws_s3_bucket.exports.arn}/*'] }] },
            },
          },
        ],
      }),
    };
    const read = readTerraformPlan(PLAN, { terraformSources: [json] }).after;
    expect(roleDocument(read)).toMatchObject({ Statement: [{ Resource: [EXPORTS, `${EXPORTS}/*`] }] });
    // Policies written as expressions are read from native syntax only.
    expect(read.unknowns.map((u) => u.address)).toEqual(['aws_iam_policy.exports_admin', 'aws_s3_bucket_policy.exports', 'aws_iam_role_policy.exporter_reads']);
  });

  it('matches the written elements to the plan\'s as a set, which the provider orders its own way', () => {
    const plan = JSON.parse(new TextDecoder().decode(PLAN.content as Uint8Array));
    const data = plan.resource_changes.find((c: { address: string }) => c.address === 'data.aws_iam_policy_document.exporter').change;
    data.after.statement[0].resources = [null, 'arn:aws:s3:::acme-archive/*'];
    data.after_unknown.statement[0].resources = [true, false];
    const source = mainTf.replace('      aws_s3_bucket.exports.arn,\n      "${aws_s3_bucket.exports.arn}/*",', '      "arn:aws:s3:::acme-archive/*",\n      "${aws_s3_bucket.exports.arn}/*",');
    const { after: read } = readTerraformPlan({ path: 'exports.tfplan.json', content: JSON.stringify(plan) }, { terraformSources: [{ path: 'exports/main.tf', content: source }] });
    expect(roleDocument(read)).toMatchObject({ Statement: [{ Resource: ['arn:aws:s3:::acme-archive/*', `${EXPORTS}/*`] }] });
    // A known element that no written one reads as: not the plan's source.
    data.after.statement[0].resources = [null, 'arn:aws:s3:::acme-other/*'];
    const { after: other } = readTerraformPlan({ path: 'exports.tfplan.json', content: JSON.stringify(plan) }, { terraformSources: [{ path: 'exports/main.tf', content: source }] });
    expect(roleDocument(other)).toMatchObject({ Statement: [{ Resource: ['${data.aws_iam_policy_document.exporter.statement[0].resources[0]}', 'arn:aws:s3:::acme-other/*'] }] });
  });

  it('does not take statements written otherwise than the plan\'s: another count of elements, or a dynamic block', () => {
    const edited = (from: string, to: string): InputFile => ({ path: 'exports/main.tf', content: mainTf.replace(from, to) });
    const moreResources = readTerraformPlan(PLAN, { terraformSources: [edited('"${aws_s3_bucket.exports.arn}/*",\n    ]', '"${aws_s3_bucket.exports.arn}/*",\n      "arn:aws:s3:::other",\n    ]')] }).after;
    expect(roleDocument(moreResources)).toMatchObject({
      Statement: [{ Resource: ['${data.aws_iam_policy_document.exporter.statement[0].resources[0]}', '${data.aws_iam_policy_document.exporter.statement[0].resources[1]}'] }],
    });
    const dynamic = readTerraformPlan(PLAN, { terraformSources: [edited('data "aws_iam_policy_document" "exporter" {\n', 'data "aws_iam_policy_document" "exporter" {\n  dynamic "statement" {\n    for_each = []\n    content {}\n  }\n')] }).after;
    expect(dynamic.unknowns.map((u) => u.address)).toContain('aws_iam_role_policy.exporter');
  });

  it('without the .tf files, records the documents as unknown and says how to let the review read them', () => {
    const { after: bare } = readTerraformPlan(PLAN);
    expect(bare.unknowns.map((u) => u.address)).toEqual(['aws_iam_policy.exports_admin', 'aws_iam_role_policy.exporter', 'aws_s3_bucket_policy.exports', 'aws_iam_role_policy.exporter_reads']);
    for (const unknown of bare.unknowns) expect(unknown.remediation).toMatch(/--source DIR/);
  });

  it('a review judges the policies instead of failing unknown-access', async () => {
    const config = parseConfig({ accountId: A }, 'test config');
    const result = await review({ plans: [PLAN], templates: [], terraformSources: [MAIN_TF], config, today: '2026-01-01' });
    expect(result.findings.map((f) => [f.rule, f.resource])).toEqual([['external-accounts', EXPORTS]]);
    expect(result.delta.added.map((g) => [g.principal, g.capability])).toEqual([
      [`arn:aws:iam::${A}:role/exporter`, 'read-data'],
      [`arn:aws:iam::${A}:role/exporter`, 'write-data'],
      ['arn:aws:iam::999999999999:root', 'read-data'],
    ]);
    const bare = await review({ plans: [PLAN], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(bare.findings.filter((f) => f.rule === 'unknown-access').map((f) => f.message.slice(1, f.message.indexOf('`', 1)))).toEqual([
      'aws_iam_policy.exports_admin.policy',
      'aws_iam_role_policy.exporter.policy',
      'aws_s3_bucket_policy.exports.policy',
      'aws_iam_role_policy.exporter_reads.policy',
    ]);
  });
});

describe('Terraform plan reader: modules terraform init installed', () => {
  const registry = (name: string) => fixture(`terraform-repo/registry/${name}`);
  const PLAN_FILE = registry('registry.tfplan.json');
  const MODULE = registry('.terraform/modules/logs/main.tf');
  const ROOT = registry('main.tf');
  const manifest = (modules: unknown): InputFile => ({ path: 'terraform-repo/registry/.terraform/modules/modules.json', content: JSON.stringify({ Modules: modules }) });
  const LOGS = 'arn:aws:s3:::acme-access-logs';
  const read = (files: InputFile[]) => readTerraformPlan(PLAN_FILE, { terraformSources: files }).after;

  it('reads a registry module\'s blocks where the manifest installed it, and points at the module call', () => {
    const after = read([ROOT, registry('.terraform/modules/modules.json'), MODULE]);
    expect(resource(after, LOGS).policy?.document).toMatchObject({
      Statement: [
        { Sid: 'LogDelivery', Resource: `${LOGS}/logs/*` },
        { Sid: 'DenyInsecureTransport', Resource: [LOGS, `${LOGS}/*`] },
      ],
    });
    expect(after.unknowns).toEqual([]);
    expect(resource(after, LOGS).policy?.source).toMatchObject({ file: 'terraform-repo/registry/main.tf', line: 4 });
  });

  it('does not without the manifest, or with one that is not JSON', () => {
    expect(read([ROOT, MODULE]).unknowns.map((u) => u.address)).toEqual(['module.logs.aws_s3_bucket_policy.this']);
    expect(read([ROOT, manifest('not a list'), MODULE]).unknowns).toHaveLength(1);
    expect(read([ROOT, { path: 'terraform-repo/registry/.terraform/modules/modules.json', content: 'not json' }, MODULE]).unknowns).toHaveLength(1);
  });

  it('takes from a manifest only the directories inside .terraform/modules', () => {
    const listed = installedModules(
      JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          { Key: 'logs', Dir: '.terraform/modules/logs' },
          { Key: 'logs.inner', Dir: '.terraform\\modules\\logs\\modules\\inner' },
          { Key: 'vendored', Dir: 'vendor/logs' },
          { Key: 'escape', Dir: '.terraform/modules/../../etc' },
          { Key: 'odd', Dir: 7 },
        ],
      }),
    );
    expect(listed).toEqual([
      { key: 'logs', dir: '.terraform/modules/logs' },
      { key: 'logs.inner', dir: '.terraform/modules/logs/modules/inner' },
    ]);
  });
});

describe('Terraform plan reader: a pointer through a local value', () => {
  // `bucket = local.name` in a module, `name = var.bucket`, the caller passing `aws_s3_bucket.data.id`.
  const AWS = 'registry.terraform.io/hashicorp/aws';
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [{ address: 'aws_s3_bucket.data', mode: 'managed', type: 'aws_s3_bucket', name: 'data', provider_name: AWS, values: { bucket: 'acme-data' } }],
        child_modules: [{ address: 'module.store', resources: [{ address: 'module.store.aws_s3_bucket_public_access_block.this', mode: 'managed', type: 'aws_s3_bucket_public_access_block', name: 'this', provider_name: AWS, values: { block_public_policy: true, restrict_public_buckets: true, block_public_acls: true, ignore_public_acls: true } }] }],
      },
    },
    resource_changes: [
      { address: 'aws_s3_bucket.data', mode: 'managed', type: 'aws_s3_bucket', name: 'data', provider_name: AWS, change: { actions: ['create'], before: null, after: { bucket: 'acme-data' }, after_unknown: { arn: true, id: true } } },
      {
        address: 'module.store.aws_s3_bucket_public_access_block.this',
        module_address: 'module.store',
        mode: 'managed',
        type: 'aws_s3_bucket_public_access_block',
        name: 'this',
        provider_name: AWS,
        change: { actions: ['create'], before: null, after: { block_public_policy: true, restrict_public_buckets: true, block_public_acls: true, ignore_public_acls: true }, after_unknown: { bucket: true, id: true } },
      },
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
      root_module: {
        resources: [{ address: 'aws_s3_bucket.data', mode: 'managed', type: 'aws_s3_bucket', name: 'data', provider_config_key: 'aws', expressions: { bucket: { constant_value: 'acme-data' } } }],
        module_calls: {
          store: {
            source: './store',
            expressions: { bucket: { references: ['aws_s3_bucket.data.id', 'aws_s3_bucket.data'] } },
            module: {
              variables: { bucket: {} },
              resources: [{ address: 'aws_s3_bucket_public_access_block.this', mode: 'managed', type: 'aws_s3_bucket_public_access_block', name: 'this', provider_config_key: 'store:aws', expressions: { bucket: { references: ['local.name'] } } }],
            },
          },
        },
      },
    },
  };
  const planFileOf = { path: 'infra/plan.tfplan.json', content: JSON.stringify(plan) };
  const sources = [
    { path: 'infra/main.tf', content: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n\nmodule "store" {\n  source = "./store"\n  bucket = aws_s3_bucket.data.id\n}\n' },
    { path: 'infra/store/main.tf', content: 'locals {\n  name = var.bucket\n}\n\nresource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = local.name\n  block_public_policy     = true\n  restrict_public_buckets = true\n  block_public_acls       = true\n  ignore_public_acls      = true\n}\n' },
  ];

  it('follows the local as the .tf files write it, then the module input, to the caller\'s bucket', () => {
    const { after } = readTerraformPlan(planFileOf, { terraformSources: sources });
    expect(resource(after, 'arn:aws:s3:::acme-data').publicAccessBlock).toMatchObject({ blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(after.unknowns).toEqual([]);
  });

  it('records the bucket as unknown without the files, or when the local is not a plain reference', () => {
    expect(readTerraformPlan(planFileOf).after.unknowns.map((u) => [u.address, u.attribute])).toEqual([['module.store.aws_s3_bucket_public_access_block.this', 'bucket']]);
    const computed = [sources[0]!, { ...sources[1]!, content: sources[1]!.content.replace('name = var.bucket', 'name = lower(var.bucket)') }];
    expect(readTerraformPlan(planFileOf, { terraformSources: computed }).after.unknowns).toHaveLength(1);
  });
});

describe('Terraform plan reader: a plan of Terraform 0.13, which leaves unknown list elements out of `after`', () => {
  const PLAN_013 = fixture('terraform-repo/legacy-013/legacy.tfplan.json');
  const readerDocument = (inventory: ReturnType<typeof readTerraformPlan>['after']) =>
    inventory.principals.find((p) => p.name === 'reader')?.inlinePolicies.find((p) => p.name === 'reads')?.document;

  it('keeps the unknown element where after_unknown marks it, and records it, instead of dropping it unnoticed', () => {
    const { after } = readTerraformPlan(PLAN_013);
    expect(readerDocument(after)).toMatchObject({ Statement: [{ Resource: ['arn:aws:s3:::acme-reports/*', '${data.aws_iam_policy_document.reader.statement[0].resources[1]}'] }] });
    expect(after.unknowns.map((u) => u.address)).toEqual(['aws_iam_role_policy.reader']);
  });

  it('rebuilds it from the .tf file', () => {
    const { after } = readTerraformPlan(PLAN_013, { terraformSources: [fixture('terraform-repo/legacy-013/main.tf')] });
    expect(readerDocument(after)).toMatchObject({ Statement: [{ Resource: ['arn:aws:s3:::acme-reports/*', 'arn:aws:s3:::acme-exports/*'] }] });
    expect(after.unknowns).toEqual([]);
  });
});
