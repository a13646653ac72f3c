/**
 * The plan artifact path: a workflow uploads the plan JSON as an artifact; the app waits for
 * it, downloads it through the Actions API (a redirect to blob storage) and reviews it.
 */
import { createHash } from 'node:crypto';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BLOB_STORAGE, type FakeArtifact, type FakeGitHub } from './fake-github.js';
import { BASE, HEAD1, PULL, deliver, example, fixture, newRepository, startApp } from './harness.js';
import { buildZip } from './zip-builder.js';

const RUN_ID = 9876543210;
const CONFIG = 'planArtifact: terraform-plan\naccountId: "111111111111"\n';

let fake: FakeGitHub;
let probot: Probot;

beforeEach(async () => {
  fake = newRepository(CONFIG);
  probot = await startApp();
  fake.commit(HEAD1, { 'infra/main.tf': `${example('main.tf')}\n# analytics and fraud-model read access\n` }, BASE);
  fake.pulls.set(PULL, { headSha: HEAD1, baseSha: BASE, headRef: 'feature/analytics-access' });
});

afterEach(() => {
  fake.stop();
});

function upload(overrides: Partial<FakeArtifact> = {}): FakeArtifact {
  const zip = buildZip([
    { name: 'tfplan.json', content: example('pr.tfplan.json') },
    { name: 'plan.txt', content: 'Plan: 6 to add, 1 to change, 0 to destroy.\n' },
  ]);
  const artifact: FakeArtifact = { id: 555, name: 'terraform-plan', runId: RUN_ID, headSha: HEAD1, zip, ...overrides };
  fake.artifacts.push(artifact);
  return artifact;
}

describe('a plan delivered as a workflow artifact', () => {
  it('waits for the artifact, then reviews it when the workflow run completes', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.checkRuns).toHaveLength(1);
    const run = fake.checkRuns[0]!;
    expect(run.status).toBe('in_progress');
    expect(run.conclusion).toBeNull();
    expect(run.output.title).toBe('Waiting for the plan artifact terraform-plan');
    expect(fake.comments).toEqual([]);

    upload();
    await deliver(probot, 'workflow_run', fixture('workflow_run.completed'));

    expect(fake.unexpected).toEqual([]);
    expect(fake.sent('GET', new RegExp(`/actions/runs/${RUN_ID}/artifacts\\?.*name=terraform-plan`))).toHaveLength(1);
    expect(fake.sent('GET', /\/actions\/artifacts\/555\/zip$/)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.startsWith(BLOB_STORAGE))).toHaveLength(1);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ id: run.id, status: 'completed', conclusion: 'failure' });
    expect(fake.checkRuns[0]!.output.summary).toContain('fraud-model');
    expect(fake.comments).toHaveLength(1);
  });

  it('reviews at once when the artifact already exists', async () => {
    upload();
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.sent('GET', /\/actions\/artifacts\?.*name=terraform-plan/)).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('ignores the artifacts of other commits', async () => {
    upload({ headSha: BASE });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.checkRuns[0]!.status).toBe('in_progress');
  });

  it('ignores workflow runs that did not upload the artifact', async () => {
    await deliver(probot, 'workflow_run', fixture('workflow_run.completed'));
    expect(fake.requests.filter((r) => r.method !== 'GET' && !r.path.includes('access_tokens'))).toEqual([]);
  });

  it('ignores workflow runs when no artifact is configured', async () => {
    fake.defaultBranchFiles.set('.github/access-delta.yml', 'accountId: "111111111111"\n');
    upload();
    await deliver(probot, 'workflow_run', fixture('workflow_run.completed'));
    expect(fake.sent('GET', /\/actions\//)).toEqual([]);
    expect(fake.checkRuns).toEqual([]);
  });

  it('does not wait when the pull request changes no Terraform file', async () => {
    fake.commit(HEAD1, { 'README.md': '# payments-infra\n\nOn-call notes.\n' }, BASE);
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'neutral' });
  });

  it('fails when the download does not match the recorded digest', async () => {
    upload({ digest: `sha256:${createHash('sha256').update('something else').digest('hex')}` });
    await deliver(probot, 'workflow_run', fixture('workflow_run.completed'));
    const run = fake.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('artifact terraform-plan (workflow run 9876543210)');
    expect(run.output.summary).toContain('does not match the recorded digest');
  });

  it('accepts a download that matches the recorded digest', async () => {
    const artifact = upload();
    artifact.digest = `sha256:${createHash('sha256').update(artifact.zip).digest('hex')}`;
    await deliver(probot, 'workflow_run', fixture('workflow_run.completed'));
    expect(fake.checkRuns[0]!.conclusion).toBe('failure');
    expect(fake.checkRuns[0]!.output.summary).toContain('fraud-model');
  });

  it('fails when the artifact has expired', async () => {
    upload({ expired: true });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.checkRuns[0]!.conclusion).toBe('failure');
    expect(fake.checkRuns[0]!.output.summary).toContain('the artifact has expired');
  });

  it('fails when the artifact is not a ZIP archive with a plan', async () => {
    upload({ zip: buildZip([{ name: 'plan.txt', content: 'No changes.' }]) });
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.checkRuns[0]!.conclusion).toBe('failure');
    expect(fake.checkRuns[0]!.output.summary).toContain('holds no .json plan file');
  });
});
