/**
 * Access Delta for programs: the same pipeline the command line and the GitHub App run.
 * `access-delta/iam` exports the IAM evaluation engine on its own (docs/api.md).
 */
export * from './model/index.js';
export { accessOptions, readState, review, type ReviewInput, type StateInput, type TemplatePair } from './review.js';
export {
  fetchAuthorizationDetails,
  mergeStates,
  overlayState,
  readAuthorizationDetails,
  readCdkOut,
  readCloudFormation,
  readTerraformPlan,
} from './iac/index.js';
export { computeAccess, computeDelta, diffAccess, type AccessOptions, type AccessResult, type DeltaResult } from './access/index.js';
export { loadCatalog } from './iam/catalog.js';
export { DEFAULT_CONFIG, parseConfig, parseConfigYaml, evaluateRules, type Config } from './rules/index.js';
export { renderAccess, renderCheckRun, renderComment, renderJobSummary, renderJson, renderMarkdown, renderSarif } from './report/index.js';
