/**
 * Completes an Inventory with the built-in documents of well-known AWS managed policies that
 * its principals, groups or boundaries attach but no input holds (a plan names them by ARN only).
 */
import { knownAwsManagedPolicy } from '../iam/aws-managed-policies.js';
import type { Inventory } from '../model/inventory.js';

export function withKnownAwsManagedPolicies(inventory: Inventory): Inventory {
  const held = new Set(inventory.managedPolicies.map((policy) => policy.arn));
  const attached = new Set<string>();
  for (const principal of inventory.principals) {
    for (const arn of principal.managedPolicyArns) attached.add(arn);
    if (principal.permissionsBoundaryArn) attached.add(principal.permissionsBoundaryArn);
  }
  for (const group of inventory.groups) for (const arn of group.managedPolicyArns) attached.add(arn);
  const added = [...attached].filter((arn) => !held.has(arn)).flatMap((arn) => knownAwsManagedPolicy(arn) ?? []);
  return added.length === 0 ? inventory : { ...inventory, managedPolicies: [...inventory.managedPolicies, ...added] };
}
