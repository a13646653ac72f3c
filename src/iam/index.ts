/**
 * `access-delta/iam`: the IAM evaluation engine. See docs/api.md.
 */
export { compilePolicy, CompiledPolicy, CompiledStatement } from './policy.js';
export type { CompileOptions, NamedPrincipals, ResourceEntry } from './policy.js';
export { evaluate } from './evaluate.js';
export { simulate, simulateLines } from './simulate.js';
export type { SimulationResult } from './simulate.js';
export { PolicyValidationError } from './errors.js';
export type { PolicyPlace } from './errors.js';
export { parsePrincipal, splitArn } from './arn.js';
export type { ArnParts, PrincipalKind, RequestPrincipal } from './arn.js';
export { ArnPattern } from './resource-pattern.js';
export { Glob } from './wildcard.js';
export type * from './types.js';
