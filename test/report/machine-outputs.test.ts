import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Review } from '../../src/model/review.js';
import { renderAccess } from '../../src/report/access.js';
import { JOB_SUMMARY_MAX_BYTES, renderJobSummary } from '../../src/report/job-summary.js';
import { renderJson } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { BUCKET, bucketGrant, creditProcessorReview, emptyReview, largeReview, role } from './reviews.js';

// The published SARIF 2.1.0 schema (see test/fixtures/report/README.md).
const sarifSchema = JSON.parse(readFileSync(new URL('../fixtures/report/sarif-2.1.0.json', import.meta.url), 'utf8'));
// ajv has no `uri`/`uri-reference` format checkers without ajv-formats: URIs are checked below.
const validateSarif = new Ajv2020({ strict: false, validateFormats: false }).compile(sarifSchema);

/** A review with everything a SARIF log can carry: waived and unwaived findings, errors, notices. */
function richReview(): Review {
  const review = creditProcessorReview();
  review.findings.push(
    {
      rule: 'public-access',
      severity: 'error',
      message: 'Anyone (`*`) gains read-data on bucket `site`.',
      resource: 'arn:aws:s3:::site',
      principal: '*',
      locations: [{ file: 'web/site #1.tf', line: 4 }],
      waiver: { rule: 'public-access', reason: 'A public website', approver: 'web-team', expires: '2099-01-01' },
    },
    { rule: 'waivers', severity: 'error', message: 'The waiver of `max-principals` expired on 2020-01-01.', locations: [] },
    { rule: 'wildcard-grants', severity: 'notice', message: 'Statement `#1` allows `*`.', locations: [{ file: 'iam.tf' }] },
  );
  review.errors.push({ file: 'broken.tfplan.json', place: 'line 1', message: 'Unexpected end of JSON input' });
  review.notices.push({ level: 'warning', message: 'aws_sqs_queue_policy is not read yet', source: { file: 'q.tf', line: 3 } });
  return review;
}

describe('renderJson', () => {
  it('prints the documented shape with grants in the access shape', () => {
    const output = JSON.parse(renderJson(creditProcessorReview()));
    expect(Object.keys(output)).toEqual(['conclusion', 'inputs', 'delta', 'findings', 'resources', 'unknowns', 'notices', 'errors']);
    expect(output.conclusion).toBe('failure');
    expect(Object.keys(output.delta)).toEqual(['added', 'removed', 'changed']);
    expect(output.delta.added[0]).toEqual({
      principal: 'arn:aws:iam::111111111111:role/analytics',
      principalType: 'IAMRole',
      resource: BUCKET,
      resourceType: 'AWS::S3::Bucket',
      capability: 'read-data',
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'],
      conditional: true,
      conditions: [expect.objectContaining({ key: 'aws:SecureTransport', negated: true })],
      via: [expect.objectContaining({ policy: `${BUCKET}#policy`, statement: 'AllowRestrictedReadData' })],
    });
    expect(output.findings[0]).toMatchObject({ rule: 'max-principals', severity: 'error', resource: BUCKET });
    expect(output.resources[0].after).toHaveLength(12);
  });

  it('prints changed grants with both sides and what changed', () => {
    const before = bucketGrant('ci', 'read-data');
    const after = { ...before, conditional: false, conditions: [], path: [role('gh'), role('ci')] };
    const review: Review = { ...emptyReview('success'), delta: { added: [], removed: [], changed: [{ before, after, changes: ['conditional → unconditional'] }] } };
    const output = JSON.parse(renderJson(review));
    expect(output.delta.changed[0].changes).toEqual(['conditional → unconditional']);
    expect(output.delta.changed[0].after.path).toEqual([role('gh'), role('ci')]);
    expect(output.delta.changed[0].before.path).toBeUndefined();
  });
});

describe('renderAccess', () => {
  const grants = creditProcessorReview().resources[0]!.after;
  const unknowns = [{ address: 'aws_s3_bucket_policy.data', attribute: 'policy', reason: 'known after apply' }];

  it('prints the access --format json shape', () => {
    const output = JSON.parse(renderAccess('after', grants, unknowns, 'json'));
    expect(Object.keys(output)).toEqual(['side', 'grants', 'unknowns']);
    expect(output.side).toBe('after');
    expect(output.grants).toHaveLength(12);
    expect(Object.keys(output.grants[0])).toEqual([
      'principal',
      'principalType',
      'resource',
      'resourceType',
      'capability',
      'actions',
      'conditional',
      'conditions',
      'via',
    ]);
    expect(output.unknowns).toEqual(unknowns);
  });

  it('prints an aligned table for people', () => {
    const table = renderAccess('before', grants, unknowns, 'table').split('\n');
    expect(table[0]).toBe('Access before the change: 12 grants');
    expect(table[2]).toMatch(/^PRINCIPAL +RESOURCE +CAPABILITY +CONDITIONS +GRANTED BY$/);
    expect(table[3]).toMatch(/^role\/admin +credit-applications +administer-resource +aws:SecureTransport +examples\/credit-processor\/main\.tf:100 AllowRestrictedAdministerResource$/);
    const column = table[2]!.indexOf('CAPABILITY');
    expect(table.slice(3, 15).every((row) => row.indexOf(' ', column) > column && /^[a-z]/.test(row.slice(column)))).toBe(true);
    expect(table).toContain('  aws_s3_bucket_policy.data.policy: known after apply');
  });
});

