/**
 * Renderings of a Review for the places it goes to. All are pure functions of their input.
 */
export { renderAccess, type AccessFormat } from './access.js';
export {
  CHECK_RUN_OUTPUT_MAX_LENGTH,
  MAX_ANNOTATIONS,
  renderCheckRun,
  type CheckAnnotation,
  type CheckRunOutput,
} from './check-run.js';
export { COMMENT_MAX_LENGTH, renderComment, renderMarkdown, type CommentOptions } from './comment.js';
export { JOB_SUMMARY_MAX_BYTES, renderJobSummary } from './job-summary.js';
export { grantJson, renderAccessJson, renderJson } from './json.js';
export { renderSarif } from './sarif.js';
export { changesNoAccess } from './sections.js';
