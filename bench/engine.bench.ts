/**
 * IAM engine throughput on a fixed, seeded workload (test/iam/generator.ts: identity and
 * resource policies, boundaries, SCP and RCP levels, conditions, wildcards, same- and
 * cross-account principals), against @cloud-copilot/iam-simulate's runSimulation and
 * runUnsafeSimulation on the same decisions, in the same process. Our policies are compiled
 * once (as effective access does); iam-simulate reads them on every call, as its API does.
 * Also: compilation speed and adversarial wildcard matching.
 */
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { compilePolicy, evaluate, Glob, type CompiledPolicy } from '../src/iam/index.js';
import type { AuthorizationRequest, PolicyInputs } from '../src/iam/types.js';
import type { PolicyKind } from '../src/model/inventory.js';
import { scenario, seeded, type Scenario } from '../test/iam/generator.js';

const SEED = 20240611;
const SCENARIOS = 2_000;
const SIMULATION_SAMPLE = 400;

interface Prepared {
  request: AuthorizationRequest;
  inputs: PolicyInputs;
}

function prepare(s: Scenario): Prepared {
  let n = 0;
  const compile = (document: unknown, kind: PolicyKind): CompiledPolicy => compilePolicy({ id: `p${(n += 1)}`, name: `p${n}`, kind, document });
  return {
    request: { principal: s.principal, action: s.action, resource: s.resource, resourceAccount: s.resourceAccount, context: s.context },
    inputs: {
      identityPolicies: s.identityPolicies.map((d) => compile(d, 'inline')),
      ...(s.resourcePolicy ? { resourcePolicy: compile(s.resourcePolicy, 'resource') } : {}),
      permissionBoundaries: s.permissionBoundary ? [compile(s.permissionBoundary, 'boundary')] : [],
      scps: s.scps.map((level) => level.map((d) => compile(d, 'scp'))),
      rcps: s.rcps.map((level) => level.map((d) => compile(d, 'rcp'))),
    },
  };
}

/** The iam-simulate form of a scenario (see test/iam/differential.test.ts for the resource policy). */
function simulation(s: Scenario) {
  const list = (docs: readonly unknown[]) => docs.map((policy, i) => ({ name: String(i), policy }));
  const levels = (docs: readonly unknown[][]) => docs.map((policies, i) => ({ orgIdentifier: `ou-${i}`, policies: list(policies) }));
  return {
    request: { principal: s.principal, action: s.action, resource: { resource: s.resource, accountId: s.resourceAccount }, contextVariables: s.context },
    identityPolicies: list(s.identityPolicies),
    serviceControlPolicies: levels(s.scps),
    resourceControlPolicies: levels(s.rcps),
    ...(s.resourcePolicy ? { resourcePolicy: { __validated: true, policyDocument: s.resourcePolicy, metadata: { name: 'ResourcePolicy' }, errors: [] } } : {}),
    ...(s.permissionBoundary ? { permissionBoundaryPolicies: list([s.permissionBoundary]) } : {}),
  };
}

interface Contender {
  count: number;
  round: () => unknown;
  best: number;
}

/**
 * Decisions per second of each contender: rounds of each in turn (so that load on the
 * machine hits all alike), each round repeated for about `ms`, the best round kept.
 */
async function rates(contenders: Contender[], turns: number, ms: number): Promise<void> {
  for (const c of contenders) await c.round(); // warm-up
  for (let turn = 0; turn < turns; turn++) {
    for (const c of contenders) {
      let decisions = 0;
      const started = performance.now();
      while (performance.now() - started < ms) {
        await c.round();
        decisions += c.count;
      }
      c.best = Math.max(c.best, decisions / ((performance.now() - started) / 1000));
    }
  }
}

const format = (n: number): string => Math.round(n).toLocaleString('en-US');

export default async function engineBench(): Promise<void> {
  const random = seeded(SEED);
  const scenarios = Array.from({ length: SCENARIOS }, () => scenario(random));

  const firstStart = performance.now();
  scenarios.map(prepare);
  const firstMs = performance.now() - firstStart;
  const compileStart = performance.now();
  const prepared = scenarios.map(prepare);
  const compileMs = performance.now() - compileStart;
  const policies = prepared.reduce(
    (sum, p) => sum + p.inputs.identityPolicies.length + (p.inputs.resourcePolicy ? 1 : 0) + (p.inputs.permissionBoundaries?.length ?? 0) + (p.inputs.scps ?? []).flat().length + (p.inputs.rcps ?? []).flat().length,
    0,
  );

  const simulations = scenarios.map(simulation);
  const sample = simulations.slice(0, SIMULATION_SAMPLE);
  const contenders: Contender[] = [
    { count: SCENARIOS, best: 0, round: () => prepared.forEach((p) => evaluate(p.request, p.inputs)) },
    { count: SCENARIOS, best: 0, round: () => simulations.forEach((s) => runUnsafeSimulation(s as never, {})) },
    {
      count: SIMULATION_SAMPLE,
      best: 0,
      round: async () => {
        for (const s of sample) await runSimulation(s as never, {});
      },
    },
  ];
  await rates(contenders, 5, 500);
  const [ours, unsafe, safe] = contenders.map((c) => c.best) as [number, number, number];

  console.log(`workload: ${format(SCENARIOS)} seeded scenarios (seed ${SEED}), ${format(policies)} policies; best of 5 interleaved rounds`);
  console.log(`compile: ${format(policies / (compileMs / 1000))} policies/s (first pass, with JIT warm-up: ${format(policies / (firstMs / 1000))})`);
  console.log(`access-delta evaluate:          ${format(ours).padStart(12)} decisions/s`);
  console.log(`iam-simulate runUnsafeSimulation: ${format(unsafe).padStart(10)} decisions/s`);
  console.log(`iam-simulate runSimulation:       ${format(safe).padStart(10)} decisions/s`);
  console.log(`ratio vs runUnsafeSimulation: ${(ours / unsafe).toFixed(1)}x (target >= 20x)`);
  console.log(`ratio vs runSimulation:       ${(ours / safe).toFixed(1)}x`);

  const text = 'a'.repeat(10_000);
  for (const [name, pattern] of [
    ['*a*a...*a*b* (10,001 chars)', '*a'.repeat(5_000) + '*b*'],
    ['*a*a...*a (10,000 chars)', '*a'.repeat(5_000)],
    ['*???...?b* (5,002 chars)', '*' + '?'.repeat(5_000) + 'b*'],
  ] as const) {
    const glob = Glob.of(pattern);
    const rounds = 20;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) glob.matches(text);
    console.log(`adversarial match ${name} against 10,000 "a": ${((performance.now() - started) / rounds).toFixed(3)} ms`);
  }
}
