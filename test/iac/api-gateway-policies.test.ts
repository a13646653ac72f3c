import { describe, expect, it } from 'vitest';
import { readCloudFormation, readTerraformPlan } from '../../src/iac/index.js';
import type { InputFile } from '../../src/model/input.js';
import type { Inventory } from '../../src/model/inventory.js';
import { parseConfig } from '../../src/rules/index.js';
import { review } from '../../src/review.js';
import { resource } from './helpers.js';
import { planFile } from './plan-builder.js';

const A = '444455556666';
const R = 'eu-west-1';
const document = (sid: string, principal: unknown, target: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Allow', Principal: principal, Action: 'execute-api:Invoke', Resource: target }],
});
const statements = (inventory: Inventory, arn: string) =>
  (resource(inventory, arn).policy?.document as { Statement: Array<Record<string, unknown>> } | undefined)?.Statement ?? [];
const unread = (inventory: Inventory) => inventory.unknowns.filter((u) => u.reason.includes('does not read yet'));

describe('Terraform: API Gateway REST API policies', () => {
  const partner = { AWS: 'arn:aws:iam::777788889999:root' };
  const existing = `arn:aws:execute-api:${R}:${A}:k3x9q2w7zd`;
  const { before, after } = readTerraformPlan(
    planFile('api.tfplan.json', R, [
      {
        type: 'aws_api_gateway_rest_api',
        name: 'orders',
        before: { id: 'k3x9q2w7zd', name: 'orders', arn: `arn:aws:apigateway:${R}::/restapis/k3x9q2w7zd`, execution_arn: existing, policy: JSON.stringify(document('Old', partner, 'execute-api:/prod/GET/orders')), tags_all: { Team: 'orders' } },
        after: { id: 'k3x9q2w7zd', name: 'orders', arn: `arn:aws:apigateway:${R}::/restapis/k3x9q2w7zd`, execution_arn: existing, policy: JSON.stringify(document('Partner', partner, ['execute-api:/prod/GET/orders', 'execute-api:/prod/POST/orders'])), tags_all: { Team: 'orders' } },
        expressions: { name: { constant_value: 'orders' }, policy: { constant_value: '...' } },
      },
      {
        // A new API (its ID known after apply) whose policy is set by its own resource.
        type: 'aws_api_gateway_rest_api',
        name: 'internal',
        after: { name: 'internal', body: '{"openapi":"3.0.1"}' },
        afterUnknown: { id: true, arn: true, execution_arn: true, policy: true },
        expressions: { name: { constant_value: 'internal' } },
      },
      {
        type: 'aws_api_gateway_rest_api_policy',
        name: 'internal',
        after: { policy: JSON.stringify(document('Vpc', '*', 'execute-api:/*')) },
        afterUnknown: { rest_api_id: true, id: true },
        expressions: { rest_api_id: { references: ['aws_api_gateway_rest_api.internal.id', 'aws_api_gateway_rest_api.internal'] } },
      },
    ]),
    { accountId: A },
  );

  it('reads an API\'s policy under its execution ARN, with execute-api:/ resources as AWS stores them', () => {
    expect(resource(after, existing)).toMatchObject({ type: 'AWS::ApiGateway::RestApi', name: 'orders', tags: { Team: 'orders' } });
    expect(statements(before, existing)).toEqual([expect.objectContaining({ Sid: 'Old', Resource: `${existing}/prod/GET/orders` })]);
    expect(statements(after, existing)).toEqual([expect.objectContaining({ Sid: 'Partner', Resource: [`${existing}/prod/GET/orders`, `${existing}/prod/POST/orders`] })]);
  });

  it('sets the policy of a new API from aws_api_gateway_rest_api_policy, on its symbolic ARN', () => {
    const symbolic = `arn:aws:execute-api:${R}:${A}:\${aws_api_gateway_rest_api.internal.id}`;
    expect(resource(after, symbolic).policy?.source?.address).toBe('aws_api_gateway_rest_api_policy.internal');
    expect(statements(after, symbolic)).toEqual([expect.objectContaining({ Sid: 'Vpc', Resource: `${symbolic}/*` })]);
    // The ID is AWS's random choice, which no policy can name before it exists: not an unknown.
    expect(after.unknowns.filter((u) => u.address === 'aws_api_gateway_rest_api.internal')).toEqual([]);
    expect(unread(after)).toEqual([]);
  });

  it('takes aws_api_gateway_rest_api_policy over the policy the API reports (read back from AWS)', () => {
    const stale = JSON.stringify(document('Stale', partner, 'execute-api:/*'));
    const values = { id: 'k3x9q2w7zd', name: 'orders', execution_arn: existing, policy: stale };
    const { before: previous, after: next } = readTerraformPlan(
      planFile('api-policy.tfplan.json', R, [
        { type: 'aws_api_gateway_rest_api', name: 'orders', before: values, after: values, expressions: { name: { constant_value: 'orders' } } },
        {
          type: 'aws_api_gateway_rest_api_policy',
          name: 'orders',
          before: { rest_api_id: 'k3x9q2w7zd', policy: stale },
          after: { rest_api_id: 'k3x9q2w7zd', policy: JSON.stringify(document('Current', '*', 'execute-api:/prod/GET/health')) },
        },
      ]),
      { accountId: A },
    );
    expect(statements(previous, existing).map((s) => s['Sid'])).toEqual(['Stale']);
    expect(statements(next, existing)).toEqual([expect.objectContaining({ Sid: 'Current', Resource: `${existing}/prod/GET/health` })]);
    expect(resource(next, existing).policy?.source?.address).toBe('aws_api_gateway_rest_api_policy.orders');
  });
});

