/**
 * Finding the files of a pull request: truncated trees, size and count limits with clear
 * messages, `.tf` sources, the inventory from the default branch.
 */
import { readFileSync } from 'node:fs';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppOptions } from '../../src/github/index.js';
import { gitBlobSha, type FakeGitHub } from './fake-github.js';
import { BASE, HEAD1, PULL, deliver, example, fixture, newRepository, startApp } from './harness.js';

let fake: FakeGitHub;

beforeEach(() => {
  fake = newRepository();
  fake.pulls.set(PULL, { headSha: HEAD1, baseSha: BASE, headRef: 'feature/analytics-access' });
});

afterEach(() => {
  fake.stop();
});

async function review(files: Record<string, string>, options: AppOptions = {}): Promise<(typeof fake.checkRuns)[0]> {
  fake.commit(HEAD1, files, BASE);
  const probot: Probot = await startApp(options);
  await deliver(probot, 'pull_request', fixture('pull_request.opened'));
  expect(fake.unexpected).toEqual([]);
  expect(fake.checkRuns).toHaveLength(1);
  return fake.checkRuns[0]!;
}

describe('listing the head commit', () => {
  it('walks the subtrees when GitHub truncates the recursive listing', async () => {
    fake.truncateTrees = true;
    const run = await review({ 'infra/prod/eu-west-1/pr.tfplan.json': example('pr.tfplan.json') });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('fraud-model');
    expect(fake.sent('GET', /\/git\/trees\/[0-9a-f]{40}$/).length).toBeGreaterThanOrEqual(4);
  });

  it('fails clearly when a truncated tree needs more requests than allowed', async () => {
    fake.truncateTrees = true;
    const run = await review({ 'infra/prod/eu-west-1/pr.tfplan.json': example('pr.tfplan.json') }, { limits: { maxTreeRequests: 2 } });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain(`commit ${HEAD1}`);
    expect(run.output.summary).toContain('too large to list (more than 2 directories)');
  });

  it('fails closed when GitHub truncates the listing of a subtree', async () => {
    fake.truncateTrees = true;
    fake.truncatedDirectories.add('infra/prod');
    const run = await review({ 'infra/prod/eu-west-1/pr.tfplan.json': example('pr.tfplan.json') });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain(`commit ${HEAD1}`);
    expect(run.output.summary).toContain('directory infra/prod');
    expect(run.output.summary).toContain('GitHub truncated the listing of this directory');
    expect(run.output.summary).not.toContain('fraud-model');
  });
});

describe('limits', () => {
  it('fails naming a plan file above the size limit, and still reviews the others', async () => {
    const big = example('pr.tfplan.json');
    const small = example('within-limit.tfplan.json');
    const limit = Math.floor((big.length + small.length) / 2);
    const run = await review(
      { 'infra/big.tfplan.json': big, 'infra/small.tfplan.json': small },
      { limits: { maxIacFileBytes: limit } },
    );
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('infra/big.tfplan.json');
    expect(run.output.summary).toContain(`more than the limit of ${limit} bytes per file`);
    // The plan within the limit was reviewed: its new principal is reported.
    expect(`${run.output.summary}\n${run.output.text}`).toContain('analytics');
  });

  it('fails when the pull request holds more plan files than allowed', async () => {
    const run = await review(
      { 'infra/a.tfplan.json': example('pr.tfplan.json'), 'infra/b.tfplan.json': example('within-limit.tfplan.json') },
      { limits: { maxIacFiles: 1 } },
    );
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('2 plan and template files, more than the limit of 1');
  });

  it('fails when the plans together exceed the byte budget of a review', async () => {
    const plan = example('pr.tfplan.json');
    const run = await review(
      { 'infra/a.tfplan.json': plan, 'infra/b.tfplan.json': plan.replace('"1.9.5"', '"1.9.6"') },
      { limits: { maxIacTotalBytes: plan.length + 10 } },
    );
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain(`would exceed the limit of ${plan.length + 10} bytes of input per review`);
  });

  it('reviews without source lines, and says so, when the .tf files exceed their limit', async () => {
    const run = await review({ 'infra/pr.tfplan.json': example('pr.tfplan.json') }, { limits: { maxSourceFiles: 0 } });
    expect(run.conclusion).toBe('failure');
    expect(`${run.output.summary}\n${run.output.text}`).toContain('1 of 1 .tf files were not read');
  });
});

