import { describe, expect, it } from 'vitest';
import { parsePrincipal, splitArn } from '../../src/iam/arn.js';
import { ArnPattern, requestResource } from '../../src/iam/resource-pattern.js';

const matches = (pattern: string, arn: string): boolean => ArnPattern.of(pattern).matches(arn, splitArn(arn));

describe('ARN patterns are matched component by component (reference_policies_elements_resource)', () => {
  it('lets `*` cross slashes inside the resource component', () => {
    expect(matches('arn:aws:s3:::bucket/*/test/*', 'arn:aws:s3:::bucket/1/2/test/3/object.jpg')).toBe(true);
    expect(matches('arn:aws:s3:::bucket/*/test/*', 'arn:aws:s3:::bucket/test/object.jpg')).toBe(false);
  });

  it('never lets `*` cross the colon between components', () => {
    expect(matches('arn:aws:sqs:*:111111111111:queue', 'arn:aws:sqs:us-east-1:111111111111:queue')).toBe(true);
    expect(matches('arn:aws:sqs:*:queue', 'arn:aws:sqs:us-east-1:111111111111:queue')).toBe(false);
  });

  it('keeps further colons in the resource component', () => {
    expect(matches('arn:aws:lambda:*:*:function:*', 'arn:aws:lambda:eu-west-1:111111111111:function:app:live')).toBe(true);
  });

  it('is case-sensitive (ARNs are)', () => {
    expect(matches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key')).toBe(false);
  });

  it('`*` alone matches anything, even text that is not an ARN', () => {
    expect(ArnPattern.of('*').matches('*', null)).toBe(true);
    expect(matches('arn:aws:s3:::*', '*')).toBe(false);
  });

  it('reads a short ARN with a wildcard as padded with `*` and one without as matching nothing (resource side)', () => {
    expect(ArnPattern.of('arn:aws:sqs:*', 'wildcard-only').matches('arn:aws:sqs:us-east-1:1:q', splitArn('arn:aws:sqs:us-east-1:1:q'))).toBe(true);
    expect(ArnPattern.of('arn:aws:sqs', 'wildcard-only').matches('arn:aws:sqs:us-east-1:1:q', splitArn('arn:aws:sqs:us-east-1:1:q'))).toBe(false);
    expect(ArnPattern.of('arn:aws:sqs', 'expand').matches('arn:aws:sqs:us-east-1:1:q', splitArn('arn:aws:sqs:us-east-1:1:q'))).toBe(true);
  });
});

describe('request patterns: touching and covering', () => {
  const bucketObjects = requestResource('arn:aws:s3:::bucket/*', false).pattern as ArnPattern;

  it('reads a request resource with wildcards as a pattern, unless it is literal', () => {
    expect(requestResource('arn:aws:s3:::bucket/*', false).pattern).not.toBeNull();
    expect(requestResource('*', true).pattern).toBeNull();
    expect(requestResource('arn:aws:s3:::bucket/key', false).pattern).toBeNull();
  });

  it('a pattern touches the request when some resource matches both', () => {
    expect(ArnPattern.of('arn:aws:s3:::*/AWSLogs/*').touches(bucketObjects)).toBe(true);
    expect(ArnPattern.of('arn:aws:s3:::other/*').touches(bucketObjects)).toBe(false);
    expect(ArnPattern.of('arn:aws:s3:::bucket').touches(bucketObjects)).toBe(false);
  });

  it('a pattern covers the request when it matches every resource of it', () => {
    expect(ArnPattern.of('arn:aws:s3:::*').covers(bucketObjects)).toBe(true);
    expect(ArnPattern.of('arn:aws:s3:::bucket/private/*').covers(bucketObjects)).toBe(false);
    expect(ArnPattern.ALL.covers(bucketObjects)).toBe(true);
  });
});

describe('principal ARNs', () => {
  it.each([
    ['arn:aws:iam::111111111111:user/team/alice', 'user', 'alice'],
    ['arn:aws:iam::111111111111:role/service/app', 'role', 'app'],
    ['arn:aws:sts::111111111111:assumed-role/app/i-123', 'session', 'app'],
    ['arn:aws:sts::111111111111:federated-user/bob', 'federated-user', 'bob'],
    ['arn:aws:iam::111111111111:root', 'root', ''],
    ['arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', 'identity-provider', 'token.actions.githubusercontent.com'],
    ['lambda.amazonaws.com', 'service', ''],
    ['accounts.google.com', 'web-identity', ''],
    ['anonymous', 'anonymous', ''],
  ])('%s is a %s', (arn, kind, name) => {
    const parsed = parsePrincipal(arn);
    expect(parsed?.kind).toBe(kind);
    expect(parsed?.name).toBe(name);
  });

  it('rejects what is not a principal', () => {
    expect(parsePrincipal('arn:aws:s3:::bucket')).toBeNull();
    expect(parsePrincipal('arn:aws:sts::111111111111:assumed-role/app')).toBeNull();
    expect(parsePrincipal('not a principal')).toBeNull();
  });
});