describe('CloudFormation: AWS::ApiGateway::RestApi', () => {
  const api = (principal: string): InputFile => ({
    path: 'api/stack.yaml',
    content: [
      'Resources:',
      '  OrdersApi:',
      '    Type: AWS::ApiGateway::RestApi',
      '    Properties:',
      '      Name: orders',
      `      Policy: { Version: "2012-10-17", Statement: [{ Sid: Callers, Effect: Allow, Principal: { AWS: "${principal}" }, Action: execute-api:Invoke, Resource: "execute-api:/*" }] }`,
      '  Stage:',
      '    Type: AWS::ApiGateway::Stage',
      '    Properties:',
      '      RestApiId: !Ref OrdersApi',
      '      StageName: prod',
    ].join('\n'),
  });

  it('reads the Policy of an API under the execute-api ARN of its generated ID', () => {
    const { after } = readCloudFormation({ head: api(`arn:aws:iam::${A}:root`) }, { accountId: A, region: R, stackName: 'orders' });
    const found = after.resources.find((r) => r.type === 'AWS::ApiGateway::RestApi');
    expect(found?.arn).toMatch(new RegExp(`^arn:aws:execute-api:${R}:${A}:[a-z0-9]{10}$`));
    expect(statements(after, found!.arn)).toEqual([expect.objectContaining({ Sid: 'Callers', Resource: `${found!.arn}/*` })]);
    expect(unread(after)).toEqual([]);
    // The same stack names the API the same way on both sides of a pull request.
    const again = readCloudFormation({ head: api('*') }, { accountId: A, region: R, stackName: 'orders' }).after;
    expect(again.resources.find((r) => r.type === 'AWS::ApiGateway::RestApi')?.arn).toBe(found!.arn);
  });

  it('fires public-access through review() when the head lets anyone invoke the API', async () => {
    const config = parseConfig({ accountId: A }, 'test config');
    const result = await review({ plans: [], templates: [{ base: api(`arn:aws:iam::${A}:root`), head: api('*') }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    const findings = result.findings.filter((f) => f.rule === 'public-access');
    expect(findings).toEqual([expect.objectContaining({ resource: expect.stringMatching(/^arn:aws:execute-api:.*:[a-z0-9]{10}$/), locations: [expect.objectContaining({ address: 'OrdersApi' })] })]);
    expect(findings[0]!.message).toContain('use-resource');
    expect(result.conclusion).toBe('failure');
  });
});
