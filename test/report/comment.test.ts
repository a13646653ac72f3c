import { describe, expect, it } from 'vitest';
import type { Review } from '../../src/model/review.js';
import { COMMENT_MAX_LENGTH, renderComment, renderMarkdown } from '../../src/report/comment.js';
import { changesNoAccess } from '../../src/report/sections.js';
import { BUCKET, bucketGrant, creditProcessorReview, emptyReview, largeReview, role } from './reviews.js';

const SHORTENED = "_Shortened to fit GitHub's comment limit";

describe('renderComment: the credit-processor example', () => {
  const comment = renderComment(creditProcessorReview());

  it('matches the committed rendering', async () => {
    await expect(comment).toMatchFileSnapshot('__snapshots__/credit-processor.comment.md');
  });

  it('opens with a failing headline that counts constraints and grants', () => {
    expect(comment.split('\n')[0]).toBe('### ❌ Access Delta: 1 constraint failed · 2 grants added, 0 removed, 0 changed');
  });

  it('lists the failing constraint with what to do and where, before the tables', () => {
    const failing = comment.indexOf('#### Failing constraints');
    const tables = comment.indexOf('#### Access that changes');
    expect(failing).toBeGreaterThan(0);
    expect(tables).toBeGreaterThan(failing);
    const section = comment.slice(failing, tables);
    expect(section).toContain('**`max-principals`** 6 principals hold data capabilities');
    expect(section).toContain('**What to do:** Remove principals');
    expect(section).toContain('**Granted at:** `examples/credit-processor/main.tf:52`');
  });

  it('shows the resource with its classification and one row per changed grant', () => {
    expect(comment).toContain('##### `credit-applications` (AWS::S3::Bucket) · **Confidential**');
    expect(comment).toContain('| Capability | Principal | Change | Granted by |');
    const rows = comment.split('\n').filter((line) => line.startsWith('| `read-data` | `role/') && line.includes('➕ added'));
    expect(rows.map((row) => row.split(' | ')[1])).toEqual(['`role/analytics`', '`role/fraud-model`']);
    expect(rows[0]).toContain('| `examples/credit-processor/main.tf:52` `AllowRestrictedReadData` in credit-applications bucket policy |');
    expect(rows[0]).toContain('(conditional on `aws:SecureTransport`)');
  });

  it('draws the changed access as a Mermaid diagram', () => {
    const diagram = comment.slice(comment.indexOf('```mermaid'), comment.indexOf('```', comment.indexOf('```mermaid') + 3));
    expect(diagram).toContain('flowchart LR');
    expect(diagram).toMatch(/p0\["role\/analytics"\]/);
    expect(diagram).toMatch(/p0 -->\|"\+ read-data"\| r0/);
    expect(diagram).toMatch(/p1 -->\|"\+ read-data"\| r0/);
    expect(diagram).toContain('r0[("credit-applications")]');
  });

  it('has the complete after-state in a collapsible section and says how to waive', () => {
    const details = comment.slice(comment.indexOf('<details><summary>Complete access'));
    expect(details).toContain('`role/cust-service`');
    expect(details).toContain('`denied if Bool aws:SecureTransport false`');
    expect(comment).toContain('<details><summary>How to waive a finding</summary>');
    expect(comment).toContain(`    resource: "${BUCKET}"`);
  });
});

