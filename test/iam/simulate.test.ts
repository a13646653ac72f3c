import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { PolicyValidationError, simulate, simulateLines } from '../../src/iam/index.js';

const doc = (overrides: Record<string, unknown> = {}) => ({
  request: {
    principal: 'arn:aws:iam::111111111111:role/app',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
    resourceAccount: '111111111111',
    context: { 'aws:SourceIp': '10.0.0.1' },
  },
  identityPolicies: [{ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] }],
  ...overrides,
});

describe('simulate: the DESIGN.md §4 request document', () => {
  it('decides and names the allowing statement by policy place and Sid', () => {
    expect(simulate(doc())).toEqual({
      decision: 'Allowed',
      blockedBy: [],
      reasons: [{ policy: 'identityPolicies[0]', policyName: 'identityPolicies[0]', statement: 'Read', source: { file: 'request' } }],
    });
  });

  it('applies SCP levels and reports what blocked', () => {
    const scps = [[{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }], [{ Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }]];
    expect(simulate(doc({ scps }))).toMatchObject({ decision: 'ImplicitlyDenied', blockedBy: ['scp'], reasons: [] });
  });

  it('reads the resource policy as a trust policy when told so', () => {
    const trust = { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const request = { principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/app', resourceAccount: '111111111111' };
    expect(simulate({ request, resourcePolicy: trust, resourcePolicyKind: 'trust' }).decision).toBe('Allowed');
  });

  it('reports conditional access for the keys named unknown', () => {
    const resourcePolicy = {
      Statement: [{ Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    };
    const result = simulate(doc({ resourcePolicy, unknownKeys: ['aws:SecureTransport'] }));
    expect(result).toMatchObject({ decision: 'Allowed', conditional: true });
    expect(result.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'], negated: true, policy: 'resourcePolicy', statement: 'TlsOnly' },
    ]);
  });

  it('takes prefixes such as aws:PrincipalTag/* in unknownKeys', () => {
    const identityPolicies = [{ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } }] }];
    expect(simulate(doc({ identityPolicies, unknownKeys: ['aws:PrincipalTag/*'] }))).toMatchObject({ conditional: true });
  });

  it('rejects a malformed document with the place and the problem', () => {
    expect(() => simulate({ request: { principal: 'x' } })).toThrow(InputError);
    expect(() => simulate(doc({ extra: 1 }))).toThrow(/^request: /);
    expect(() => simulate(doc({ identityPolicies: [{ Statement: [{ Effect: 'Allow', Resource: '*' }] }] }))).toThrow(PolicyValidationError);
    expect(() => simulate(doc({ identityPolicies: [{ Statement: [{ Effect: 'Allow', Resource: '*' }] }] }))).toThrow(
      'request: policy identityPolicies[0]: statement #1: Action: Action or NotAction is required',
    );
  });
});

describe('simulateLines: one document or JSON Lines, one answer line each', () => {
  it('answers a single document spread over several lines', () => {
    const lines = simulateLines(JSON.stringify(doc(), null, 2));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ decision: 'Allowed' });
  });

  it('answers every line, and a bad line with an error naming its number', () => {
    const text = [JSON.stringify(doc()), '', '{"request": ', JSON.stringify(doc({ identityPolicies: [] })), JSON.stringify(doc({ identityPolicies: [{ Statement: 5 }] }))].join('\n');
    const answers = simulateLines(text, 'requests.jsonl').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers).toHaveLength(4);
    expect(answers[0]).toMatchObject({ decision: 'Allowed' });
    expect(answers[1]).toMatchObject({ line: 3 });
    expect(String(answers[1]?.error)).toMatch(/^requests.jsonl: line 3: not valid JSON/);
    expect(answers[2]).toMatchObject({ decision: 'ImplicitlyDenied' });
    expect(answers[3]).toMatchObject({ line: 5 });
    expect(String(answers[3]?.error)).toMatch(/^requests.jsonl:5: policy identityPolicies\[0\]: statement #1: Statement: each statement must be a JSON object$/);
  });
});
