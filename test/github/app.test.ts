/**
 * The app end to end: webhook payloads delivered to a real Probot instance, GitHub's API
 * faked with nock, the review computed by the real pipeline on the credit-processor example.
 */
import { readFileSync } from 'node:fs';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_NAME } from '../../src/github/check-run.js';
import type { FakeGitHub } from './fake-github.js';
import { BASE, HEAD1, HEAD2, PULL, deliver, example, fixture, newRepository, pullRequestPayload, startApp } from './harness.js';
import { logGroupOnly, wildcardRoles } from './plans.js';

/** A non-policy value of the example plan (a Terraform variable): it must never leave the app. */
const PLAN_SECRET = 'dev-only-placeholder-Zq83vRw1';

let fake: FakeGitHub;
let probot: Probot;

beforeEach(async () => {
  fake = newRepository();
  probot = await startApp();
});

afterEach(() => {
  fake.stop();
});

function addHead(sha: string, files: Record<string, string | null>, parent = BASE): void {
  fake.commit(sha, files, parent);
  fake.pulls.set(PULL, { headSha: sha, baseSha: BASE, headRef: 'feature/analytics-access' });
}

function onlyCheckRun(sha: string) {
  const runs = fake.checkRuns.filter((run) => run.head_sha === sha);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

describe('pull_request.opened', () => {
  it('creates the check run in progress, completes it with the review, and creates the comment', async () => {
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));

    expect(fake.unexpected).toEqual([]);
    const [create] = fake.sent('POST', /\/check-runs$/);
    expect(create!.body).toMatchObject({ name: CHECK_NAME, head_sha: HEAD1, status: 'in_progress', external_id: 'access-delta' });

    const run = onlyCheckRun(HEAD1);
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('analytics');
    expect(run.output.summary).toContain('fraud-model');
    const completing = fake.sent('PATCH', new RegExp(`/check-runs/${run.id}$`)).at(-1)!.body as Record<string, unknown>;
    expect(completing).toMatchObject({ status: 'completed', conclusion: 'failure' });

    expect(fake.comments).toHaveLength(1);
    const comment = fake.comments[0]!;
    expect(comment.body.startsWith(`<!-- access-delta:sticky head=${HEAD1} -->\n`)).toBe(true);
    expect(comment.body).toContain('analytics');
    expect(comment.body).toContain('fraud-model');
    expect(comment.body.length).toBeLessThanOrEqual(65_536);
    expect(fake.sent('POST', /\/issues\/17\/comments$/)).toHaveLength(1);
  });

  it('annotates only lines of files in the head commit', async () => {
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const run = onlyCheckRun(HEAD1);
    expect(run.annotations.length).toBeGreaterThan(0);
    const files = fake.commits.get(HEAD1)!;
    for (const annotation of run.annotations) {
      expect(files.has(annotation.path as string)).toBe(true);
      expect(annotation.start_line).toBeGreaterThanOrEqual(1);
    }
  });

  it('never sends non-policy values of the plan to GitHub', async () => {
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.requests.length).toBeGreaterThan(5);
    for (const request of fake.requests) expect(JSON.stringify(request.body ?? '')).not.toContain(PLAN_SECRET);
  });

  it('passes a plan within the limit', async () => {
    addHead(HEAD1, { 'infra/within-limit.tfplan.json': example('within-limit.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(onlyCheckRun(HEAD1).conclusion).toBe('success');
    expect(fake.comments).toHaveLength(1);
  });
});

describe('pull_request.synchronize', () => {
  it('edits the same comment for the new head, and creates no second comment', async () => {
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const first = fake.comments[0]!;

    addHead(HEAD2, { 'infra/pr.tfplan.json': null, 'infra/within-limit.tfplan.json': example('within-limit.tfplan.json') }, HEAD1);
    await deliver(probot, 'pull_request', fixture('pull_request.synchronize'));

    expect(fake.unexpected).toEqual([]);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.id).toBe(first.id);
    expect(fake.comments[0]!.body.startsWith(`<!-- access-delta:sticky head=${HEAD2} -->`)).toBe(true);
    expect(fake.sent('POST', /\/issues\/17\/comments$/)).toHaveLength(1);
    expect(fake.sent('PATCH', new RegExp(`/issues/comments/${first.id}$`))).toHaveLength(1);
    expect(onlyCheckRun(HEAD2).conclusion).toBe('success');
    expect(onlyCheckRun(HEAD1).conclusion).toBe('failure');
  });
});

