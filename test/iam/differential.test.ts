/**
 * Differential property test: seeded scenarios decided by this engine and by
 * @cloud-copilot/iam-simulate (AGPL, devDependency, used only here as an oracle) must agree.
 * Intentional divergences are documented in docs/iam-engine.md and kept out of the
 * generator (see generator.ts).
 */
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, type CompiledPolicy } from '../../src/iam/index.js';
import type { PolicyKind } from '../../src/model/inventory.js';
import { scenario, seeded, type Scenario } from './generator.js';

const SEEDS = [20240611, 7, 99991];
const CASES_PER_SEED = 300;

function ours(s: Scenario): string {
  let n = 0;
  const compile = (document: unknown, kind: PolicyKind): CompiledPolicy => compilePolicy({ id: `p${(n += 1)}`, name: `p${n}`, kind, document });
  return evaluate(
    { principal: s.principal, action: s.action, resource: s.resource, resourceAccount: s.resourceAccount, context: s.context },
    {
      identityPolicies: s.identityPolicies.map((d) => compile(d, 'inline')),
      ...(s.resourcePolicy ? { resourcePolicy: compile(s.resourcePolicy, 'resource') } : {}),
      permissionBoundaries: s.permissionBoundary ? [compile(s.permissionBoundary, 'boundary')] : [],
      scps: s.scps.map((level) => level.map((d) => compile(d, 'scp'))),
      rcps: s.rcps.map((level) => level.map((d) => compile(d, 'rcp'))),
    },
  ).decision;
}

function theirs(s: Scenario): string {
  const list = (docs: readonly unknown[]) => docs.map((policy, i) => ({ name: String(i), policy }));
  const levels = (docs: readonly unknown[][]) => docs.map((policies, i) => ({ orgIdentifier: `ou-${i}`, policies: list(policies) }));
  // runUnsafeSimulation loads the resource policy without a name and then fails reading it;
  // handing it a document already marked as loaded with a name avoids that.
  const named = (policy: unknown) => ({ __validated: true, policyDocument: policy, metadata: { name: 'ResourcePolicy' }, errors: [] });
  return runUnsafeSimulation(
    {
      request: {
        principal: s.principal === 'anonymous' ? { type: 'Anonymous' as const } : s.principal,
        action: s.action,
        resource: { resource: s.resource, accountId: s.resourceAccount },
        contextVariables: s.context,
      },
      identityPolicies: list(s.identityPolicies),
      serviceControlPolicies: levels(s.scps),
      resourceControlPolicies: levels(s.rcps),
      ...(s.resourcePolicy ? { resourcePolicy: named(s.resourcePolicy) } : {}),
      ...(s.permissionBoundary ? { permissionBoundaryPolicies: [{ name: '0', policy: s.permissionBoundary }] } : {}),
    },
    {},
  );
}

describe('differential: this engine and iam-simulate decide generated scenarios alike', () => {
  it.each(SEEDS)(`seed %i: ${CASES_PER_SEED} scenarios agree`, (seed) => {
    const random = seeded(seed);
    const disagreements: string[] = [];
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CASES_PER_SEED; i++) {
      const s = scenario(random);
      const [a, b] = [ours(s), theirs(s)];
      outcomes.set(a, (outcomes.get(a) ?? 0) + 1);
      if (a !== b) disagreements.push(`#${i}: ours ${a}, iam-simulate ${b}: ${JSON.stringify(s)}`);
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
    // The generator reaches every outcome, so agreement is not agreement on one answer.
    for (const decision of ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']) expect(outcomes.get(decision) ?? 0).toBeGreaterThan(CASES_PER_SEED / 20);
  });
});