describe('renderSarif', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    for (const review of [richReview(), emptyReview('success'), largeReview(3, 4)]) {
      const log = JSON.parse(renderSarif(review));
      const valid = validateSarif(log);
      expect(validateSarif.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('is checked by a validator that rejects what the schema forbids', () => {
    const log = JSON.parse(renderSarif(richReview()));
    log.runs[0].results[0].level = 'fatal';
    expect(validateSarif(log)).toBe(false);
    const noMessage = JSON.parse(renderSarif(richReview()));
    delete noMessage.runs[0].results[0].message;
    expect(validateSarif(noMessage)).toBe(false);
  });

  it('has one result per finding, at the granting lines, with levels, suppressions and fingerprints', () => {
    const log = JSON.parse(renderSarif(richReview()));
    const [run] = log.runs;
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['max-principals', 'error'],
      ['public-access', 'error'],
      ['waivers', 'error'],
      ['wildcard-grants', 'note'],
    ]);
    const [maxPrincipals, waived, expired, wildcard] = run.results;
    expect(run.tool.driver.rules[maxPrincipals.ruleIndex].id).toBe('max-principals');
    expect(maxPrincipals.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/credit-processor/main.tf' },
      region: { startLine: 52 },
    });
    expect(maxPrincipals.message.text).toContain('(at most 5 allowed). Remove principals');
    expect(waived.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'A public website (approved by web-team, expires 2099-01-01)' }]);
    expect(waived.locations[0].physicalLocation.artifactLocation.uri).toBe('web/site%20%231.tf');
    expect(new URL(waived.locations[0].physicalLocation.artifactLocation.uri, 'file:///repo/').pathname).toBe('/repo/web/site%20%231.tf');
    // Without a source line, a finding points at the reviewed input.
    expect(expired.locations[0].physicalLocation.artifactLocation.uri).toBe('examples/credit-processor/pr.tfplan.json');
    expect(wildcard.locations[0].physicalLocation.region).toBeUndefined();
    expect(maxPrincipals.partialFingerprints['accessDeltaFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(renderSarif(richReview())).runs[0].results[0].partialFingerprints).toEqual(maxPrincipals.partialFingerprints);
  });

  it("keeps a finding's fingerprint when only the wording (e.g. a count) changes, not when what it is about does", () => {
    const review = richReview();
    const first = review.findings[0]!;
    const fingerprintOf = (r: Review) => JSON.parse(renderSarif(r)).runs[0].results[0].partialFingerprints['accessDeltaFinding/v1'];
    const reworded = { ...review, findings: [{ ...first, message: first.message.replace(/\d+/, '7') }, ...review.findings.slice(1)] };
    expect(fingerprintOf(reworded)).toBe(fingerprintOf(review));
    const otherResource = { ...review, findings: [{ ...first, resource: 'arn:aws:s3:::another-bucket' }, ...review.findings.slice(1)] };
    expect(fingerprintOf(otherResource)).not.toBe(fingerprintOf(review));
  });

  it('reports analysis errors and notices as tool notifications', () => {
    const [invocation] = JSON.parse(renderSarif(richReview())).runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications.map((n: { level: string; message: { text: string } }) => [n.level, n.message.text])).toEqual([
      ['error', 'broken.tfplan.json at line 1: Unexpected end of JSON input'],
      ['warning', 'aws_sqs_queue_policy is not read yet (q.tf:3)'],
    ]);
  });
});

describe('renderJobSummary', () => {
  it('is the full review when it fits', () => {
    const summary = renderJobSummary(creditProcessorReview());
    expect(summary.split('\n')[0]).toBe('### ❌ Access Delta: 1 constraint failed · 2 grants added, 0 removed, 0 changed');
    expect(summary).toContain('<details><summary>Complete access after this change');
  });

  it('stays within 1 MiB of UTF-8 on a very large change', () => {
    const summary = renderJobSummary(largeReview(400, 60));
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    expect(summary).toContain('_Shortened to fit the job summary');
  });
});
