/**
 * A policy a principal uses that the inputs do not hold (an AWS managed policy attached by ARN
 * without an account inventory, whose document is not built in): effective access cannot count
 * what it allows, so the review fails on `unknown-access` when the change brings it, end to end
 * from a Terraform plan, and lists it without a finding when it was there before. A built-in
 * one is counted.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { planFile } from '../iac/plan-builder.js';

const A = '111111111111';
const config = parseConfig({ accountId: A }, 'test config');
// Policies AWS publishes after the packaged catalog was gathered.
const MISSING = 'arn:aws:iam::aws:policy/AmazonNotYetPublishedFullAccess';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const role = (tags: Record<string, string>) => ({ name: 'ingest', path: '/', arn: `arn:aws:iam::${A}:role/ingest`, assume_role_policy: trust, managed_policy_arns: [MISSING], tags });

const reviewOf = (before: Record<string, unknown> | undefined) =>
  review({ plans: [planFile('pr.tfplan.json', 'eu-west-1', [{ type: 'aws_iam_role', name: 'ingest', ...(before ? { before } : {}), after: role({ team: 'data' }) }])], templates: [], terraformSources: [], config, today: '2026-01-01' });

describe('a built-in AWS managed policy', () => {
  it('is counted: AmazonS3ReadOnlyAccess reads a bucket, and nothing is left undecided', async () => {
    const reader = { name: 'reporting', path: '/', arn: `arn:aws:iam::${A}:role/reporting`, assume_role_policy: trust, tags: {},
      managed_policy_arns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] };
    const plan = planFile('pr.tfplan.json', 'eu-west-1', [
      { type: 'aws_s3_bucket', name: 'reports', before: { bucket: 'reports', arn: 'arn:aws:s3:::reports', tags: {} }, after: { bucket: 'reports', arn: 'arn:aws:s3:::reports', tags: {} } },
      { type: 'aws_iam_role', name: 'reporting', after: reader },
    ]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(result.unknowns).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'unknown-access')).toEqual([]);
    expect(result.delta.added).toContainEqual(expect.objectContaining({ principal: reader.arn, resource: 'arn:aws:s3:::reports', capability: 'read-data', conditional: false }));
    expect(result.delta.added.filter((g) => g.principal === reader.arn && ['write-data', 'delete-data'].includes(g.capability))).toEqual([]);
  });
});

describe('a managed policy the inputs do not hold', () => {
  it('fails the review when the change attaches it', async () => {
    const result = await reviewOf(undefined);
    expect(result.errors).toEqual([]);
    expect(result.conclusion).toBe('failure');
    expect(result.findings.filter((f) => f.rule === 'unknown-access')).toEqual([
      expect.objectContaining({
        severity: 'error',
        principal: `arn:aws:iam::${A}:role/ingest`,
        message: `\`aws_iam_role.ingest.managed_policy_arns\` leaves access of \`arn:aws:iam::${A}:role/ingest\` undecided: not in the inputs (managed policy ${MISSING}), so the access it gives is not counted.`,
      }),
    ]);
  });

  it('as a permissions boundary, limits nothing: the role\'s own grants are counted, and the review fails', async () => {
    const bounded = { name: 'bounded', path: '/', arn: `arn:aws:iam::${A}:role/bounded`, assume_role_policy: trust, tags: {}, permissions_boundary: `arn:aws:iam::${A}:policy/team-boundary` };
    const plan = planFile('pr.tfplan.json', 'eu-west-1', [
      { type: 'aws_s3_bucket', name: 'reports', before: { bucket: 'reports', arn: 'arn:aws:s3:::reports', tags: {} }, after: { bucket: 'reports', arn: 'arn:aws:s3:::reports', tags: {} } },
      { type: 'aws_iam_role', name: 'bounded', after: bounded },
      { type: 'aws_iam_role_policy', name: 'bounded', after: { name: 'read', role: 'bounded', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }) } },
    ]);
    const result = await review({ plans: [plan], templates: [], terraformSources: [], config, today: '2026-01-01' });
    expect(result.delta.added).toContainEqual(expect.objectContaining({ principal: bounded.arn, resource: 'arn:aws:s3:::reports', capability: 'read-data' }));
    expect(result.findings.filter((f) => f.rule === 'unknown-access').map((f) => f.message)).toEqual([
      `\`aws_iam_role.bounded.permissions_boundary\` leaves access of \`${bounded.arn}\` undecided: not in the inputs (permissions boundary arn:aws:iam::${A}:policy/team-boundary), so the limits it sets are not applied.`,
    ]);
  });

  it('fails again when the change attaches a second one to a role that had one', async () => {
    const second = 'arn:aws:iam::aws:policy/AmazonNotYetPublishedReadOnlyAccess';
    const result = await review({
      plans: [planFile('pr.tfplan.json', 'eu-west-1', [{ type: 'aws_iam_role', name: 'ingest', before: role({ team: 'data' }), after: { ...role({ team: 'data' }), managed_policy_arns: [MISSING, second] } }])],
      templates: [],
      terraformSources: [],
      config,
      today: '2026-01-01',
    });
    expect(result.findings.filter((f) => f.rule === 'unknown-access').map((f) => f.message)).toEqual([expect.stringContaining(`(managed policy ${second})`)]);
  });

  it('is listed, not judged again, when the role had it before the change', async () => {
    const result = await reviewOf(role({ team: 'ingest' }));
    expect(result.findings.filter((f) => f.rule === 'unknown-access')).toEqual([]);
    expect(result.unknowns).toContainEqual(expect.objectContaining({ attribute: 'managed_policy_arns', subject: `arn:aws:iam::${A}:role/ingest` }));
  });
});
