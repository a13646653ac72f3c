import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';

const EXAMPLE = 'examples/credit-processor';
const PLAN = `${EXAMPLE}/pr.tfplan.json`;
const WITHIN = `${EXAMPLE}/within-limit.tfplan.json`;
const CONFIG = `${EXAMPLE}/access-delta.yml`;
const ROLE = (name: string) => `arn:aws:iam::111111111111:role/${name}`;
const BUCKET = 'arn:aws:s3:::credit-applications';

async function run(args: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdin: () => stdin });
  return { code, stdout, stderr };
}

function scratch(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'access-delta-cli-')), name);
  writeFileSync(path, content);
  return path;
}

describe('access-delta review', () => {
  // Where the tests themselves run in GitHub Actions, keep their reviews out of its job summary.
  const stepSummary = process.env['GITHUB_STEP_SUMMARY'];
  beforeAll(() => delete process.env['GITHUB_STEP_SUMMARY']);
  afterAll(() => {
    if (stepSummary !== undefined) process.env['GITHUB_STEP_SUMMARY'] = stepSummary;
  });

  it('fails the example PR (exit 1) and names both new readers', async () => {
    const { code, stdout } = await run(['review', '--plan', PLAN, '--config', CONFIG]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^### ❌ Access Delta/);
    expect(stdout).toContain('max-principals');
    expect(stdout).toContain('`role/analytics`');
    expect(stdout).toContain('`role/fraud-model`');
    expect(stdout).toContain(`${EXAMPLE}/main.tf:`);
  });

  it('passes the variant within the limit (exit 0)', async () => {
    const { code, stdout } = await run(['review', '--plan', WITHIN, '--config', CONFIG]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^### ✅ Access Delta/);
  });

  it('prints the JSON shape of DESIGN.md', async () => {
    const { code, stdout } = await run(['review', '--plan', PLAN, '--config', CONFIG, '--format', 'json']);
    expect(code).toBe(1);
    const review = JSON.parse(stdout);
    expect(Object.keys(review)).toEqual(expect.arrayContaining(['conclusion', 'delta', 'findings', 'unknowns']));
    expect(review.conclusion).toBe('failure');
    const added = review.delta.added.map((g: { principal: string; resource: string; capability: string }) => [g.principal, g.resource, g.capability]);
    expect(added.sort()).toEqual([
      [ROLE('analytics'), BUCKET, 'read-data'],
      [ROLE('fraud-model'), BUCKET, 'read-data'],
    ]);
    expect(review.delta.removed).toEqual([]);
    expect(review.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`)).toContain('max-principals:error');
  });

  it('writes SARIF to --output', async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'access-delta-cli-')), 'review.sarif');
    const { code, stdout } = await run(['review', '--plan', PLAN, '--config', CONFIG, '--format', 'sarif', '--output', output]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const sarif = JSON.parse(readFileSync(output, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('max-principals');
  });

  it('appends the review to the job summary inside a GitHub Actions step', async () => {
    const summary = scratch('step-summary.md', '## Earlier step\n');
    process.env['GITHUB_STEP_SUMMARY'] = summary;
    try {
      const { code } = await run(['review', '--plan', PLAN, '--config', CONFIG, '--format', 'json']);
      expect(code).toBe(1);
    } finally {
      delete process.env['GITHUB_STEP_SUMMARY'];
    }
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('## Earlier step\n')).toBe(true);
    expect(text).toMatch(/### ❌ Access Delta/);
    expect(text).toContain('max-principals');
  });

  it('reviews a CloudFormation change given as BASE:HEAD', async () => {
    const { code, stdout } = await run(['review', '--cfn', `${EXAMPLE}/cloudformation/base.yaml:${EXAMPLE}/cloudformation/head.yaml`, '--config', CONFIG, '--format', 'json']);
    expect(code).toBe(1);
    const principals = JSON.parse(stdout).delta.added.map((g: { principal: string }) => g.principal);
    expect(principals.sort()).toEqual([ROLE('analytics'), ROLE('fraud-model')]);
  });

  it('lays the plan over an account inventory file', async () => {
    const { code, stdout } = await run(['review', '--plan', PLAN, '--inventory', `${EXAMPLE}/account-authorization-details.json`, '--config', CONFIG, '--format', 'json']);
    expect(code).toBe(1);
    const review = JSON.parse(stdout);
    // The inventory holds AdministratorAccess, so admin's access is no longer unknown.
    expect(review.unknowns.map((u: { subject?: string }) => u.subject)).not.toContain(ROLE('admin'));
  });

  it('reads the modules terraform init installed, so a registry module\'s bucket policy read at apply is decided', async () => {
    const { code, stdout } = await run(['review', '--plan', 'test/fixtures/iac/terraform-repo/registry/registry.tfplan.json', '--format', 'json']);
    expect(code).toBe(0);
    const review = JSON.parse(stdout);
    expect(review.unknowns).toEqual([]);
    expect(review.delta.added).toEqual([
      expect.objectContaining({ principal: 'logging.s3.amazonaws.com', resource: 'arn:aws:s3:::acme-access-logs', capability: 'write-data', conditional: true }),
    ]);
    // Findings inside the module point where the repository calls it.
    expect(review.delta.added[0].via[0].source).toMatchObject({ file: 'test/fixtures/iac/terraform-repo/registry/main.tf', line: 4 });
  });

  it('exits 2 naming the file when an input cannot be read', async () => {
    const { code, stderr } = await run(['review', '--plan', 'no/such/plan.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('no/such/plan.json: no such file');
  });

  it('exits 2 naming the path when a folder to read or a file to write is not there', async () => {
    const source = await run(['review', '--plan', PLAN, '--source', 'no/such/folder']);
    expect(source.code).toBe(2);
    expect(source.stderr).toContain('no/such/folder: no such file or directory');
    const output = await run(['review', '--plan', PLAN, '--output', 'no/such/folder/review.md']);
    expect(output.code).toBe(2);
    expect(output.stderr).toContain('no/such/folder/review.md: no such file or directory');
  });

  it('exits 2 naming the file and place of malformed JSON', async () => {
    const path = scratch('broken.tfplan.json', '{\n  "format_version": "1.2",\n  "planned_values": {,}\n}\n');
    const { code, stderr } = await run(['review', '--plan', path]);
    expect(code).toBe(2);
    expect(stderr).toContain(path);
    expect(stderr).toMatch(/line 3/);
  });

  it('exits 2 naming the key of an invalid configuration', async () => {
    const config = scratch('access-delta.yml', 'rules:\n  max-principals:\n    limits:\n      - max: -1\n');
    const { code, stderr } = await run(['review', '--plan', PLAN, '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toContain(config);
    expect(stderr).toContain('rules.max-principals.limits[0].max');
  });

  it.each([
    [['review'], 'at least one --plan or --cfn'],
    [['review', '--plan', PLAN, '--format', 'html'], '--format must be one of markdown, json, sarif'],
    [['review', '--plan', PLAN, '--colour'], "Unknown option '--colour'"],
    [['review', '--cfn', 'template.yaml'], '--cfn takes BASE:HEAD'],
    [['audit'], 'unknown command "audit"'],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage:');
  });
});

describe('access-delta access', () => {
  it('reads the .tf files of --source, as review does', async () => {
    const plan = scratch('legacy.tfplan.json', readFileSync('test/fixtures/iac/terraform-repo/legacy-013/legacy.tfplan.json', 'utf8'));
    const exports = (stdout: string) =>
      JSON.parse(stdout).grants.filter((g: { principal: string; resource: string }) => g.principal === ROLE('reader') && g.resource === 'arn:aws:s3:::acme-exports');
    const bare = await run(['access', '--plan', plan, '--format', 'json']);
    expect(bare.code).toBe(0);
    expect(exports(bare.stdout)).toEqual([expect.objectContaining({ capability: 'read-data', unknown: true })]);
    const withSources = await run(['access', '--plan', plan, '--source', 'test/fixtures/iac/terraform-repo/legacy-013', '--format', 'json']);
    expect(withSources.code).toBe(0);
    expect(exports(withSources.stdout)).toEqual([expect.objectContaining({ capability: 'read-data', actions: ['s3:GetObject'] })]);
    expect(exports(withSources.stdout)[0].unknown).toBeUndefined();
  });

  it('prints the access JSON of DESIGN.md for the after side', async () => {
    const { code, stdout } = await run(['access', '--plan', PLAN, '--format', 'json']);
    expect(code).toBe(0);
    const access = JSON.parse(stdout);
    expect(access.side).toBe('after');
    const grant = access.grants.find((g: { principal: string; capability: string }) => g.principal === ROLE('analytics') && g.capability === 'read-data');
    expect(Object.keys(grant)).toEqual(expect.arrayContaining(['principal', 'principalType', 'resource', 'resourceType', 'capability', 'actions', 'conditional', 'conditions', 'via']));
    expect(grant).toMatchObject({ principalType: 'IAMRole', resource: BUCKET, resourceType: 'AWS::S3::Bucket' });
    expect(grant.actions).toContain('s3:GetObject');
    expect(grant.via.map((v: { statement: string }) => v.statement)).toContain('AllowRestrictedReadData');
    for (const unknown of access.unknowns) expect(Object.keys(unknown)).toEqual(expect.arrayContaining(['address', 'attribute', 'reason']));
    // batch-etl's s3:* on * gives it nothing on the k9 bucket.
    expect(access.grants.filter((g: { principal: string; resource: string }) => g.principal === ROLE('batch-etl') && g.resource === BUCKET)).toEqual([]);
  });

  it('shows the before side without the roles the PR creates', async () => {
    const { stdout } = await run(['access', '--plan', PLAN, '--format', 'json', '--side', 'before']);
    const principals = new Set(JSON.parse(stdout).grants.map((g: { principal: string }) => g.principal));
    expect(principals.has(ROLE('cust-service'))).toBe(true);
    expect(principals.has(ROLE('analytics'))).toBe(false);
  });

  it('reads a single CloudFormation template as what it deploys', async () => {
    const { code, stdout } = await run(['access', '--cfn', `${EXAMPLE}/cloudformation/head.yaml`, '--format', 'table']);
    expect(code).toBe(0);
    expect(stdout).toContain('role/fraud-model');
    expect(stdout).toContain('credit-applications');
  });

  it('needs exactly one input', async () => {
    expect((await run(['access'])).code).toBe(2);
    expect((await run(['access', '--plan', PLAN, '--cfn', 'x.yaml'])).code).toBe(2);
  });
});

describe('access-delta access --inventory-live', () => {
  const API = 'test/fixtures/iac/iam-api';
  const saved = { ...process.env };
  beforeAll(() => {
    nock.disableNetConnect();
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_REGION: 'eu-west-1' });
    delete process.env['AWS_PROFILE'];
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    process.env = saved;
    nock.enableNetConnect();
  });

  it('fetches the account with the IAM API and reports its principals', async () => {
    const xml = (name: string) => readFileSync(`${API}/${name}`, 'utf8');
    const iam = nock('https://iam.amazonaws.com')
      .post('/', (body: Record<string, string>) => body['Action'] === 'GetAccountAuthorizationDetails' && body['Marker'] === undefined)
      .reply(200, xml('page-1.xml'), { 'content-type': 'text/xml' })
      .post('/', (body: Record<string, string>) => body['Action'] === 'GetAccountAuthorizationDetails' && body['Marker'] !== undefined)
      .reply(200, xml('page-2.xml'), { 'content-type': 'text/xml' });
    const { code, stdout } = await run(['access', '--plan', PLAN, '--inventory-live', '--format', 'json']);
    expect(iam.isDone()).toBe(true);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).side).toBe('after');
  });

  it('reviews a plan laid over the live account', async () => {
    const xml = (name: string) => readFileSync(`${API}/${name}`, 'utf8');
    const iam = nock('https://iam.amazonaws.com')
      .post('/', (body: Record<string, string>) => body['Marker'] === undefined)
      .reply(200, xml('page-1.xml'), { 'content-type': 'text/xml' })
      .post('/', (body: Record<string, string>) => body['Marker'] !== undefined)
      .reply(200, xml('page-2.xml'), { 'content-type': 'text/xml' });
    const { code, stdout } = await run(['review', '--plan', PLAN, '--config', CONFIG, '--inventory-live', '--format', 'json']);
    expect(iam.isDone()).toBe(true);
    const review = JSON.parse(stdout);
    expect(review.errors ?? []).toEqual([]);
    expect(code).toBe(review.conclusion === 'failure' ? 1 : 0);
    expect(review.findings.map((f: { rule: string }) => f.rule)).toContain('max-principals');
  });

  it('exits 2 with a clear message when the credentials have expired', async () => {
    nock('https://iam.amazonaws.com').post('/').reply(403, readFileSync(`${API}/expired-token.xml`, 'utf8'), { 'content-type': 'text/xml' });
    const { code, stderr } = await run(['review', '--plan', PLAN, '--inventory-live']);
    expect(code).toBe(2);
    expect(stderr).toContain('the AWS credentials have expired');
  });
});

describe('access-delta simulate', () => {
  const request = {
    request: { principal: ROLE('app'), action: 's3:GetObject', resource: `${BUCKET}/k`, resourceAccount: '111111111111' },
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }],
    resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${BUCKET}/*`, Condition: { StringNotEquals: { 'aws:PrincipalAccount': '111111111111' } } }] },
  };

  it('answers one request per JSON line, from stdin', async () => {
    const denied = { ...request, request: { ...request.request, principal: 'arn:aws:iam::222222222222:role/app' } };
    const { code, stdout } = await run(['simulate'], `${JSON.stringify(request)}\n${JSON.stringify(denied)}\n`);
    expect(code).toBe(0);
    const [first, second] = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(first.decision).toBe('Allowed');
    expect(second.decision).toBe('ExplicitlyDenied');
    expect(second.reasons).toEqual([expect.objectContaining({ policy: 'resourcePolicy', statement: '#1' })]);
  });

  it('reports a bad line without stopping the others, and exits 2', async () => {
    const { code, stdout } = await run(['simulate'], `{"request": \n${JSON.stringify(request)}\n`);
    expect(code).toBe(2);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines[0])).toMatch(/line 1/);
    expect(lines[1].decision).toBe('Allowed');
  });
});
