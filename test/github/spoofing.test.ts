/**
 * Only this app's own check runs and comments count as ours. A workflow (`github-actions[bot]`
 * with `checks: write` and `pull-requests: write`) or another app can write a check run named
 * `Access Delta` or a comment carrying our marker; neither may suppress, replace or delete ours.
 */
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/comment.js';
import { ACTIONS_APP, APP, type FakeGitHub } from './fake-github.js';
import { BASE, HEAD1, HEAD2, deliver, example, fixture, moveHead, newRepository, pullRequestPayload, startApp } from './harness.js';

const ACTIONS_BOT = { login: 'github-actions[bot]', type: 'Bot' } as const;

let fake: FakeGitHub;
let probot: Probot;

beforeEach(async () => {
  fake = newRepository();
  // HEAD2 follows HEAD1 and changes its plan.
  fake.commit(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') }, BASE);
  fake.commit(HEAD2, { 'infra/pr.tfplan.json': example('within-limit.tfplan.json') }, HEAD1);
  probot = await startApp();
});

afterEach(() => {
  fake.stop();
});

function ours() {
  return fake.comments.filter((comment) => comment.performed_via_github_app?.id === APP.id);
}

describe('a comment carrying our marker that another account wrote', () => {
  it('claiming a newer commit does not suppress our comment', async () => {
    const spoof = fake.addComment(`${commentMarker(HEAD2)}\n✅ Access Delta: no access changes`, ACTIONS_BOT, ACTIONS_APP);
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));

    expect(fake.unexpected).toEqual([]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body.startsWith(`${commentMarker(HEAD1)}\n`)).toBe(true);
    expect(ours()[0]!.body).toContain('fraud-model');
    expect(fake.comments.find((c) => c.id === spoof.id)?.body).toBe(`${commentMarker(HEAD2)}\n✅ Access Delta: no access changes`);
  });

  it('older than ours neither gets our review written into it nor has ours deleted', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const real = ours()[0]!;
    const spoofBody = `${commentMarker(HEAD1)}\n✅ Access Delta: no access changes`;
    const spoof = fake.addComment(spoofBody, ACTIONS_BOT, ACTIONS_APP, 1);

    moveHead(fake, HEAD2);
    await deliver(probot, 'pull_request', pullRequestPayload('pull_request.synchronize', HEAD2));

    expect(fake.sent('DELETE', /\/issues\/comments\//)).toEqual([]);
    expect(fake.sent('PATCH', new RegExp(`/issues/comments/${spoof.id}$`))).toEqual([]);
    expect(fake.comments.map((c) => c.id)).toEqual([spoof.id, real.id]);
    expect(fake.comments[0]!.body).toBe(spoofBody);
    expect(fake.comments[1]!.body.startsWith(commentMarker(HEAD2))).toBe(true);
  });

  it('by a person is ignored too', async () => {
    fake.addComment(`${commentMarker(HEAD2)}\nlooks fine`, { login: 'mallory', type: 'User' }, null);
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(ours()).toHaveLength(1);
  });

  it('by our bot account is ours even when GitHub does not say which app wrote it', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    ours()[0]!.performed_via_github_app = null;
    moveHead(fake, HEAD2);
    await deliver(probot, 'pull_request', pullRequestPayload('pull_request.synchronize', HEAD2));
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body.startsWith(commentMarker(HEAD2))).toBe(true);
  });
});

describe('a check run named Access Delta that another app created', () => {
  beforeEach(() => {
    fake.addForeignCheckRun(ACTIONS_APP, HEAD1, { name: 'Access Delta', external_id: 'access-delta', conclusion: 'success' });
  });

  function ourRuns() {
    return fake.checkRuns.filter((run) => run.app.id === APP.id);
  }

  it('does not make a pushed commit look already reviewed', async () => {
    await deliver(probot, 'check_suite', fixture('check_suite.requested'));
    expect(fake.unexpected).toEqual([]);
    expect(ourRuns()).toHaveLength(1);
    expect(ourRuns()[0]).toMatchObject({ head_sha: HEAD1, status: 'completed', conclusion: 'failure' });
  });

  it('is not reused: our review goes into a check run of our own', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.sent('POST', /\/check-runs$/)).toHaveLength(1);
    expect(ourRuns()).toHaveLength(1);
    expect(ourRuns()[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.checkRuns.find((run) => run.app.id === ACTIONS_APP.id)).toMatchObject({ conclusion: 'success', annotations: [] });
  });

  it('re-requested, is not ours to re-run', async () => {
    const payload = fixture('check_run.rerequested');
    (payload.check_run as { app: { id: number; slug: string } }).app = { ...ACTIONS_APP };
    await deliver(probot, 'check_run', payload);
    expect(fake.sent('POST', /\/check-runs$/)).toEqual([]);
    expect(ourRuns()).toEqual([]);
  });
});

describe('the app’s identity', () => {
  it('is read once, with GET /app, for all deliveries', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    moveHead(fake, HEAD2);
    await deliver(probot, 'pull_request', pullRequestPayload('pull_request.synchronize', HEAD2));
    expect(fake.sent('GET', /^\/app$/)).toHaveLength(1);
    const listings = fake.sent('GET', /\/commits\/[0-9a-f]{40}\/check-runs\?/);
    expect(listings.length).toBeGreaterThan(0);
    for (const listing of listings) expect(listing.path).toContain(`app_id=${APP.id}`);
  });
});
