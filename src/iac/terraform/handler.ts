import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';

/**
 * Reads one resource type. Handlers run in phases so that everything a later phase looks up
 * exists: `declare` creates principals, groups, policies and resources; `attach` sets policies,
 * memberships and instance profiles; `extend` adds statements to policies set by then
 * (`aws_lambda_permission`, `aws_kms_grant`); `use` links workloads to roles.
 */
export interface Handler {
  phase: 'declare' | 'attach' | 'extend' | 'use';
  read: (side: PlanSide, inst: TfInstance) => void;
}

export const PHASES: ReadonlyArray<Handler['phase']> = ['declare', 'attach', 'extend', 'use'];