describe('pull_request.reopened', () => {
  it('reviews the head again and keeps the one comment', async () => {
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    await deliver(probot, 'pull_request', fixture('pull_request.reopened'));
    expect(fake.comments).toHaveLength(1);
    expect(onlyCheckRun(HEAD1).conclusion).toBe('failure');
  });
});

describe('a pull request without infrastructure as code', () => {
  it('gets a neutral check and no comment', async () => {
    addHead(HEAD1, { 'README.md': '# payments-infra\n\nNow with a contributing guide.\n' });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.unexpected).toEqual([]);
    expect(onlyCheckRun(HEAD1)).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(fake.comments).toEqual([]);
    expect(fake.sent('POST', /\/comments$/)).toEqual([]);
  });

  it('updates an existing comment instead of leaving a stale verdict', async () => {
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    addHead(HEAD2, { 'infra/pr.tfplan.json': null }, HEAD1);
    await deliver(probot, 'pull_request', fixture('pull_request.synchronize'));
    expect(onlyCheckRun(HEAD2).conclusion).toBe('neutral');
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body.startsWith(`<!-- access-delta:sticky head=${HEAD2} -->`)).toBe(true);
    expect(fake.comments[0]!.body).not.toContain('fraud-model');
  });
});

describe('bad input', () => {
  it('fails the check naming the plan file that is not valid JSON', async () => {
    addHead(HEAD1, { 'infra/broken.tfplan.json': '{"format_version": "1.2", "planned_values": {' });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const run = onlyCheckRun(HEAD1);
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('infra/broken.tfplan.json');
    expect(run.output.summary).toMatch(/JSON/);
  });

  it('fails the check naming the key of an invalid configuration, without a comment', async () => {
    fake.defaultBranchFiles.set(
      '.github/access-delta.yml',
      'rules:\n  max-principals:\n    limits:\n      - classification: [Confidential]\n        max: five\n',
    );
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const run = onlyCheckRun(HEAD1);
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('.github/access-delta.yml');
    expect(run.output.summary).toContain('rules.max-principals.limits[0].max');
    expect(fake.comments).toEqual([]);
  });

  it('fails the check naming the line of configuration that is not YAML', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', 'plans:\n  - "**/*.tfplan.json"\n rules: [\n');
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const run = onlyCheckRun(HEAD1);
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toMatch(/\.github\/access-delta\.yml.*line \d+/);
  });

  it('uses the defaults when the repository has no configuration', async () => {
    fake.stop();
    fake = newRepository(null);
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    // The default max-principals limit (5 on Confidential) fails the example too.
    expect(onlyCheckRun(HEAD1).conclusion).toBe('failure');
    expect(fake.sent('GET', /^\/repos\/acme\/\.github\/contents\//)).toHaveLength(1);
  });

  it('fails closed with the reason when GitHub answers with an error', async () => {
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
    fake.failures.push({ method: 'GET', path: /\/git\/trees\//, status: 500 });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const run = onlyCheckRun(HEAD1);
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('GitHub API');
    expect(run.output.summary).toContain('HTTP 500');
  });
});

describe('organization-wide configuration', () => {
  const ORG_CONFIG = [
    'plans: ["infra/*.tfplan.json"]',
    'accountId: "111111111111"',
    'rules:',
    '  max-principals:',
    '    limits:',
    '      - classification: [Confidential]',
    '        max: 10',
    '',
  ].join('\n');

  beforeEach(() => {
    fake.otherRepositories.set('acme/.github', new Map([['.github/access-delta.yml', ORG_CONFIG]]));
    addHead(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') });
  });

  it('is inherited through _extends', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', '_extends: .github\n');
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    // Six principals are within the organization's limit of ten.
    expect(onlyCheckRun(HEAD1).conclusion).toBe('success');
  });

  it('applies when the repository has no configuration of its own', async () => {
    fake.defaultBranchFiles.delete('.github/access-delta.yml');
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(onlyCheckRun(HEAD1).conclusion).toBe('success');
  });

  it('has its lists replaced, not extended, by the repository’s', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', '_extends: .github\nplans: ["terraform/*.tfplan.json"]\n');
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(onlyCheckRun(HEAD1).conclusion).toBe('neutral');
  });
});

describe('annotations', () => {
  it('sends more than 50 annotations in further updates of at most 50, completing with the last', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', 'accountId: "111111111111"\n');
    const { plan, source } = wildcardRoles(60);
    addHead(HEAD1, { 'infra/workers.tfplan.json': plan, 'infra/workers.tf': source });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));

    const run = onlyCheckRun(HEAD1);
    const updates = fake.sent('PATCH', new RegExp(`/check-runs/${run.id}$`)).map((r) => r.body as Record<string, any>);
    const sizes = updates.map((u) => (u.output.annotations ?? []).length);
    expect(run.annotations.length).toBeGreaterThan(50);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(run.annotations.length);
    expect(updates.filter((u) => u.status === 'completed')).toHaveLength(1);
    expect(updates.at(-1)!.status).toBe('completed');
    for (const annotation of run.annotations) expect(annotation.path).toBe('infra/workers.tf');
  });
});

