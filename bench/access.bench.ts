/**
 * Effective access at account scale (issue 6, item 5). A seeded organization account as
 * `get-account-authorization-details` JSON plus a plan of its data estate and SCP tree, and a
 * PR-sized plan (one bucket policy changed, one role policy widened). It prints, as medians:
 * the time to JSON.parse the inputs, the full review time and its peak memory, and the PR
 * delta time; then how the costs grow when principals or resources double.
 *
 * Every measurement runs in a fresh Node process (so peak memory is the review's own). The
 * full review runs several times in a row there, each reading its inputs afresh: the first is
 * a CLI run's (V8 still compiling the code), the others a long-running app's, as the JSON.parse
 * baseline is timed warm; both are printed.
 * `node --import tsx bench/access.bench.ts <parse|review|review-after-others|incremental-review|delta|matrix> <dir>` prints one JSON
 * line. `npm run bench -- access` runs them all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { computeAccess, computeDelta } from '../src/access/index.js';
import { loadCatalog } from '../src/iam/catalog.js';
import { overlayState, readAuthorizationDetails, readTerraformPlan } from '../src/iac/index.js';
import { renderComment } from '../src/report/index.js';
import { review } from '../src/review.js';
import { DEFAULT_CONFIG } from '../src/rules/config.js';
import { evaluateRules } from '../src/rules/index.js';
import { generateFixtures } from './generate/index.js';
import { FULL_SIZE, type WorldSize } from './generate/world.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const OUT = join(here, '.out', 'access');
const ACCOUNT = '111111111111';
const RUNS = 3;

interface Variant {
  name: string;
  size: WorldSize;
  runs: number;
}

const VARIANTS: Variant[] = [
  { name: 'base', size: FULL_SIZE, runs: RUNS },
  { name: 'principals ×2', size: { ...FULL_SIZE, roles: FULL_SIZE.roles * 2, users: FULL_SIZE.users * 2, groups: FULL_SIZE.groups * 2, customerPolicies: FULL_SIZE.customerPolicies * 2 }, runs: 1 },
  { name: 'resources ×2', size: { ...FULL_SIZE, resources: FULL_SIZE.resources * 2 }, runs: 1 },
];

type Measurement = Record<string, number | string>;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};
const text = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
const peakMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const elapsed = (start: number): number => Math.round(performance.now() - start);
const REVIEWS_PER_PROCESS = 6;

/** The first run's figures (`first…`) and the medians of the others. */
function steady(runs: readonly Measurement[], keys: readonly string[]): Measurement {
  const figures: Measurement = {};
  for (const key of keys) {
    figures[`first${key[0]!.toUpperCase()}${key.slice(1)}`] = Number(runs[0]![key]);
    figures[key] = median(runs.slice(1).map((run) => Number(run[key])));
  }
  return figures;
}

/**
 * `run` several times in a row: the first run's figures and peak memory (the process's own
 * until then), and the medians of the others for `keys`; `after` adds figures taken after each
 * run, outside its peak.
 */
async function repeated(run: () => Promise<Measurement>, keys: readonly string[], after: () => Measurement = () => ({})): Promise<Measurement> {
  const runs: Measurement[] = [];
  let peak = 0;
  for (let i = 0; i < REVIEWS_PER_PROCESS; i++) {
    const figures = await run();
    if (i === 0) peak = peakMiB();
    runs.push({ ...figures, ...after() });
  }
  return { ...runs[0], ...steady(runs, keys), peakMiB: peak };
}

const inventoryOf = (dir: string) => readAuthorizationDetails({ path: 'authorization-details.json', content: text(dir, 'authorization-details.json') });

/** The account's inventory with a plan of it laid over. */
const stateOf = (dir: string, plan: string) => overlayState(inventoryOf(dir), readTerraformPlan({ path: plan, content: text(dir, plan) }, { accountId: ACCOUNT }));

