/** Readers: IaC and account inventories → Inventory (DESIGN.md §2, src/iac). */
export { readTerraformPlan, type TerraformPlanOptions } from './terraform/plan.js';
export { installedModules, isTerraformSource, MODULES_MANIFEST } from './terraform/sources.js';
export { readCdkOut, readCloudFormation, type CloudFormationOptions } from './cloudformation/read.js';
export { readAuthorizationDetails } from './authorization/details.js';
export { defaultIamClient, fetchAuthorizationDetails, type FetchOptions } from './authorization/live.js';
export { mergeInventories, mergeStates, overlayState } from './merge.js';
export { detectInputKind, readInputFile, type Detected, type InputKind } from './detect.js';
export { readTemplateParameters } from './cloudformation/parameters.js';
export { withKnownAwsManagedPolicies } from './aws-managed.js';
