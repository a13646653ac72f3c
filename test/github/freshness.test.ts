/**
 * Which inputs a pull request is reviewed with: the plans and templates it adds or changes,
 * compared with the commit it branched from. A PR that changes Terraform files without a new
 * plan fails (its plan is missing or out of date); only a PR that touches no IaC is neutral.
 */
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGitHub } from './fake-github.js';
import { BASE, HEAD1, HEAD2, deliver, example, fixture, newRepository, startApp } from './harness.js';

const CONFIG = 'templates: ["cfn/*.yaml"]\naccountId: "111111111111"\n';
/** A plan that passes the rules: reviewed, it makes the check `success`. */
const PASSING_PLAN = example('within-limit.tfplan.json');

let fake: FakeGitHub;
let probot: Probot;

beforeEach(async () => {
  fake = newRepository(CONFIG);
  probot = await startApp();
});

afterEach(() => {
  fake.stop();
});

/** A template with a Confidential bucket and one role that may read it. */
function readerTemplate(role: string, bucket: string): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    `      BucketName: ${bucket}`,
    '      Tags: [{ Key: Confidentiality, Value: Confidential }]',
    '  Reader:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    `      RoleName: ${role}`,
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }',
    '      Policies:',
    '        - PolicyName: read',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    `              - { Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::${bucket}/*" }`,
    '',
  ].join('\n');
}

function addToBase(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) fake.commits.get(BASE)!.set(path, Buffer.from(text));
}

/** Delivers `pull_request.opened` for HEAD1, a child of BASE with `files` changed. */
async function openPullRequest(files: Record<string, string | null>, baseSha = BASE) {
  fake.commit(HEAD1, files, BASE);
  const payload = fixture('pull_request.opened');
  (payload.pull_request as { base: { sha: string } }).base.sha = baseSha;
  await deliver(probot, 'pull_request', payload);
  expect(fake.unexpected).toEqual([]);
  expect(fake.checkRuns).toHaveLength(1);
  return fake.checkRuns[0]!;
}

describe('a pull request that changes Terraform files', () => {
  it('fails, saying the plan is missing and how to produce it, when it carries no plan', async () => {
    const run = await openPullRequest({ 'infra/main.tf': `${example('main.tf')}\n# more access\n` });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('infra/main.tf');
    expect(run.output.summary).toContain('the plan is missing or out of date');
    expect(run.output.summary).toContain('terraform show -json tfplan');
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body).toContain('the plan is missing or out of date');
  });

  it('fails when the only plan is one committed before the pull request (it describes an older commit)', async () => {
    addToBase({ 'infra/committed.tfplan.json': PASSING_PLAN });
    const run = await openPullRequest({ 'infra/main.tf': `${example('main.tf')}\n# more access\n` });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('the plan is missing or out of date');
    expect(fake.sent('GET', /\/git\/blobs\//).map((r) => r.path)).toEqual([]);
  });

  it.each([
    ['a .tfvars file', { 'infra/prod.tfvars': 'bucket_name = "credit-applications"\n' }, 'infra/prod.tfvars'],
    ['a .tf.json file', { 'infra/override.tf.json': '{"locals": {"team": "risk"}}' }, 'infra/override.tf.json'],
    ['the dependency lock file', { 'infra/.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/aws" {}\n' }, 'infra/.terraform.lock.hcl'],
    ['a deleted .tf file', { 'infra/main.tf': null }, 'infra/main.tf'],
  ])('counts %s as a Terraform change', async (_what, files, path) => {
    const run = await openPullRequest(files);
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain(path);
    expect(run.output.summary).toContain('the plan is missing or out of date');
  });

  it('is reviewed with the plan it adds', async () => {
    addToBase({ 'infra/committed.tfplan.json': example('pr.tfplan.json') });
    const run = await openPullRequest({
      'infra/main.tf': `${example('main.tf')}\n# more access\n`,
      'infra/committed.tfplan.json': PASSING_PLAN,
    });
    expect(run.conclusion).toBe('success');
  });

  it('still has its changed templates reviewed when the plan is missing', async () => {
    const run = await openPullRequest({
      'infra/main.tf': `${example('main.tf')}\n# more access\n`,
      'cfn/reports.yaml': readerTemplate('report-reader', 'acme-reports'),
    });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('the plan is missing or out of date');
    expect(fake.comments[0]!.body).toContain('report-reader');
  });

  it('is not reviewed for Terraform when the configuration sets no plan globs and no artifact', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', `${CONFIG}plans: []\n`);
    const run = await openPullRequest({ 'infra/main.tf': `${example('main.tf')}\n# more access\n` });
    expect(run.conclusion).toBe('neutral');
  });
});

describe('a pull request that touches no infrastructure as code', () => {
  it('is neutral, and the plan committed before it is not reviewed', async () => {
    addToBase({ 'infra/committed.tfplan.json': PASSING_PLAN, 'cfn/reports.yaml': readerTemplate('report-reader', 'acme-reports') });
    const run = await openPullRequest({ 'README.md': '# payments-infra\n\nOn-call rota.\n' });
    expect(run.conclusion).toBe('neutral');
    expect(fake.sent('GET', /\/git\/blobs\//)).toEqual([]);
    expect(fake.comments).toEqual([]);
  });

  it('is compared with the commit it branched from, not with the newer tip of the base branch', async () => {
    // The base branch moved on after the PR branched: it changed the Terraform and a template.
    fake.commit(
      HEAD2,
      { 'infra/main.tf': `${example('main.tf')}\n# changed on main\n`, 'cfn/reports.yaml': readerTemplate('report-reader', 'acme-reports') },
      BASE,
    );
    const run = await openPullRequest({ 'README.md': '# payments-infra\n\nOn-call rota.\n' }, HEAD2);
    expect(run.conclusion).toBe('neutral');
    expect(fake.sent('GET', new RegExp(`/compare/${HEAD2}\\.\\.\\.${HEAD1}`))).toHaveLength(1);
    expect(fake.sent('GET', new RegExp(`/git/trees/${BASE}`))).toHaveLength(1);
  });
});
