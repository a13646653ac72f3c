import { describe, expect, it } from 'vitest';
import { readCloudFormation, readTemplateParameters } from '../../src/iac/index.js';
import { fixture, principal } from './helpers.js';

describe('template parameter files', () => {
  const expected = { Environment: 'prod', AuditRoleArn: 'arn:aws:iam::555555555555:role/audit' };

  it.each([
    ['the CLI form', '[{"ParameterKey": "Environment", "ParameterValue": "prod"}, {"ParameterKey": "AuditRoleArn", "ParameterValue": "arn:aws:iam::555555555555:role/audit"}]'],
    ['Key=Value strings', '["Environment=prod", "AuditRoleArn=arn:aws:iam::555555555555:role/audit"]'],
    ['a template configuration file', '{"Parameters": {"Environment": "prod", "AuditRoleArn": "arn:aws:iam::555555555555:role/audit"}, "Tags": {"Team": "data"}}'],
  ])('reads %s', (_name, content) => {
    expect(readTemplateParameters({ path: 'params.json', content })).toEqual(expected);
  });

  it('feeds the values to the template', () => {
    const parameters = readTemplateParameters({ path: 'params.json', content: '["Environment=prod"]' });
    const { after } = readCloudFormation({ head: fixture('cloudformation/data-platform.yaml') }, { accountId: '555555555555', region: 'eu-west-1', parameters });
    expect(principal(after, 'data-platform-ingest-prod')).toBeDefined();
  });

  it('names the entry that is neither form', () => {
    expect(() => readTemplateParameters({ path: 'params.json', content: '[{"Key": "Environment"}]' })).toThrow('params.json: [0]: expected {"ParameterKey", "ParameterValue"} or "Key=Value"');
    expect(() => readTemplateParameters({ path: 'params.json', content: '{"Environment": "prod"}' })).toThrow(/params\.json: not a parameters file/);
  });
});
