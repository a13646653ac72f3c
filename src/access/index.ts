/** Effective access: the matrix of an Inventory, role chains, and the delta between states. */
export { computeAccess, type AccessResult } from './access.js';
export { diffAccess } from './delta.js';
export { computeDelta, type DeltaResult } from './incremental.js';
export type { AccessOptions } from './side.js';
export type { StrayPrincipal } from './strays.js';
