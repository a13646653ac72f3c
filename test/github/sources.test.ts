/**
 * Finding the files of a pull request: truncated trees, size and count limits with clear
 * messages, `.tf` sources, the inventory from the default branch.
 */
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppOptions } from '../../src/github/index.js';
import type { FakeGitHub } from './fake-github.js';
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

describe('the inventory', () => {
  it('fails naming the configured inventory file when the default branch lacks it', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', `${example('access-delta.yml')}\ninventory: inventory/account.json\n`);
    const run = await review({ 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('inventory/account.json');
    expect(run.output.summary).toContain('does not exist in branch main');
  });
});
