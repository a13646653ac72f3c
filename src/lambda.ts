/**
 * AWS Lambda entry point of the GitHub App, for a Lambda function URL or an API Gateway HTTP
 * API in front of it (handler `dist/lambda.handler`). It verifies the webhook signature,
 * runs the same app as `npm start`, and answers once the review is delivered.
 *
 * Credentials come from the environment as for `probot run`: APP_ID, PRIVATE_KEY and
 * WEBHOOK_SECRET.
 */
import { createProbot, type Probot } from 'probot';
import app from './github/index.js';

/** The parts of a function-URL / API Gateway (payload 1.0 or 2.0) event the handler reads. */
export interface HttpEvent {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type LambdaHandler = (event: HttpEvent) => Promise<HttpResult>;

export function createLambdaHandler(probot: Probot): LambdaHandler {
  const loaded = probot.load(app);
  return async (event) => {
    await loaded;
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
    const id = headers['x-github-delivery'];
    const name = headers['x-github-event'];
    const signature = headers['x-hub-signature-256'];
    if (!id || !name || !signature) {
      return respond(400, 'Not a GitHub webhook: X-GitHub-Delivery, X-GitHub-Event and X-Hub-Signature-256 are required');
    }
    const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    if (!(await probot.webhooks.verify(body, signature))) return respond(401, 'The webhook signature does not match');
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return respond(400, 'The webhook payload is not JSON');
    }
    try {
      await probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
      return respond(200, 'ok');
    } catch (error) {
      probot.log.error({ err: error, delivery: id, event: name }, 'Access Delta: webhook handling failed');
      return respond(500, 'The webhook could not be handled');
    }
  };
}

function respond(statusCode: number, message: string): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) };
}

let fromEnvironment: LambdaHandler | undefined;

/** The Lambda handler, configured from the environment on its first invocation. */
export const handler: LambdaHandler = (event) => {
  fromEnvironment ??= createLambdaHandler(createProbot());
  return fromEnvironment(event);
};