describe('renderComment: other outcomes', () => {
  it('says in one line that nothing changed', () => {
    const review = emptyReview('success');
    expect(changesNoAccess(review)).toBe(true);
    expect(renderComment(review)).toBe('### ✅ Access Delta: no access changes (1 file analysed)');
  });

  it('never folds a warning (something not analysed) into "no access changes"', () => {
    const review: Review = {
      ...emptyReview('success'),
      notices: [{ level: 'warning', message: 'AWS::Serverless::Function FetchReports: its access is not analysed', source: { file: 'template.yaml', line: 12 } }],
    };
    expect(changesNoAccess(review)).toBe(false);
    const comment = renderComment(review);
    expect(comment).not.toContain('no access changes');
    expect(comment).toContain('its access is not analysed');
    expect(changesNoAccess({ ...review, notices: [{ level: 'notice', message: 'an informational note' }] })).toBe(true);
  });

  it('cannot be made to mention people or teams by text from the inputs', () => {
    const review: Review = { ...emptyReview('success'), notices: [{ level: 'warning', message: 'Transform @acme/security-team is not expanded' }] };
    const comment = renderComment(review);
    expect(comment).toContain('Transform \\@acme/security-team');
    expect(comment).not.toMatch(/(^|[^\\])@acme/);
  });

  it('says in one line that no IaC was touched', () => {
    expect(renderComment({ ...emptyReview('neutral'), inputs: [] })).toBe(
      '### ➖ Access Delta: this change touches no infrastructure-as-code that Access Delta reads',
    );
  });

  it('fails closed on analysis errors and names the file and place', () => {
    const review: Review = {
      ...emptyReview('failure'),
      errors: [{ file: 'infra/prod.tfplan.json', place: 'line 3, column 1', message: 'Unexpected token } in JSON' }],
    };
    expect(changesNoAccess(review)).toBe(false);
    const comment = renderComment(review);
    expect(comment).toContain('### ❌ Access Delta: the analysis failed (1 error), so the check fails closed');
    expect(comment).toContain('- `infra/prod.tfplan.json` at `line 3, column 1`: Unexpected token } in JSON');
  });

  it('passes with warnings and marks waived findings', () => {
    const review: Review = {
      ...emptyReview('success'),
      delta: { added: [bucketGrant('analytics', 'read-data')], removed: [bucketGrant('ci', 'write-data')], changed: [] },
      findings: [
        { rule: 'wildcard-grants', severity: 'warning', message: 'Statement `#1` allows `s3:*` on `*`.', locations: [] },
        {
          rule: 'max-principals',
          severity: 'error',
          message: 'Too many principals.',
          locations: [],
          waiver: { rule: 'max-principals', reason: 'Onboarding, SEC-1', approver: 'security-team', expires: '2099-01-31' },
        },
      ],
    };
    const comment = renderComment(review);
    expect(comment.split('\n')[0]).toBe('### ✅ Access Delta: all constraints hold · 1 grant added, 1 removed, 0 changed, 1 warning');
    expect(comment).not.toContain('#### Failing constraints');
    expect(comment).not.toContain('How to waive');
    expect(comment).toContain('- 🟡 **`max-principals`** Too many principals.<br>\n  Waived until 2099-01-31 by security-team: Onboarding, SEC-1');
    expect(comment).toContain('| `write-data` | `role/ci` | ➖ removed |');
    expect(comment).toMatch(/-\.->\|"− write-data"\|/);
  });

  it('shows changed grants, role chains, unknowns, notices and fallback capabilities', () => {
    const before = bucketGrant('deployer', 'read-data');
    const after = bucketGrant('deployer', 'read-data', {
      conditional: false,
      conditions: [],
      path: [role('ci'), role('deployer')],
      fallback: true,
    });
    const review: Review = {
      ...emptyReview('failure'),
      delta: { added: [], removed: [], changed: [{ before, after, changes: ['conditional → unconditional'] }] },
      unknowns: [{ address: 'aws_s3_bucket_policy.data', attribute: 'policy', reason: 'known after apply', subject: BUCKET }],
      notices: [{ level: 'warning', message: 'aws_sqs_queue_policy is not read yet', source: { file: 'main.tf', line: 9 } }],
    };
    const comment = renderComment(review);
    expect(comment).toContain(
      '| `read-data` (from the access level) | `role/deployer` | ✏️ changed: conditional → unconditional | `examples/credit-processor/main.tf:52` `AllowRestrictedReadData` in credit-applications bucket policy<br>through `role/ci` → `role/deployer` |',
    );
    expect(comment).toContain('- `aws_s3_bucket_policy.data.policy`, for `arn:aws:s3:::credit-applications`: known after apply');
    expect(comment).toContain('- ⚠️ aws\\_sqs\\_queue\\_policy is not read yet (`main.tf:9`)');
    expect(comment).toMatch(/==>\|"~ read-data"\|/);
  });

  it('labels principals with their account when several accounts appear', () => {
    const review: Review = {
      ...emptyReview('success'),
      delta: {
        added: [
          bucketGrant('analytics', 'read-data'),
          { ...bucketGrant('partner', 'read-data'), principal: role('partner', '222222222222') },
          { ...bucketGrant('x', 'read-data'), principal: 'arn:aws:iam::333333333333:root', principalType: 'Account' },
          { ...bucketGrant('x', 'read-data'), principal: '*', principalType: 'Public' },
        ],
        removed: [],
        changed: [],
      },
    };
    const comment = renderComment(review);
    expect(comment).toContain('| `111111111111:role/analytics` |');
    expect(comment).toContain('| `222222222222:role/partner` |');
    expect(comment).toContain('| `account 333333333333 (any principal it allows)` |');
    expect(comment).toContain('| `anyone (*)` |');
  });

  it('escapes what Markdown, HTML and Mermaid would interpret', () => {
    const hostile = bucketGrant('analytics', 'read-data', {
      via: [{ policy: 'p', policyName: 'a|b <script>', statement: 'S`1', source: { file: 'dir/<x>|y.tf' } }],
    });
    const review: Review = {
      ...emptyReview('success'),
      delta: { added: [hostile], removed: [], changed: [] },
      resources: [{ arn: BUCKET, type: 'AWS::S3::Bucket', name: 'na"me<b>', after: [hostile] }],
    };
    const comment = renderComment(review);
    const row = comment.split('\n').find((line) => line.startsWith('| `read-data` | `role/analytics` | ➕ added'))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
    expect(row).toContain('`dir/<x>\\|y.tf` `` S`1 `` in a\\|b &lt;script&gt;');
    expect(comment).toContain('r0[("na#quot;me#lt;b#gt;")]');
    expect(comment.replace(/``.*?``|`[^`]*`/g, '')).not.toMatch(/<script>|<b>|<x>/);
  });
});

describe('renderComment: GitHub limit', () => {
  const large = largeReview(300, 40);

  it('stays within 65,536 characters on a large PR and says where the rest is', async () => {
    const full = renderMarkdown(large);
    expect(full.length).toBeGreaterThan(COMMENT_MAX_LENGTH * 10);
    const comment = renderComment(large);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(comment.startsWith('### ❌ Access Delta: 300 constraints failed · 12000 grants added')).toBe(true);
    expect(comment).toContain('#### Failing constraints');
    // No part takes all the room: the change tables keep their share, and the rest is counted.
    expect(comment).toContain('#### Access that changes');
    expect(comment).toMatch(/_… and \d+ more resources: see the check run's details/);
    expect(comment.endsWith("the check run's details and the JSON output (`access-delta review --format json`)._")).toBe(true);
    await expect(comment).toMatchFileSnapshot('../../docs/examples/large-synthetic-pr.comment.md');
  });

  it('respects any budget the front end passes', () => {
    for (const maxLength of [300, 1_000, 5_000, 20_000, 65_000]) {
      const comment = renderComment(large, { maxLength });
      expect(comment.length).toBeLessThanOrEqual(maxLength);
      expect(comment).toContain('Access Delta: 300 constraints failed');
    }
  });

  it('drops the least important parts first', () => {
    const review = creditProcessorReview();
    const full = renderComment(review);
    expect(full).not.toContain(SHORTENED);
    const afterState = full.slice(full.indexOf('<details><summary>Complete access'), full.indexOf('</details>') + '</details>'.length);
    const shortened = renderComment(review, { maxLength: full.length - afterState.length + 200 });
    expect(shortened).not.toContain('Complete access after this change');
    expect(shortened).toContain('```mermaid');
    expect(shortened).toContain('#### Access that changes');
    expect(shortened).toContain(SHORTENED);

    const tight = renderComment(review, { maxLength: 1_200 });
    expect(tight).not.toContain('```mermaid');
    expect(tight).toContain('#### Failing constraints');
  });

  it('cuts long tables row by row and counts what it left out', () => {
    const comment = renderComment(largeReview(1, 2_000));
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(comment).toMatch(/\| … \d+ more changes \| {2}\| {2}\| see the check run's details/);
  });
});
