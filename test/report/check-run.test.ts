import { describe, expect, it } from 'vitest';
import type { Review } from '../../src/model/review.js';
import { CHECK_RUN_OUTPUT_MAX_LENGTH, MAX_ANNOTATIONS, renderCheckRun } from '../../src/report/check-run.js';
import { creditProcessorReview, emptyReview, largeReview } from './reviews.js';

describe('renderCheckRun', () => {
  it('puts the verdict in the title, findings in the summary and the detail in the text', () => {
    const output = renderCheckRun(creditProcessorReview());
    expect(output.title).toBe('1 constraint failed · 2 grants added, 0 removed, 0 changed');
    expect(output.summary.split('\n')[0]).toBe('### ❌ Access Delta: 1 constraint failed · 2 grants added, 0 removed, 0 changed');
    expect(output.summary).toContain('**`max-principals`** 6 principals hold data capabilities');
    expect(output.summary).not.toContain('| Capability |');
    expect(output.text).toContain('### Access that changes');
    expect(output.text).toContain('| `read-data` | `role/fraud-model` | ➕ added');
    expect(output.text).toContain('### Complete access after this change');
  });

  it('annotates the exact lines that grant each finding, at the finding\'s level', () => {
    const review = creditProcessorReview();
    review.findings.push(
      {
        rule: 'wildcard-grants',
        severity: 'warning',
        message: 'Statement `AllowAll` allows `*` on `*`.',
        locations: [{ file: 'iam.tf', line: 7 }],
      },
      {
        rule: 'public-access',
        severity: 'error',
        message: 'Anyone can read `public-site`.',
        locations: [{ file: 'site.tf', address: 'aws_s3_bucket_policy.site' }],
        waiver: { rule: 'public-access', reason: 'A public website', approver: 'web-team', expires: '2099-01-01' },
      },
    );
    const { annotations } = renderCheckRun(review);
    expect(annotations).toEqual([
      {
        path: 'examples/credit-processor/main.tf',
        start_line: 52,
        end_line: 52,
        annotation_level: 'failure',
        title: 'max-principals',
        message:
          '6 principals hold data capabilities on the Confidential resource `credit-applications` (at most 5 allowed).\nWhat to do: Remove principals that do not need the data, or grant them through one shared role.',
      },
      {
        path: 'iam.tf',
        start_line: 7,
        end_line: 7,
        annotation_level: 'warning',
        title: 'wildcard-grants',
        message: 'Statement `AllowAll` allows `*` on `*`.',
      },
      {
        path: 'site.tf',
        start_line: 1,
        end_line: 1,
        annotation_level: 'notice',
        title: 'public-access (waived)',
        message:
          'Anyone can read `public-site`. (line unknown: site.tf (aws_s3_bucket_policy.site))\nWaived until 2099-01-01 by web-team: A public website',
      },
    ]);
  });

  it('stays within GitHub\'s limits on a large PR', () => {
    const output = renderCheckRun(largeReview(300, 40));
    expect(output.summary.length).toBeLessThanOrEqual(CHECK_RUN_OUTPUT_MAX_LENGTH);
    expect(output.text.length).toBeLessThanOrEqual(CHECK_RUN_OUTPUT_MAX_LENGTH);
    expect(output.summary).toContain('Shortened to fit the check run');
    expect(output.annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(output.summary).toContain(`_12000 source lines grant the findings' access; the first ${MAX_ANNOTATIONS} are annotated._`);
    expect(output.annotations.every((a) => a.annotation_level === 'failure' && a.start_line >= 10)).toBe(true);
  });

  it('puts reader notices in the summary, where a reviewer reads first, and not twice', () => {
    const review = creditProcessorReview();
    review.notices.push({ level: 'warning', message: 'the template uses Transform "AWS::Serverless-2016-10-31", which is not expanded', source: { file: 'sam.yaml' } });
    const output = renderCheckRun(review);
    expect(output.summary).toContain('- ⚠️ the template uses Transform "AWS::Serverless-2016-10-31", which is not expanded (`sam.yaml`)');
    expect(output.text).not.toContain('Transform');
  });

  it('titles the other outcomes', () => {
    expect(renderCheckRun(emptyReview('success'))).toEqual({
      title: 'No access changes (1 file analysed)',
      summary: '### ✅ Access Delta: no access changes (1 file analysed)',
      text: '',
      annotations: [],
    });
    expect(renderCheckRun({ ...emptyReview('neutral'), inputs: [] }).title).toBe(
      'This change touches no infrastructure-as-code that Access Delta reads',
    );
    const failed: Review = { ...emptyReview('failure'), errors: [{ file: 'a.tfplan.json', message: 'not JSON' }] };
    const output = renderCheckRun(failed);
    expect(output.title).toBe('The analysis failed (1 error), so the check fails closed');
    expect(output.summary).toContain('- `a.tfplan.json`: not JSON');
  });
});
