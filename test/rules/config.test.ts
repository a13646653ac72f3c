import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { inputErrorOf } from '../input-error.js';
import {
  DEFAULT_CONFIG,
  configSchemaFileText,
  parseConfig,
  parseConfigYaml,
} from '../../src/rules/config.js';

const schemaPath = new URL('../../schema/access-delta.schema.json', import.meta.url);

const fullConfig = `
plans: ["infra/**/*.tfplan.json"]
planArtifact: terraform-plan
templates: ["cdk.out/*.template.json"]
templateParameters: { Stage: prod, Replicas: 3 }
inventory: inventory/authorization-details.json
accountId: "111111111111"
classification:
  tag: DataClass
  untagged: Internal
rules:
  max-principals:
    severity: warning
    limits:
      - classification: [Confidential, Restricted]
        capabilities: [read-data, write-data]
        min: 1
        max: 3
  external-accounts:
    allow: ["222222222222", o-abcdef1234]
  wildcard-grants:
    enabled: false
waivers:
  - rule: max-principals
    resource: arn:aws:s3:::credit-applications
    reason: Fraud team onboarding, ticket SEC-1234
    approver: security-team
    expires: 2027-01-31
comment:
  whenNoChange: none
`;


describe('parseConfig', () => {
  it('gives safe defaults for an absent or empty file', () => {
    expect(parseConfig(null, 'a.yml')).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.plans).toEqual(['**/*.tfplan.json']);
    expect(DEFAULT_CONFIG.templates).toEqual([]);
    expect(DEFAULT_CONFIG.classification.tag).toBe('Confidentiality');
    expect(DEFAULT_CONFIG.rules['max-principals'].limits).toEqual([
      { classification: ['Confidential', 'Restricted'], capabilities: ['read-data', 'write-data', 'delete-data'], max: 5 },
    ]);
    expect(DEFAULT_CONFIG.rules['public-access']).toEqual({ enabled: true, severity: 'error' });
    expect(DEFAULT_CONFIG.rules['privilege-escalation'].severity).toBe('error');
    expect(DEFAULT_CONFIG.waivers).toEqual([]);
    expect(DEFAULT_CONFIG.comment.whenNoChange).toBe('one-line');
  });

  it('reads every documented key', () => {
    const config = parseConfigYaml(fullConfig, '.github/access-delta.yml');
    expect(config.planArtifact).toBe('terraform-plan');
    expect(config.templateParameters).toEqual({ Stage: 'prod', Replicas: '3' });
    expect(config.classification).toEqual({ tag: 'DataClass', untagged: 'Internal' });
    expect(config.rules['max-principals']).toEqual({
      enabled: true,
      severity: 'warning',
      limits: [{ classification: ['Confidential', 'Restricted'], capabilities: ['read-data', 'write-data'], min: 1, max: 3 }],
    });
    expect(config.rules['external-accounts'].allow).toEqual(['222222222222', 'o-abcdef1234']);
    expect(config.rules['wildcard-grants'].enabled).toBe(false);
    expect(config.rules['new-administrators'].enabled).toBe(true);
    expect(config.waivers[0]?.expires).toBe('2027-01-31');
    expect(config.comment.whenNoChange).toBe('none');
  });

  it('accepts the dates that YAML 1.1 readers (Probot) turn into Date objects', () => {
    const config = parseConfig(
      { waivers: [{ rule: 'public-access', reason: 'r', approver: 'a', expires: new Date('2026-03-01T00:00:00Z') }] },
      'a.yml',
    );
    expect(config.waivers[0]?.expires).toBe('2026-03-01');
  });

  it('allows the _extends key that Probot resolves', () => {
    expect(parseConfig({ _extends: '.github', plans: ['x.json'] }, 'a.yml').plans).toEqual(['x.json']);
  });

  it.each([
    [{ rulez: {} }, 'a.yml: rulez: unknown key'],
    [{ rules: { 'max-principals': { limits: [{ classification: ['Confidential'], max: -1 }] } } }, 'rules.max-principals.limits[0].max: Too small'],
    [{ rules: { 'max-principals': { limits: [{ classification: ['Confidential'], capabilities: ['read'] }] } } }, 'rules.max-principals.limits[0].capabilities[0]: Invalid option'],
    [{ rules: { 'public-access': { severity: 'fatal' } } }, 'rules.public-access.severity: Invalid option: expected one of "error"|"warning"|"notice"'],
    [{ rules: { 'public-acess': {} } }, 'rules.public-acess: unknown key'],
    [{ accountId: 111111111111 }, 'accountId: expected a 12-digit AWS account ID as a quoted string'],
    [{ rules: { 'external-accounts': { allow: ['12345'] } } }, 'rules.external-accounts.allow[0]: expected a 12-digit account ID or an organization ID'],
    [{ plans: 'x.json' }, 'plans: expected array, received string'],
    [{ waivers: [{ rule: 'public-access', reason: 'r', approver: 'a', expires: '2026-02-30' }] }, 'waivers[0].expires: not a calendar date'],
    [{ waivers: [{ rule: 'public-access', reason: ' ', approver: 'a', expires: '2026-02-01' }] }, 'waivers[0].reason: must not be empty'],
    [{ waivers: [{ rule: 'no-such-rule', reason: 'r', approver: 'a', expires: '2026-02-01' }] }, 'waivers[0].rule: Invalid option'],
    [{ comment: { whenNoChange: 'silent' } }, 'comment.whenNoChange: Invalid option'],
    [['plans'], '(top level): expected object, received array'],
  ])('names the key path and what was expected: %j', (raw, expected) => {
    const error = inputErrorOf(() => parseConfig(raw, 'a.yml'));
    expect(error.file).toBe('a.yml');
    expect(error.message).toContain(expected);
  });

  it('reports every problem, the first one as the place', () => {
    const error = inputErrorOf(() => parseConfig({ plans: 3, comment: { whenNoChange: 'x' } }, 'a.yml'));
    expect(error.place).toBe('plans');
    expect(error.message).toContain('; also comment.whenNoChange:');
  });

  it('reports invalid YAML with its line', () => {
    const error = inputErrorOf(() => parseConfigYaml('plans: [a\nrules: {', '.github/access-delta.yml'));
    expect(error.file).toBe('.github/access-delta.yml');
    expect(error.place).toMatch(/^line \d+, column \d+$/);
    expect(error.problem).toMatch(/^invalid YAML: /);
  });
});

describe('schema/access-delta.schema.json', () => {
  it('is the current rendering of the zod schema (run `npx tsx scripts/config-schema.ts`)', () => {
    expect(readFileSync(schemaPath, 'utf8')).toBe(configSchemaFileText());
  });

  it('accepts what parseConfig accepts and rejects what it rejects', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    expect(validate(parseYaml(fullConfig))).toBe(true);
    expect(validate({})).toBe(true);
    expect(validate({ rules: { 'public-access': { severity: 'fatal' } } })).toBe(false);
    expect(validate({ rulez: {} })).toBe(false);
    expect(validate({ waivers: [{ rule: 'public-access', reason: 'r', approver: 'a' }] })).toBe(false);
  });
});
