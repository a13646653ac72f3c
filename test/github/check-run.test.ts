/**
 * Completing a check run within GitHub's limits on texts, through the real Octokit client
 * against the fake API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeCheckRun, openCheckRun } from '../../src/github/check-run.js';
import type { GitHubRepo, Octokit } from '../../src/github/repo.js';
import { APP, type FakeGitHub } from './fake-github.js';
import { HEAD1, TestOctokit, newRepository } from './harness.js';

const EMOJI = '😀'; // two UTF-16 code units

let fake: FakeGitHub;
let gh: GitHubRepo;

beforeEach(() => {
  fake = newRepository();
  fake.commit(HEAD1, {});
  gh = { octokit: new TestOctokit({ auth: 'ghs_fake_installation_token' }) as unknown as Octokit, owner: fake.owner, repo: fake.repo, app: APP };
});

afterEach(() => {
  fake.stop();
});

describe('completeCheckRun', () => {
  it('shortens an over-long title, summary and text without splitting a surrogate pair', async () => {
    const run = (await openCheckRun(gh, HEAD1, { kind: 'automatic' }))!;
    // Each text puts an emoji across the point where it must be cut.
    const title = `${'t'.repeat(253)}${EMOJI}tail`;
    const summary = `${'s'.repeat(65_535 - 38)}${EMOJI}${'s'.repeat(100)}`;
    await completeCheckRun(gh, run, 'failure', { title, summary, text: summary });

    const sent = fake.sent('PATCH', new RegExp(`/check-runs/${run.id}$`)).at(-1)!.body as { output: Record<string, string> };
    const { output } = sent;
    expect(output.title!.length).toBeLessThanOrEqual(255);
    expect(output.title!.endsWith('…')).toBe(true);
    expect(output.summary!.length).toBeLessThanOrEqual(65_535);
    expect(output.summary!.endsWith('… (shortened to fit GitHub’s limit)')).toBe(true);
    expect(output.text).toBe(output.summary);
    // A lone surrogate does not survive a UTF-8 round trip.
    for (const text of [output.title!, output.summary!]) expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
  });

  it('sends texts within the limits unchanged', async () => {
    const run = (await openCheckRun(gh, HEAD1, { kind: 'automatic' }))!;
    await completeCheckRun(gh, run, 'success', { title: `No access changes ${EMOJI}`, summary: 'All good', text: '' });
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: 'success', output: { title: `No access changes ${EMOJI}`, summary: 'All good' } });
  });
});
