/**
 * Principals that policies name in an account the inputs hold in full, but that the inputs do
 * not hold: the inventory is older than the policy, or the principal was deleted. Their own
 * policies are unknown, so effective access gives them only what the policies naming them
 * grant (as to a principal outside the inventory), not what resources that leave access to
 * IAM, or roles that trust their whole account, would give them. The review says so of those
 * that hold access it shows.
 */
import { identityKey, splitArn } from '../iam/arn.js';
import type { PolicyDocument } from '../model/inventory.js';
import type { Side } from './side.js';

export interface StrayPrincipal {
  principal: string;
  /** The first policy (resource or trust policy) found naming it. */
  policy: PolicyDocument;
}

/** Those of `among` (principals of the grants a review shows) that the side's policies name. */
export function strayPrincipals(side: Side, among: ReadonlySet<string>): StrayPrincipal[] {
  // Most principals of the grants are members: the others are checked by name (another path, or case).
  let held: ReadonlySet<string | undefined> | undefined;
  const strays = new Set<string>();
  for (const arn of among) {
    // Sessions and patterns are not names of users or roles.
    if (side.memberByArn.has(arn) || arn.includes(':assumed-role/') || arn.includes('*') || arn.includes('?')) continue;
    const key = identityKey(arn);
    const account = splitArn(arn)?.account;
    if (key === undefined || account === undefined || !side.isComplete(account)) continue;
    held ??= new Set(side.members.map((member) => identityKey(member.principal)));
    if (!held.has(key)) strays.add(arn);
  }
  if (strays.size === 0) return [];
  const found: StrayPrincipal[] = [];
  const policies = [...side.targets.map((target) => target.policyDocument), ...side.members.map((member) => member.member.trustPolicy)];
  for (const policy of policies) {
    if (!policy) continue;
    for (const statement of side.engine.outliner.outline(policy).statements) {
      for (const arn of statement.named) {
        if (!strays.has(arn)) continue;
        // The first policy found naming it is enough to tell where to look.
        strays.delete(arn);
        found.push({ principal: arn, policy });
      }
    }
  }
  return found;
}
