/**
 * The permissions that let AWS services invoke a new Lambda function, end to end from a
 * Terraform plan: `source_arn` refers to a resource created in the same apply (an EventBridge
 * rule, a log group, an IoT rule, an HTTP API, a Cognito user pool), so its value is known only
 * after apply, but the ARN is built from what the plan knows (the rule's name and event bus, the
 * group's name) or stands for an AWS-chosen ID. The grant is restricted to that source, and nothing is left undecided.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { planFile } from '../iac/plan-builder.js';

const A = '111111111111';
const R = 'eu-west-1';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const permission = (name: string, principal: string, source: string, attribute = 'arn') => ({
  type: 'aws_lambda_permission',
  name,
  after: { statement_id: name, action: 'lambda:InvokeFunction', function_name: 'nightly', principal },
  afterUnknown: { source_arn: true, id: true },
  expressions: { source_arn: { references: [`${source}.${attribute}`, source] } },
});

describe('a new Lambda function invoked by services of the same apply', () => {
  it('grants each service on the ARN of its source, known before apply', async () => {
    const plan = planFile('pr.tfplan.json', R, [
      { type: 'aws_iam_role', name: 'fn', after: { name: 'nightly', path: '/', assume_role_policy: trust, tags: {} } },
      { type: 'aws_lambda_function', name: 'nightly', after: { function_name: 'nightly', role: `arn:aws:iam::${A}:role/nightly`, tags: {} } },
      { type: 'aws_cloudwatch_event_rule', name: 'nightly', after: { name: 'nightly', event_bus_name: 'default', tags: {} }, afterUnknown: { arn: true, id: true } },
      { type: 'aws_cloudwatch_event_rule', name: 'orders', after: { name: 'order-placed', event_bus_name: 'orders', tags: {} }, afterUnknown: { arn: true, id: true } },
      { type: 'aws_cloudwatch_log_group', name: 'audit', after: { name: '/audit/app', tags: {} }, afterUnknown: { arn: true, id: true } },
      { type: 'aws_apigatewayv2_api', name: 'http', after: { name: 'orders', protocol_type: 'HTTP', tags: {} }, afterUnknown: { arn: true, id: true, execution_arn: true } },
      { type: 'aws_iot_topic_rule', name: 'telemetry', after: { name: 'telemetry', enabled: true, tags: {} }, afterUnknown: { arn: true, id: true } },
      { type: 'aws_cognito_user_pool', name: 'users', after: { name: 'customers', tags: {} }, afterUnknown: { arn: true, id: true } },
      permission('schedule', 'events.amazonaws.com', 'aws_cloudwatch_event_rule.nightly'),
      permission('orders', 'events.amazonaws.com', 'aws_cloudwatch_event_rule.orders'),
      permission('audit', 'logs.amazonaws.com', 'aws_cloudwatch_log_group.audit'),
      permission('api', 'apigateway.amazonaws.com', 'aws_apigatewayv2_api.http', 'execution_arn'),
      permission('iot', 'iot.amazonaws.com', 'aws_iot_topic_rule.telemetry'),
      permission('cognito', 'cognito-idp.amazonaws.com', 'aws_cognito_user_pool.users'),
    ]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config: parseConfig({ accountId: A }, 'test config'), today: '2026-01-01' });
    expect(result.unknowns).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'unknown-access')).toEqual([]);
    const sources = result.delta.added.filter((g) => g.resource === `arn:aws:lambda:${R}:${A}:function:nightly`).map((g) => [g.principal, g.conditions.map((c) => c.values).flat()]);
    expect(sources).toEqual([
      ['apigateway.amazonaws.com', [`arn:aws:execute-api:${R}:${A}:\${aws_apigatewayv2_api.http.id}`]],
      ['cognito-idp.amazonaws.com', [`arn:aws:cognito-idp:${R}:${A}:userpool/\${aws_cognito_user_pool.users.id}`]],
      ['events.amazonaws.com', [`arn:aws:events:${R}:${A}:rule/nightly`, `arn:aws:events:${R}:${A}:rule/orders/order-placed`]],
      ['iot.amazonaws.com', [`arn:aws:iot:${R}:${A}:rule/telemetry`]],
      ['logs.amazonaws.com', [`arn:aws:logs:${R}:${A}:log-group:/audit/app`]],
    ]);
  });
});

describe('a permission whose source ARN is a template around the source\'s ARN', () => {
  const plan = planFile('pr.tfplan.json', R, [
    { type: 'aws_lambda_function', name: 'nightly', after: { function_name: 'nightly', role: `arn:aws:iam::${A}:role/nightly`, tags: {} } },
    { type: 'aws_apigatewayv2_api', name: 'http', after: { name: 'orders', protocol_type: 'HTTP', tags: {} }, afterUnknown: { arn: true, id: true, execution_arn: true } },
    permission('api', 'apigateway.amazonaws.com', 'aws_apigatewayv2_api.http', 'execution_arn'),
  ]);
  const source = [
    'resource "aws_apigatewayv2_api" "http" {',
    '  name          = "orders"',
    '  protocol_type = "HTTP"',
    '}',
    '',
    'resource "aws_lambda_permission" "api" {',
    '  statement_id  = "api"',
    '  action        = "lambda:InvokeFunction"',
    '  function_name = "nightly"',
    '  principal     = "apigateway.amazonaws.com"',
    '  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/POST/orders"',
    '}',
  ].join('\n');
  const conditionValues = async (terraformSources: { path: string; content: string }[]) => {
    const result = await review({ plans: [plan], templates: [], terraformSources, config: parseConfig({ accountId: A }, 'test config'), today: '2026-01-01' });
    expect(result.unknowns).toEqual([]);
    return result.delta.added.filter((g) => g.principal === 'apigateway.amazonaws.com').flatMap((g) => g.conditions.flatMap((c) => c.values));
  };

  it('is restricted to the stage and route the .tf file writes', async () => {
    expect(await conditionValues([{ path: 'main.tf', content: source }])).toEqual([`arn:aws:execute-api:${R}:${A}:\${aws_apigatewayv2_api.http.id}/*/POST/orders`]);
  });

  it('is restricted to the API as a whole without the file (the plan holds only the reference)', async () => {
    expect(await conditionValues([])).toEqual([`arn:aws:execute-api:${R}:${A}:\${aws_apigatewayv2_api.http.id}`]);
  });
});

describe('the same in a CloudFormation template', () => {
  it('resolves the rule\'s, the HTTP API\'s and the user pool\'s ARNs that the permissions name', async () => {
    const permission = (principal: string, source: unknown) => ({ Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Nightly' }, Principal: principal, SourceArn: source } });
    const template = {
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'nightly', AssumeRolePolicyDocument: JSON.parse(trust) } },
        Nightly: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'nightly', Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
        Schedule: { Type: 'AWS::Events::Rule', Properties: { Name: 'nightly', ScheduleExpression: 'rate(1 day)' } },
        OrderPlaced: { Type: 'AWS::Events::Rule', Properties: { Name: 'order-placed', EventBusName: 'orders' } },
        Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'orders', ProtocolType: 'HTTP' } },
        Users: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'customers' } },
        FromSchedule: permission('events.amazonaws.com', { 'Fn::GetAtt': ['Schedule', 'Arn'] }),
        FromOrders: permission('events.amazonaws.com', { 'Fn::GetAtt': ['OrderPlaced', 'Arn'] }),
        FromApi: permission('apigateway.amazonaws.com', { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Http}/*' }),
        FromUsers: permission('cognito-idp.amazonaws.com', { 'Fn::GetAtt': ['Users', 'Arn'] }),
      },
    };
    const result = await review({
      plans: [],
      templates: [{ head: { path: 'nightly.json', content: JSON.stringify(template) } }],
      terraformSources: [],
      config: parseConfig({ accountId: A, region: R }, 'test config'),
      today: '2026-01-01',
    });
    expect(result.unknowns).toEqual([]);
    const sources = result.delta.added.filter((g) => g.resource === `arn:aws:lambda:${R}:${A}:function:nightly`).flatMap((g) => g.conditions.map((c) => c.values).flat());
    expect(sources).toEqual(expect.arrayContaining([
      `arn:aws:events:${R}:${A}:rule/nightly`,
      `arn:aws:events:${R}:${A}:rule/orders/order-placed`,
      expect.stringMatching(new RegExp(`^arn:aws:execute-api:${R}:${A}:[a-z0-9]{10}/\\*$`)),
      expect.stringMatching(new RegExp(`^arn:aws:cognito-idp:${R}:${A}:userpool/${R}_[A-Za-z]{9}$`)),
    ]));
  });
});
