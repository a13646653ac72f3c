/**
 * A real Probot instance running the app, receiving webhook payload fixtures, against the
 * nock fake of GitHub's API.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Probot, ProbotOctokit } from 'probot';
import { accessDeltaApp, type AppOptions } from '../../src/github/index.js';
import { FakeGitHub } from './fake-github.js';

export const BASE = '4f3c2b1a09e8d7c6b5a4938271605f4e3d2c1b0a';
export const HEAD1 = '8d1e5c0f7a3b9e2d4c6f8a0b1c3d5e7f9a2b4c6d';
export const HEAD2 = 'c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8';
export const PULL = 17;
export const TODAY = new Date('2026-11-28T12:00:00Z');

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

/**
 * Probot's Octokit with retries and throttling off. The function form is needed: Probot passes
 * its own throttle options when it creates an installation client, and they would override
 * `defaults({ throttle: { enabled: false } })` (leaving a 1 s pause between write requests).
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

export type EventName = 'pull_request' | 'check_run' | 'check_suite' | 'workflow_run';

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/github/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

export function example(name: string): string {
  return readFileSync(new URL(`../../examples/credit-processor/${name}`, import.meta.url), 'utf8');
}

/** A Probot instance with the app loaded, as `probot run` would set it up. */
export async function startApp(options: AppOptions = {}): Promise<Probot> {
  const probot = new Probot({
    appId: 99,
    privateKey,
    logLevel: 'fatal',
    Octokit: TestOctokit,
  });
  await probot.load(accessDeltaApp({ now: () => TODAY, ...options }));
  return probot;
}

/** Delivers a webhook; `id` is the X-GitHub-Delivery GUID (the same for a re-delivery). */
export async function deliver(probot: Probot, name: EventName, payload: Record<string, unknown>, id: string = randomUUID()): Promise<void> {
  await probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
}

/** The pull_request payload of `fixtureName` with its head moved to `headSha`. */
export function pullRequestPayload(fixtureName: string, headSha: string): Record<string, unknown> {
  const payload = fixture(fixtureName);
  const pull = payload.pull_request as { head: { sha: string } };
  pull.head.sha = headSha;
  return payload;
}

/** Moves the test pull request's head to `sha` (as GitHub reports it from then on). */
export function moveHead(fake: FakeGitHub, sha: string): void {
  fake.pulls.set(PULL, { headSha: sha, baseSha: BASE, headRef: 'feature/analytics-access' });
}

/** The repository of the tests: Terraform at `infra/`, the configuration (null: none) on `main`. */
export function newRepository(config: string | null = example('access-delta.yml')): FakeGitHub {
  const fake = new FakeGitHub('acme', 'payments-infra', 4242);
  if (config !== null) fake.defaultBranchFiles.set('.github/access-delta.yml', config);
  fake.commit(BASE, { 'README.md': '# payments-infra\n', 'infra/main.tf': example('main.tf') });
  fake.pulls.set(PULL, { headSha: HEAD1, baseSha: BASE, headRef: 'feature/analytics-access' });
  fake.start();
  return fake;
}
