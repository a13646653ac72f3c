/**
 * The Lambda entry point: signed deliveries are reviewed, unsigned or forged ones refused
 * before anything reaches GitHub.
 */
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLambdaHandler, type LambdaHandler } from '../src/lambda.js';
import type { FakeGitHub } from './github/fake-github.js';
import { BASE, HEAD1, TestOctokit, fixture, newRepository } from './github/harness.js';

const SECRET = 'lambda-test-webhook-secret';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let fake: FakeGitHub;
let handler: LambdaHandler;

beforeEach(() => {
  fake = newRepository();
  fake.commit(HEAD1, { 'README.md': '# payments-infra\n\nRunbook link.\n' }, BASE);
  const probot = new Probot({
    appId: 99,
    privateKey,
    secret: SECRET,
    logLevel: 'fatal',
    Octokit: TestOctokit,
  });
  handler = createLambdaHandler(probot);
});

afterEach(() => {
  fake.stop();
});

function signed(body: string, secret = SECRET): Record<string, string> {
  return {
    'X-GitHub-Delivery': randomUUID(),
    'X-GitHub-Event': 'pull_request',
    'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    'Content-Type': 'application/json',
  };
}

describe('the Lambda handler', () => {
  it('reviews a signed delivery and answers 200 once the check run is complete', async () => {
    const body = JSON.stringify(fixture('pull_request.opened'));
    const result = await handler({ headers: signed(body), body, isBase64Encoded: false });
    expect(result.statusCode).toBe(200);
    expect(fake.unexpected).toEqual([]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ head_sha: HEAD1, status: 'completed', conclusion: 'neutral' });
  });

  it('decodes a base64 body', async () => {
    const body = JSON.stringify(fixture('pull_request.opened'));
    const result = await handler({ headers: signed(body), body: Buffer.from(body).toString('base64'), isBase64Encoded: true });
    expect(result.statusCode).toBe(200);
    expect(fake.checkRuns).toHaveLength(1);
  });

  it('refuses a forged signature without calling GitHub', async () => {
    const body = JSON.stringify(fixture('pull_request.opened'));
    const result = await handler({ headers: signed(body, 'not-the-secret'), body });
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toEqual({ message: 'The webhook signature does not match' });
    expect(fake.requests).toEqual([]);
  });

  it('refuses a signed body that is not JSON', async () => {
    const body = 'payload=%7B%7D';
    const result = await handler({ headers: signed(body), body });
    expect(result.statusCode).toBe(400);
    expect(fake.requests).toEqual([]);
  });

  it('refuses a request without the webhook headers', async () => {
    const result = await handler({ headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(result.statusCode).toBe(400);
    expect(fake.requests).toEqual([]);
  });
});
