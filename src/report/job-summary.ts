/**
 * The Markdown job summary of a GitHub Actions step (`$GITHUB_STEP_SUMMARY`): the review as in
 * the PR comment, within GitHub's 1 MiB limit per step summary (counted in UTF-8 bytes).
 */
import type { Review } from '../model/review.js';
import { reviewSections } from './comment.js';
import { fitSections } from './fit.js';
import { viewOf } from './sections.js';

export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

export function renderJobSummary(review: Review): string {
  const sections = reviewSections(viewOf(review));
  const note = '_Shortened to fit the job summary: the complete review is in the JSON output (`access-delta review --format json`)._';
  let budget = JOB_SUMMARY_MAX_BYTES;
  for (;;) {
    const text = fitSections(sections, budget, note);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes <= JOB_SUMMARY_MAX_BYTES) return text;
    // Characters outside ASCII take several bytes: shrink the character budget in proportion.
    budget = Math.floor((budget * JOB_SUMMARY_MAX_BYTES) / bytes) - 1;
  }
}
