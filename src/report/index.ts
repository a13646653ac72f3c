export { COMMENT_MAX_LENGTH, renderComment, renderMarkdown, type CommentOptions } from './comment.js';
export {
  CHECK_RUN_OUTPUT_MAX_LENGTH,
  MAX_ANNOTATIONS,
  renderCheckRun,
  type CheckAnnotation,
  type CheckRunOutput,
} from './check-run.js';
export { changesNoAccess } from './sections.js';
