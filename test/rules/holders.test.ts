/**
 * Whom `max-principals` counts, end to end from a Terraform plan: the principals that hold the
 * access by a route of their own, whether or not a role chain also reaches it, on the resources
 * whose grants the change alters and on those whose tags alone change.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { planFile, type PlannedResource } from '../iac/plan-builder.js';

const A = '111111111111';
const REGION = 'eu-west-1';
const BUCKET = 'arn:aws:s3:::ledger-exports';
const document = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const read = (extra: object = {}) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*`, ...extra });

/** A resource that exists on both sides, with the same values unless `after` says otherwise. */
const kept = (type: string, name: string, values: Record<string, unknown>, after: Record<string, unknown> = {}): PlannedResource => ({ type, name, before: values, after: { ...values, ...after } });
const bucket = (tags: Record<string, string>, afterTags = tags): PlannedResource => kept('aws_s3_bucket', 'exports', { bucket: 'ledger-exports', arn: BUCKET, tags }, { tags: afterTags });
const roleTrusting = (name: string, trusted: string): PlannedResource[] => [
  kept('aws_iam_role', name, { name, path: '/', arn: `arn:aws:iam::${A}:role/${name}`, tags: {}, assume_role_policy: document([{ Effect: 'Allow', Principal: { AWS: trusted }, Action: 'sts:AssumeRole' }]) }),
  kept('aws_iam_role_policy', name, { name: `${name}-read`, role: name, policy: document([read()]) }),
];
const readers = (count: number): PlannedResource[] => Array.from({ length: count }, (_, i) => roleTrusting(`reader-${i}`, `arn:aws:iam::${A}:root`)).flat();

async function reviewed(resources: PlannedResource[], config: Record<string, unknown> = {}) {
  const result = await review({ plans: [planFile('pr.tfplan.json', REGION, resources)], templates: [], terraformSources: [], config: parseConfig({ accountId: A, ...config }, 'test config'), today: '2026-01-01' });
  expect(result.errors).toEqual([]);
  return result.findings.filter((f) => f.rule === 'max-principals');
}

describe('the holders max-principals counts', () => {
  it('are counted on a Confidential resource whose tags alone change, and not on one that no limit classifies', async () => {
    const confidential = await reviewed([bucket({ Confidentiality: 'Confidential' }, { Confidentiality: 'Confidential', CostCenter: 'cc-4711' }), ...readers(6)]);
    expect(confidential.map((f) => f.message)).toEqual([expect.stringMatching(/^6 principals hold read-data, write-data or delete-data on the Confidential bucket `ledger-exports` \(at most 5 allowed; 6 before this change\): `role\/reader-0`/)]);
    const internal = await reviewed([bucket({ Confidentiality: 'Internal' }, { Confidentiality: 'Internal', CostCenter: 'cc-4711' }), ...readers(6)]);
    expect(internal).toEqual([]);
  });

  describe('include a principal whose own access is conditional when a role it can assume holds the access unconditionally', () => {
    const limit = { rules: { 'max-principals': { limits: [{ classification: ['Confidential'], capabilities: ['read-data'], max: 1 }] } } };
    const alice = `arn:aws:iam::${A}:user/alice`;
    const aliceAndAuditor = [
      ...roleTrusting('auditor', alice),
      kept('aws_iam_user', 'alice', { name: 'alice', path: '/', arn: alice, tags: {} }),
      kept('aws_iam_user_policy', 'alice', {
        name: 'alice',
        user: 'alice',
        policy: document([read({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }), { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/auditor` }]),
      }),
    ];
    // Alice's grant shows the unconditional chain through the auditor role, yet she reads the bucket herself.
    const message = (before: number) =>
      `2 principals hold read-data on the Confidential bucket \`ledger-exports\` (at most 1 allowed; ${before} before this change): \`role/auditor\`, \`user/alice\`.`;

    it('where the change gives them that access', async () => {
      const created = aliceAndAuditor.map(({ before: _, ...resource }) => resource);
      const findings = await reviewed([bucket({ Confidentiality: 'Confidential' }), ...created], limit);
      expect(findings.map((f) => f.message)).toEqual([message(0)]);
    });

    it('where the change classifies the resource they hold it on', async () => {
      const findings = await reviewed([bucket({ Confidentiality: 'Internal' }, { Confidentiality: 'Confidential' }), ...aliceAndAuditor], limit);
      expect(findings.map((f) => f.message)).toEqual([message(2)]);
    });
  });
});
