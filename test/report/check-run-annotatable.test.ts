/**
 * Annotations only on the paths GitHub can annotate (issue: they were capped first and filtered
 * afterwards, so fewer were sent than allowed and the note's count was wrong).
 */
import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS, renderCheckRun } from '../../src/report/check-run.js';
import { largeReview } from './reviews.js';

/** `infra/buckets/bucket-<r>.tf` for r below `first` is outside the head commit. */
function fromBucket(first: number): (path: string) => boolean {
  return (path) => Number(/bucket-(\d+)\.tf$/.exec(path)?.[1]) >= first;
}

describe('renderCheckRun with annotatable paths', () => {
  it('drops the other paths before the cap: 1,200 lines of which 800 annotatable are all sent, without a note', () => {
    // 30 buckets × 40 lines; buckets 0-9 (400 lines) are not annotatable.
    const output = renderCheckRun(largeReview(30, 40), { annotatable: fromBucket(10) });
    expect(output.annotations).toHaveLength(800);
    expect(output.annotations.every((a) => fromBucket(10)(a.path))).toBe(true);
    expect(output.summary).not.toContain('are annotated');
  });

  it('caps what remains and counts only the annotatable lines in the note', () => {
    // 40 buckets × 40 lines; buckets 0-9 (400 lines) are not annotatable: 1,200 remain.
    const output = renderCheckRun(largeReview(40, 40), { annotatable: fromBucket(10) });
    expect(output.annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(output.annotations.every((a) => fromBucket(10)(a.path))).toBe(true);
    expect(output.summary).toContain(`_1200 source lines grant the findings' access; the first ${MAX_ANNOTATIONS} are annotated._`);
  });

  it('annotates every path when no filter is given', () => {
    expect(renderCheckRun(largeReview(20, 40)).annotations).toHaveLength(800);
  });
});
