/** What both readers need to know about particular resource types. */
import type { PolicyDocument } from '../model/inventory.js';
import { isObject } from './json.js';

/** A Kinesis resource policy is set on a stream or on one of its consumers (`…:stream/NAME/consumer/CONSUMER:TIMESTAMP`). */
export function kinesisType(arn: string): string {
  return arn.includes('/consumer/') ? 'AWS::Kinesis::StreamConsumer' : 'AWS::Kinesis::Stream';
}

/** A CloudTrail resource policy is set on an event data store, a dashboard or a channel. */
export function cloudTrailType(arn: string): string {
  const kind = /:cloudtrail:[^:]*:[^:]*:(eventdatastore|dashboard|channel)\//.exec(arn)?.[1];
  return kind === 'eventdatastore' ? 'AWS::CloudTrail::EventDataStore' : kind === 'dashboard' ? 'AWS::CloudTrail::Dashboard' : 'AWS::CloudTrail::Channel';
}

/**
 * A REST API's resource policy may name the API's own methods in the short form
 * `execute-api:/STAGE/METHOD/PATH`; API Gateway stores it as `API_ARN/STAGE/METHOD/PATH`, and so
 * does this (the engine matches ARNs only). Other resources stay as written.
 */
export function expandExecuteApiResources(document: unknown, apiArn: string): unknown {
  if (!isObject(document)) return document;
  const expand = (value: unknown): unknown =>
    typeof value === 'string' && value.startsWith('execute-api:/') ? `${apiArn}${value.slice('execute-api:'.length)}` : Array.isArray(value) ? value.map(expand) : value;
  const statement = (s: unknown): unknown => {
    if (!isObject(s)) return s;
    const out: Record<string, unknown> = { ...s };
    for (const key of ['Resource', 'NotResource']) if (key in s) out[key] = expand(s[key]);
    return out;
  };
  const statements = document['Statement'];
  return { ...document, Statement: Array.isArray(statements) ? statements.map(statement) : statement(statements) };
}

/** How AWS stores a resource policy it is given, by resource type, where that differs from the text. */
const STORED_FORMS = new Map<string, (document: unknown, arn: string) => unknown>([['AWS::ApiGateway::RestApi', expandExecuteApiResources]]);

/** `policy` as AWS stores it for its resource `arn` of the given type. */
export function asStoredPolicy(policy: PolicyDocument, type: string, arn: string): PolicyDocument {
  const rewrite = STORED_FORMS.get(type);
  return rewrite ? { ...policy, document: rewrite(policy.document, arn) } : policy;
}
