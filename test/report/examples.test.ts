/**
 * The examples end to end: plan → review → renderings. The rendered comments are committed under
 * docs/examples/ (they are this test's snapshots), so a reader sees what a PR looks like.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../../src/model/input.js';
import { blockingFindings } from '../../src/model/review.js';
import { CHECK_RUN_OUTPUT_MAX_LENGTH, COMMENT_MAX_LENGTH, renderCheckRun, renderComment } from '../../src/report/index.js';
import { review } from '../../src/review.js';
import { parseConfigYaml } from '../../src/rules/config.js';

const EXAMPLE = 'examples/credit-processor';
const file = (name: string): InputFile => ({ path: `${EXAMPLE}/${name}`, content: readFileSync(new URL(`../../${EXAMPLE}/${name}`, import.meta.url)) });
const config = parseConfigYaml(readFileSync(new URL(`../../${EXAMPLE}/access-delta.yml`, import.meta.url), 'utf8'), `${EXAMPLE}/access-delta.yml`);

async function reviewOf(plan: string) {
  return review({ plans: [file(plan)], templates: [], terraformSources: [file('main.tf')], config, today: '2026-11-28' });
}

describe('examples/credit-processor', () => {
  it('fails the PR that gives analytics and fraud-model read-data: six principals on a Confidential bucket', async () => {
    const result = await reviewOf('pr.tfplan.json');
    expect(result.errors).toEqual([]);
    expect(result.conclusion).toBe('failure');
    const [blocking, ...others] = blockingFindings(result.findings);
    expect(others).toEqual([]);
    expect(blocking).toMatchObject({ rule: 'max-principals', resource: 'arn:aws:s3:::credit-applications' });
    expect(blocking!.message).toMatch(/^6 principals hold .* on the Confidential bucket `credit-applications` \(at most 5 allowed; 4 before this change\)/);

    const comment = renderComment(result);
    expect(comment.split('\n')[0]).toMatch(/^### ❌ Access Delta: 1 constraint failed · 2 grants added, 0 removed, 0 changed/);
    expect(comment).toContain('| `read-data` | `role/analytics` | ➕ added');
    expect(comment).toContain('| `read-data` | `role/fraud-model` | ➕ added');
    expect(comment).not.toContain('batch-etl` | ➕');
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    await expect(comment).toMatchFileSnapshot('../../docs/examples/credit-processor.pr.comment.md');

    const checkRun = renderCheckRun(result);
    expect(checkRun.title).toMatch(/^1 constraint failed/);
    expect(checkRun.summary.length).toBeLessThanOrEqual(CHECK_RUN_OUTPUT_MAX_LENGTH);
    expect(checkRun.text.length).toBeLessThanOrEqual(CHECK_RUN_OUTPUT_MAX_LENGTH);
    expect(checkRun.annotations.filter((a) => a.annotation_level === 'failure').map((a) => a.path)).toContain(`${EXAMPLE}/main.tf`);
  });

  it('passes the variant that adds only analytics: five principals', async () => {
    const result = await reviewOf('within-limit.tfplan.json');
    expect(result.errors).toEqual([]);
    expect(blockingFindings(result.findings)).toEqual([]);
    expect(result.conclusion).toBe('success');
    const comment = renderComment(result);
    expect(comment.split('\n')[0]).toMatch(/^### ✅ Access Delta: all constraints hold · 1 grant added/);
    await expect(comment).toMatchFileSnapshot('../../docs/examples/credit-processor.within-limit.comment.md');
  });
});
