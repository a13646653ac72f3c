/**
 * Idempotence and ordering: re-delivered and concurrent webhooks, re-runs, and analyses of
 * older commits arriving late.
 */
import { randomUUID } from 'node:crypto';
import type { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGitHub } from './fake-github.js';
import { BASE, HEAD1, HEAD2, deliver, example, fixture, moveHead, newRepository, startApp } from './harness.js';

let fake: FakeGitHub;
let probot: Probot;

beforeEach(async () => {
  fake = newRepository();
  probot = await startApp();
  fake.commit(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') }, BASE);
  fake.commit(HEAD2, { 'infra/pr.tfplan.json': null, 'infra/within-limit.tfplan.json': example('within-limit.tfplan.json') }, HEAD1);
  moveHead(fake, HEAD1);
});

afterEach(() => {
  fake.stop();
});

/** Holds requests matching `path` until `count` of them have arrived, then lets them all go. */
function barrier(method: string, path: RegExp, count: number): void {
  let arrived = 0;
  let release!: () => void;
  const wait = new Promise<void>((resolve) => (release = resolve));
  fake.gates.push({
    method,
    path,
    get wait() {
      arrived += 1;
      if (arrived >= count) release();
      return wait;
    },
  });
}

describe('a re-delivered webhook', () => {
  it('creates no second check run, no second comment, and no duplicate annotations', async () => {
    const id = randomUUID();
    await deliver(probot, 'pull_request', fixture('pull_request.opened'), id);
    const annotations = fake.checkRuns[0]!.annotations.length;
    const body = fake.comments[0]!.body;
    await deliver(probot, 'pull_request', fixture('pull_request.opened'), id);

    expect(fake.unexpected).toEqual([]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]!.annotations).toHaveLength(annotations);
    expect(fake.checkRuns[0]!.conclusion).toBe('failure');
    expect(fake.sent('POST', /\/check-runs$/)).toHaveLength(1);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body).toBe(body);
    // The body is unchanged, so the comment is not even edited.
    expect(fake.sent('PATCH', /\/issues\/comments\//)).toEqual([]);
  });

  it('is serialized with a concurrent delivery of the same pull request in one process', async () => {
    await Promise.all([
      deliver(probot, 'pull_request', fixture('pull_request.opened')),
      deliver(probot, 'pull_request', fixture('pull_request.opened')),
    ]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.comments).toHaveLength(1);
  });
});

describe('two replicas receiving the same event at once', () => {
  it('keep the newest check run and close the other as cancelled, never as a pass', async () => {
    const replica = await startApp();
    barrier('POST', /\/check-runs$/, 2);
    await Promise.all([
      deliver(probot, 'pull_request', fixture('pull_request.opened')),
      deliver(replica, 'pull_request', fixture('pull_request.opened')),
    ]);

    expect(fake.unexpected).toEqual([]);
    expect(fake.checkRuns).toHaveLength(2);
    const [older, newer] = fake.checkRuns as [(typeof fake.checkRuns)[0], (typeof fake.checkRuns)[0]];
    expect(older).toMatchObject({ status: 'completed', conclusion: 'cancelled', output: { title: 'Superseded' } });
    expect(newer).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.comments).toHaveLength(1);
  });

  it('remove the duplicate comment when both created one', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    fake.comments.length = 0;
    const replica = await startApp();
    // Both list the (now empty) comments before either creates one.
    barrier('GET', /\/issues\/17\/comments/, 2);
    await Promise.all([
      deliver(probot, 'pull_request', fixture('pull_request.opened')),
      deliver(replica, 'pull_request', fixture('pull_request.opened')),
    ]);

    expect(fake.unexpected).toEqual([]);
    expect(fake.sent('POST', /\/issues\/17\/comments$/)).toHaveLength(3);
    expect(fake.sent('DELETE', /\/issues\/comments\//).length).toBeGreaterThanOrEqual(1);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body.startsWith(`<!-- access-delta:sticky head=${HEAD1} -->`)).toBe(true);
  });
});

describe('an analysis of an older commit', () => {
  it('does not overwrite the comment of the newer head', async () => {
    moveHead(fake, HEAD2);
    await deliver(probot, 'pull_request', fixture('pull_request.synchronize'));
    const newer = fake.comments[0]!.body;
    expect(newer.startsWith(`<!-- access-delta:sticky head=${HEAD2} -->`)).toBe(true);

    // The delivery for the first commit arrives late.
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body).toBe(newer);
    expect(fake.sent('PATCH', /\/issues\/comments\//)).toEqual([]);
    // Its own commit still gets its check run.
    expect(fake.checkRuns.find((run) => run.head_sha === HEAD1)?.conclusion).toBe('failure');
  });

  it('does not overwrite a comment describing a descendant commit, even when the PR head lags', async () => {
    moveHead(fake, HEAD2);
    await deliver(probot, 'pull_request', fixture('pull_request.synchronize'));
    const newer = fake.comments[0]!.body;
    // GitHub's pull request endpoint still reports the old head (replication lag).
    moveHead(fake, HEAD1);
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    expect(fake.comments[0]!.body).toBe(newer);
    expect(fake.sent('GET', new RegExp(`/compare/${HEAD1}\\.\\.\\.${HEAD2}`))).toHaveLength(1);
  });

  it('is written while its commit is the head', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    moveHead(fake, HEAD2);
    await deliver(probot, 'pull_request', fixture('pull_request.synchronize'));
    expect(fake.comments[0]!.body.startsWith(`<!-- access-delta:sticky head=${HEAD2} -->`)).toBe(true);
  });
});

describe('check_run.rerequested', () => {
  it('creates a new check run for the re-run, once per delivery', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const id = randomUUID();
    await deliver(probot, 'check_run', fixture('check_run.rerequested'), id);
    await deliver(probot, 'check_run', fixture('check_run.rerequested'), id);

    expect(fake.unexpected).toEqual([]);
    expect(fake.checkRuns).toHaveLength(2);
    const rerun = fake.checkRuns[1]!;
    expect(rerun.external_id).toBe(`access-delta:rerun:${id}`);
    expect(rerun).toMatchObject({ head_sha: HEAD1, status: 'completed', conclusion: 'failure' });
    expect(fake.comments).toHaveLength(1);
  });

  it('ignores re-runs of other apps’ checks', async () => {
    const payload = fixture('check_run.rerequested');
    (payload.check_run as { name: string }).name = 'terraform-validate';
    await deliver(probot, 'check_run', payload);
    expect(fake.requests.filter((r) => !r.path.includes('access_tokens'))).toEqual([]);
  });

  it('finds the pull request by commit when the payload lists none (a fork)', async () => {
    const payload = fixture('check_run.rerequested');
    (payload.check_run as { pull_requests: unknown[] }).pull_requests = [];
    await deliver(probot, 'check_run', payload);
    expect(fake.sent('GET', new RegExp(`/commits/${HEAD1}/pulls`))).toHaveLength(1);
    expect(fake.comments).toHaveLength(1);
  });
});

describe('check_suite', () => {
  it('requested: reviews a commit no pull-request event has reviewed yet', async () => {
    await deliver(probot, 'check_suite', fixture('check_suite.requested'));
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]!.conclusion).toBe('failure');
  });

  it('requested: does nothing when the pull-request event already opened the check run', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const before = fake.requests.length;
    await deliver(probot, 'check_suite', fixture('check_suite.requested'));
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('rerequested: runs the check again in a new check run', async () => {
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    const payload = fixture('check_suite.requested');
    payload.action = 'rerequested';
    await deliver(probot, 'check_suite', payload);
    expect(fake.checkRuns).toHaveLength(2);
    expect(fake.checkRuns[1]!.external_id).toMatch(/^access-delta:rerun:/);
  });
});
