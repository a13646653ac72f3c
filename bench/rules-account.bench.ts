/**
 * The rules at account scale (issue 6 item 5, issue 7): how long `evaluateRules` takes on the
 * seeded organization account of `bench/generate` (2,000 roles, 500 users in 100 groups, 3,000
 * managed policies, 1,000 resources with policies), for a plan that only retags 10 buckets and
 * for a PR-sized plan (one bucket policy, one role policy), and how that grows when principals
 * or resources double. The rules should cost what the change touches, not what the account holds.
 *
 * Each (variant, plan) is measured in fresh Node processes, since a review runs the rules once
 * per process: the first call (which also compiles the rules' code) and the median of the calls
 * after it. The holders that max-principals asks of effective access are timed apart. `node --import tsx bench/rules-account.bench.ts <dir> <plan>` prints one JSON line.
 * Run: `npm run bench -- rules-account`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { computeDelta } from '../src/access/index.js';
import { loadCatalog } from '../src/iam/catalog.js';
import { readAuthorizationDetails } from '../src/iac/index.js';
import { accessOptions, readState } from '../src/review.js';
import { DEFAULT_CONFIG } from '../src/rules/config.js';
import { RuleContext, type RuleInput } from '../src/rules/context.js';
import { evaluateRules } from '../src/rules/index.js';
import { generateFixtures } from './generate/index.js';
import { FULL_SIZE, type WorldSize } from './generate/world.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const OUT = join(here, '.out', 'rules-account');
const PROCESSES = 3;
const WARM_CALLS = 5;
const PLANS = ['full.tfplan.json', 'pr.tfplan.json'];

const VARIANTS: { name: string; size: WorldSize }[] = [
  { name: 'base', size: FULL_SIZE },
  { name: 'principals ×2', size: { ...FULL_SIZE, roles: FULL_SIZE.roles * 2, users: FULL_SIZE.users * 2, groups: FULL_SIZE.groups * 2, customerPolicies: FULL_SIZE.customerPolicies * 2 } },
  { name: 'resources ×2', size: { ...FULL_SIZE, resources: FULL_SIZE.resources * 2 } },
];

type Measurement = Record<string, number>;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

/**
 * CPU time of this process's main thread (Linux: its schedstat, in nanoseconds), which other
 * jobs on a shared machine inflate far less than wall time; NaN elsewhere.
 */
function mainThreadCpuMs(): number {
  const path = `/proc/self/task/${process.pid}/schedstat`;
  return existsSync(path) ? Number(readFileSync(path, 'utf8').split(' ')[0]) / 1e6 : Number.NaN;
}

/** Wall and main-thread CPU time of one call, in milliseconds. */
function timed(work: () => unknown): { wall: number; cpu: number } {
  const cpu = mainThreadCpuMs();
  const start = performance.now();
  work();
  return { wall: performance.now() - start, cpu: mainThreadCpuMs() - cpu };
}

/** Reads the inputs as review() does, computes the delta, then times the rules alone. */
async function measure(dir: string, plan: string): Promise<Measurement> {
  const text = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const catalog = await loadCatalog();
  const inventory = readAuthorizationDetails({ path: 'authorization-details.json', content: text('authorization-details.json') });
  const read = readState({ plans: [{ path: plan, content: text(plan) }], templates: [], terraformSources: [], inventory, config: DEFAULT_CONFIG });
  if ('errors' in read) throw new Error(`reading ${plan} failed: ${JSON.stringify(read.errors)}`);
  const { delta, before, after, holders, unknowns, beforeUnknowns } = computeDelta(read.state, catalog, accessOptions(inventory));
  // The holders max-principals asks for are effective access worked out on demand: timed apart.
  let asked = { wall: 0, cpu: 0, grants: 0 };
  const timedHolders: RuleInput['holders'] = (arns) => {
    let found = { before: [], after: [] } as ReturnType<typeof holders>;
    const time = timed(() => (found = holders(arns)));
    asked = { wall: asked.wall + time.wall, cpu: asked.cpu + time.cpu, grants: asked.grants + found.after.length };
    return found;
  };
  const input: RuleInput = { config: DEFAULT_CONFIG, state: read.state, before, after, holders: timedHolders, delta, unknowns: { before: beforeUnknowns, after: unknowns }, today: '2025-03-03', catalog };

  let findings = 0;
  const first = timed(() => (findings = evaluateRules(input).length));
  const firstHolders = asked;
  const later = Array.from({ length: WARM_CALLS }, () => timed(() => evaluateRules(input)));
  const touched = new RuleContext(input);
  return {
    firstMs: first.wall - firstHolders.wall,
    firstCpuMs: first.cpu - firstHolders.cpu,
    holdersMs: firstHolders.wall,
    holdersCpuMs: firstHolders.cpu,
    holders: firstHolders.grants,
    laterMs: median(later.map((call) => call.wall)),
    laterCpuMs: median(later.map((call) => call.cpu)),
    findings,
    principals: read.state.after.principals.length,
    resources: read.state.after.resources.length,
    grants: after.length,
    changedPrincipals: touched.changedPrincipals().length,
    changedPolicies: touched.changedPolicies().length,
    touchedResources: touched.touchedResources().length,
  };
}

function spawn(dir: string, plan: string): Measurement {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dir, plan], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`rules on ${dir}/${plan} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(line) as Measurement;
}

export default async function main(): Promise<void> {
  const rows: string[] = [];
  const base = new Map<string, number>();
  for (const variant of VARIANTS) {
    const dir = join(OUT, variant.name.replace(/[^a-z0-9]+/gi, '-'));
    if (!existsSync(join(dir, 'pr.tfplan.json'))) generateFixtures(dir, variant.size);
    for (const plan of PLANS) {
      const runs = Array.from({ length: PROCESSES }, () => spawn(dir, plan));
      const figure = (key: string): string => `${median(runs.map((run) => run[key] as number)).toFixed(0)} ms`;
      const firstCpu = median(runs.map((run) => run['firstCpuMs'] as number));
      if (variant.name === 'base') base.set(plan, firstCpu);
      const growth = variant.name === 'base' ? '' : ` (×${(firstCpu / base.get(plan)!).toFixed(1)})`;
      const [run] = runs as [Measurement];
      const account = `${run['principals']} principals, ${run['resources']} resources`;
      const touched = `${run['changedPrincipals']} principals, ${run['changedPolicies']} policies, ${run['touchedResources']} resources (${run['grants']} grants on them recomputed, ${run['holders']} holders asked)`;
      rows.push(`| ${variant.name} | ${plan} | ${account} | ${touched} | ${figure('firstMs')} | ${firstCpu.toFixed(0)} ms${growth} | ${figure('holdersMs')} / ${figure('holdersCpuMs')} | ${figure('laterMs')} / ${figure('laterCpuMs')} | ${run['findings']} |`);
    }
  }
  console.log('| inputs | plan | account after the change | what the change touches | `evaluateRules`, first call: wall | its CPU | holders it asks for: wall / CPU | later calls: wall / CPU | findings |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `\nmedians over ${PROCESSES} fresh processes per row; later calls: the median of ${WARM_CALLS} more calls in each process. CPU: the main thread's ` +
      '(other jobs on a shared machine inflate wall time, hardly CPU time). The first call is shown without the holders max-principals asks of ' +
      'effective access (computeDelta decides them when asked), which are shown apart. Target: first call ≤ 150 ms on the base account.',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[3]) {
  console.log(JSON.stringify(await measure(process.argv[2]!, process.argv[3])));
}