describe('GitHub’s size limits', () => {
  it('keep the comment, the summary and the text within bounds on a large pull request', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', 'accountId: "111111111111"\n');
    const { plan, source } = wildcardRoles(400);
    addHead(HEAD1, { 'infra/workers.tfplan.json': plan, 'infra/workers.tf': source });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));

    expect(fake.unexpected).toEqual([]);
    const run = onlyCheckRun(HEAD1);
    expect(run.conclusion).toBe('failure');
    for (const update of fake.sent('PATCH', new RegExp(`/check-runs/${run.id}$`))) {
      const output = (update.body as { output: { summary: string; text?: string } }).output;
      expect(output.summary.length).toBeLessThanOrEqual(65_535);
      expect((output.text ?? '').length).toBeLessThanOrEqual(65_535);
    }
    expect(fake.comments).toHaveLength(1);
    const body = fake.comments[0]!.body;
    expect(body.length).toBeGreaterThan(30_000);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(`<!-- access-delta:sticky head=${HEAD1} -->`)).toBe(true);
  });
});

describe('comment.whenNoChange', () => {
  it('posts nothing for a plan that changes no access when set to none', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', 'comment:\n  whenNoChange: none\n');
    const { plan, source } = logGroupOnly();
    addHead(HEAD1, { 'infra/logs.tfplan.json': plan, 'infra/logs.tf': source });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(onlyCheckRun(HEAD1).conclusion).toBe('success');
    expect(fake.comments).toEqual([]);
  });

  it('posts one line by default', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', 'accountId: "111111111111"\n');
    const { plan, source } = logGroupOnly();
    addHead(HEAD1, { 'infra/logs.tfplan.json': plan, 'infra/logs.tf': source });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.comments).toHaveLength(1);
    const markdown = fake.comments[0]!.body.split('\n').slice(1).join('\n').trim();
    expect(markdown.split('\n')).toHaveLength(1);
  });
});

describe('policies known only after apply', () => {
  const exportsFile = (name: string) => readFileSync(new URL(`../fixtures/iac/terraform-repo/exports/${name}`, import.meta.url), 'utf8');

  it('are rebuilt from the pull request\'s .tf files, so the check judges them instead of failing on unknown-access', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', 'accountId: "111111111111"\n');
    addHead(HEAD1, { 'infra/exports/exports.tfplan.json': exportsFile('exports.tfplan.json'), 'infra/exports/main.tf': exportsFile('main.tf') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));

    expect(fake.unexpected).toEqual([]);
    const run = onlyCheckRun(HEAD1);
    expect(run.output?.summary).not.toMatch(/unknown-access/);
    expect(run.output?.summary).toMatch(/external-accounts/);
    expect(run.annotations.map((a) => a.path)).toContain('infra/exports/main.tf');
  });

  it('fail the check on unknown-access when the pull request has only the plan', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', 'accountId: "111111111111"\n');
    addHead(HEAD1, { 'infra/exports/exports.tfplan.json': exportsFile('exports.tfplan.json') });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));

    const run = onlyCheckRun(HEAD1);
    expect(run.conclusion).toBe('failure');
    expect(run.output?.summary).toMatch(/unknown-access/);
  });
});
