/**
 * A policy a principal uses that the inputs do not hold (an AWS managed policy attached by ARN
 * without an account inventory, whose document is not built in): effective access cannot count
 * what it allows, so the review fails on `unknown-access` when the change brings it, end to end
 * from a Terraform plan, and lists it without a finding when it was there before.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { planFile } from '../iac/plan-builder.js';

const A = '111111111111';
const config = parseConfig({ accountId: A }, 'test config');
const MISSING = 'arn:aws:iam::aws:policy/AmazonKinesisFullAccess';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const role = (tags: Record<string, string>) => ({ name: 'ingest', path: '/', arn: `arn:aws:iam::${A}:role/ingest`, assume_role_policy: trust, managed_policy_arns: [MISSING], tags });

const reviewOf = (before: Record<string, unknown> | undefined) =>
  review({ plans: [planFile('pr.tfplan.json', 'eu-west-1', [{ type: 'aws_iam_role', name: 'ingest', ...(before ? { before } : {}), after: role({ team: 'data' }) }])], templates: [], terraformSources: [], config, today: '2026-01-01' });

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

  it('is listed, not judged again, when the role had it before the change', async () => {
    const result = await reviewOf(role({ team: 'ingest' }));
    expect(result.findings.filter((f) => f.rule === 'unknown-access')).toEqual([]);
    expect(result.unknowns).toContainEqual(expect.objectContaining({ attribute: 'managed_policy_arns', subject: `arn:aws:iam::${A}:role/ingest` }));
  });
});