/** The full review of a generated account: its files read, `review()`, the comment. */
async function fullReview(dir: string): Promise<{ ms: number; conclusion: string; findings: number; commentChars: number }> {
  const start = performance.now();
  const inventory = inventoryOf(dir);
  const result = await review({ plans: [{ path: 'full.tfplan.json', content: text(dir, 'full.tfplan.json') }], templates: [], terraformSources: [], inventory, config: DEFAULT_CONFIG, today: '2025-03-03' });
  const comment = renderComment(result);
  if (result.errors.length > 0) throw new Error(`review failed: ${JSON.stringify(result.errors)}`);
  return { ms: elapsed(start), conclusion: result.conclusion, findings: result.findings.length, commentChars: comment.length };
}

/** JSON.parse of the full review's inputs, once. */
function parseInputs(dir: string): number {
  const inputs = [text(dir, 'authorization-details.json'), text(dir, 'full.tfplan.json')];
  const start = performance.now();
  for (const input of inputs) JSON.parse(input);
  return elapsed(start);
}

const variantDir = (variant: Variant): string => join(OUT, variant.name.replace(/[^a-z0-9]+/gi, '-'));

/** One measurement in this process; prints its figures as one JSON line. */
async function measure(mode: string, dir: string): Promise<Measurement> {
  const catalog = await loadCatalog();
  switch (mode) {
    case 'parse': {
      const inputs = [text(dir, 'authorization-details.json'), text(dir, 'full.tfplan.json'), text(dir, 'pr.tfplan.json')];
      const times = (i: number) => Array.from({ length: 7 }, () => {
        const start = performance.now();
        JSON.parse(inputs[0] as string);
        JSON.parse(inputs[i] as string);
        return performance.now() - start;
      });
      return { fullInputsMs: Math.round(median(times(1))), prInputsMs: Math.round(median(times(2))), megabytes: Math.round((inputs[0]!.length + inputs[1]!.length) / 1e6) };
    }
    case 'review':
      // Reviews in a row, each reading its inputs afresh: the first pays for V8 compiling the
      // code (a CLI run); the later ones are a long-running app's. After each, JSON.parse of
      // the same inputs is timed, so that the two see the same machine load and heap.
      return repeated(() => fullReview(dir), ['ms', 'parseMs'], () => ({ parseMs: parseInputs(dir) }));
    case 'review-after-others': {
      // Whether the warm-up is V8's or a cache of the inputs: the first review of these inputs,
      // after reviews of the other generated accounts in the same process.
      const others = VARIANTS.map(variantDir).filter((other) => resolve(other) !== resolve(dir) && existsSync(join(other, 'full.tfplan.json')));
      for (const other of others) await fullReview(other);
      const { ms } = await fullReview(dir);
      return { ms, parseMs: parseInputs(dir), after: others.length };
    }
    case 'incremental-review':
      // What review() costs with computeDelta in place of two full computeAccess calls, by step.
      return repeated(async () => {
        const start = performance.now();
        const state = stateOf(dir, 'full.tfplan.json');
        const readMs = elapsed(start);
        const access = performance.now();
        const { delta, before, after, holders, unknowns, beforeUnknowns } = computeDelta(state, catalog, { completeAccounts: [ACCOUNT] });
        const accessMs = elapsed(access);
        const rules = performance.now();
        const findings = evaluateRules({ config: DEFAULT_CONFIG, state, before, after, holders, delta, unknowns: { before: beforeUnknowns, after: unknowns }, today: '2025-03-03', catalog });
        return { ms: elapsed(start), readMs, accessMs, rulesMs: elapsed(rules), findings: findings.length };
      }, ['ms', 'readMs', 'accessMs', 'rulesMs']);
    case 'delta': {
      const read = performance.now();
      const state = stateOf(dir, 'pr.tfplan.json');
      const readMs = elapsed(read);
      // The first call in a process also pays for compiling the engine's code (JIT): reported apart.
      const times: number[] = [];
      let summary = '';
      for (let i = 0; i < 6; i++) {
        const start = performance.now();
        const result = computeDelta(state, catalog, { completeAccounts: [ACCOUNT] });
        times.push(performance.now() - start);
        summary = `+${result.delta.added.length} -${result.delta.removed.length} ~${result.delta.changed.length}`;
      }
      return { readMs, deltaMs: Math.round(median(times.slice(1))), firstMs: Math.round(times[0] as number), delta: summary, peakMiB: peakMiB() };
    }
    case 'matrix': {
      const after = stateOf(dir, 'full.tfplan.json').after;
      const start = performance.now();
      const result = computeAccess(after, catalog, { completeAccounts: [ACCOUNT] });
      return { ms: elapsed(start), grants: result.grants.length, peakMiB: peakMiB() };
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

/** Runs a measurement in a fresh process. */
function spawn(mode: string, dir: string): Measurement {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), mode, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`${mode} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(line) as Measurement;
}

function medianOf(runs: Measurement[], key: string): number {
  return median(runs.map((run) => Number(run[key])));
}

export default async function main(): Promise<void> {
  const rows: string[] = [];
  let base: { parse: number; review: number; incremental: number; delta: number; matrix: number } | undefined;
  for (const variant of VARIANTS) {
    const dir = variantDir(variant);
    if (!existsSync(join(dir, 'pr.tfplan.json'))) generateFixtures(dir, variant.size);
    const parse = spawn('parse', dir);
    const reviews = Array.from({ length: variant.runs }, () => spawn('review', dir));
    const incremental = Array.from({ length: variant.runs }, () => spawn('incremental-review', dir));
    const delta = spawn('delta', dir);
    const matrix = spawn('matrix', dir);
    // The ratios use JSON.parse timed in the review's own process, between its reviews.
    const figures = { parse: medianOf(reviews, 'parseMs'), review: medianOf(reviews, 'ms'), incremental: medianOf(incremental, 'ms'), delta: Number(delta['deltaMs']), matrix: Number(matrix['ms']) };
    base ??= figures;
    const growth = (key: keyof typeof figures) => (variant.name === 'base' ? '' : ` (×${(figures[key] / base![key]).toFixed(1)})`);
    const ratio = (ms: number) => `${(ms / figures.parse).toFixed(1)}× parse`;
    const firstReview = medianOf(reviews, 'firstMs');
    console.log(`${variant.name}: ${parse['megabytes']} MB of inputs; review ${reviews[0]?.['conclusion']}, ${reviews[0]?.['findings']} findings; PR delta ${delta['delta']}; ${matrix['grants']} grants in the after-state matrix`);
    rows.push(
      `| ${variant.name} | ${figures.parse} ms${growth('parse')} (alone in a fresh process ${parse['fullInputsMs']} ms) | ${figures.review} ms${growth('review')} (${ratio(figures.review)}); first in a process ${firstReview} ms (${ratio(firstReview)}), ${medianOf(reviews, 'peakMiB')} MiB | ${figures.incremental} ms${growth('incremental')} (read ${medianOf(incremental, 'readMs')}, access ${medianOf(incremental, 'accessMs')}, rules ${medianOf(incremental, 'rulesMs')}); first ${medianOf(incremental, 'firstMs')} ms (read ${medianOf(incremental, 'firstReadMs')}, access ${medianOf(incremental, 'firstAccessMs')}, rules ${medianOf(incremental, 'firstRulesMs')}) | ${figures.delta} ms${growth('delta')} (first call ${delta['firstMs']} ms; reading ${delta['readMs']} ms) | ${figures.matrix} ms${growth('matrix')}, ${matrix['grants']} grants, ${matrix['peakMiB']} MiB |`,
    );
  }
  console.log('\n| inputs | JSON.parse | full review: read + review() + comment; peak RSS of the first | read + computeDelta + rules | PR delta (computeDelta) | after-state matrix (computeAccess), peak RSS |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  const afterOthers = spawn('review-after-others', variantDir(VARIANTS[0]!));
  console.log(`\nbase reviewed first in a process but after the ${afterOthers['after']} other accounts: ${afterOthers['ms']} ms (${(Number(afterOthers['ms']) / Number(afterOthers['parseMs'])).toFixed(1)}× its JSON.parse, ${afterOthers['parseMs']} ms)`);
  console.log(`\nmedians: JSON.parse after each review, in its process (and 7 alone in a fresh one); reviews ${REVIEWS_PER_PROCESS} in a row per process, reviews 2-${REVIEWS_PER_PROCESS} (the first apart), over ${RUNS} processes (base; 1 for the others); PR delta of calls 2-6 in one process; targets: review ≤ 10× JSON.parse, < 1.5 GiB, PR delta < 1 s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2]) {
  console.log(JSON.stringify(await measure(process.argv[2], process.argv[3] ?? OUT)));
}