describe('CloudFormation templates', () => {
  const CONFIG = 'templates: ["cfn/**/*.yaml"]\naccountId: "111111111111"\n';
  const role = (actions: string) => `AWSTemplateFormatVersion: "2010-09-09"
Description: Reporting service
Resources:
  ReportsBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: acme-reports
      Tags:
        - Key: Confidentiality
          Value: Internal
  ReportsRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reports
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: reports-data
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: ReadReports
                Effect: Allow
                Action: [${actions}]
                Resource: arn:aws:s3:::acme-reports/*
`;
  const otherTemplate = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /payments/app\n';

  beforeEach(() => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', CONFIG);
    const base = fake.commits.get(BASE)!;
    base.set('cfn/reports.yaml', Buffer.from(role('s3:GetObject')));
    base.set('cfn/logs.yaml', Buffer.from(otherTemplate));
  });

  it('reviews a changed template against its base version, and does not read the unchanged ones', async () => {
    const run = await review({ 'cfn/reports.yaml': role('s3:GetObject, s3:PutObject') });
    // Base and head of cfn/reports.yaml; cfn/logs.yaml is the same on both sides.
    const blobs = fake.sent('GET', /\/git\/blobs\//).map((request) => request.path.split('/').at(-1));
    expect(blobs.sort()).toEqual([gitBlobSha(Buffer.from(role('s3:GetObject'))), gitBlobSha(Buffer.from(role('s3:GetObject, s3:PutObject')))].sort());
    expect(fake.comments).toHaveLength(1);
    expect(run.conclusion).not.toBe('neutral');
    expect(`${run.output.summary}\n${run.output.text}`).toContain('reports');
    expect(fake.comments[0]!.body).toMatch(/write-data.*role\/reports|role\/reports.*write-data/);
  });

  it('is neutral when no template changes', async () => {
    const run = await review({ 'README.md': '# payments-infra\n\nTemplates live in cfn/.\n' });
    expect(run.conclusion).toBe('neutral');
    expect(fake.sent('GET', /\/git\/blobs\//)).toEqual([]);
    expect(fake.comments).toEqual([]);
  });
});

describe('the inventory file', () => {
  const withInventory = `${example('access-delta.yml')}\ninventory: inventory/account.json\n`;
  const inventory = readFileSync(new URL('../fixtures/github/authorization-details.json', import.meta.url), 'utf8');

  it('is read from the default branch: the access its roles hold is reviewed', async () => {
    const plan = { 'infra/pr.tfplan.json': example('pr.tfplan.json') };
    const without = await review(plan);
    expect(`${without.output.summary}\n${without.output.text}`).not.toContain('risk-auditor');

    fake.checkRuns.length = 0;
    fake.defaultBranchFiles.set('.github/access-delta.yml', withInventory);
    fake.defaultBranchFiles.set('inventory/account.json', inventory);
    const run = await review(plan);
    expect(fake.sent('GET', /\/contents\/inventory%2Faccount\.json\?ref=main$/)).toHaveLength(1);
    expect(run.conclusion).toBe('failure');
    // The account's role that may act as cust-service reads the Confidential bucket through it.
    expect(`${run.output.summary}\n${run.output.text}`).toContain('through `role/risk-auditor` → `role/cust-service`');
  });

  it('fails naming the configured inventory file when the default branch lacks it', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', withInventory);
    const run = await review({ 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('inventory/account.json');
    expect(run.output.summary).toContain('does not exist in branch main');
  });

  it('fails naming the inventory file when it is not authorization details', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', withInventory);
    fake.defaultBranchFiles.set('inventory/account.json', '{"Roles": []}');
    const run = await review({ 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('inventory/account.json');
    expect(run.output.summary).toContain('not the output of get-account-authorization-details');
  });
});
