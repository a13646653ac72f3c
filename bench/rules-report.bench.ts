/**
 * Rules and renderings on a large change: how long `evaluateRules` takes when every principal
 * of a large account is new (the worst case: no inventory, the plan creates everything), and
 * how long each rendering of the resulting review takes.
 * Run: `npm run bench -- rules-report`.
 */
import { diffAccess } from '../src/access/delta.js';
import { loadCatalog } from '../src/iam/catalog.js';
import type { Grant } from '../src/model/access.js';
import { emptyInventory, type Principal, type Resource } from '../src/model/inventory.js';
import type { Review } from '../src/model/review.js';
import { renderCheckRun, renderComment, renderJson, renderSarif } from '../src/report/index.js';
import { DEFAULT_CONFIG, evaluateRules } from '../src/rules/index.js';

const ACCOUNT = '111111111111';
const ROLES = 2_000;
const BUCKETS = 1_000;
const READERS_BEFORE = 4;
const READERS_AFTER = 7;
const RUNS = 5;

/** Seeded, so that every run measures the same work. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const ACTION_POOL = ['s3:GetObject', 's3:PutObject', 'kms:Decrypt', 'sqs:SendMessage', 'iam:PassRole', 'ec2:RunInstances', 'dynamodb:Query', 's3:*', 'lambda:InvokeFunction'];

function role(index: number, next: () => number): Principal {
  const arn = `arn:aws:iam::${ACCOUNT}:role/service-${index}`;
  const actions = ACTION_POOL.filter(() => next() < 0.3);
  return {
    arn,
    type: 'IAMRole',
    name: `service-${index}`,
    path: '/',
    accountId: ACCOUNT,
    inlinePolicies: [
      {
        id: `${arn}#inline/app`,
        name: `service-${index}-app`,
        kind: 'inline',
        document: { Version: '2012-10-17', Statement: [{ Sid: 'App', Effect: 'Allow', Action: actions, Resource: '*' }] },
        source: { file: 'iam.tf', line: 10 + index },
      },
    ],
    managedPolicyArns: [],
    groupArns: [],
    trustPolicy: {
      id: `${arn}#trust`,
      name: 'trust',
      kind: 'trust',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    },
    tags: {},
  };
}

function bucket(index: number): Resource {
  const name = `data-${index}`;
  return { arn: `arn:aws:s3:::${name}`, type: 'AWS::S3::Bucket', name, accountId: ACCOUNT, tags: { Confidentiality: index % 2 === 0 ? 'Confidential' : 'Internal' } };
}

function readGrants(resource: Resource, readers: number, first: number): Grant[] {
  return Array.from({ length: readers }, (_, i) => ({
    principal: `arn:aws:iam::${ACCOUNT}:role/service-${(first + i) % ROLES}`,
    principalType: 'IAMRole' as const,
    resource: resource.arn,
    resourceType: resource.type,
    capability: 'read-data' as const,
    actions: ['s3:GetObject', 's3:ListBucket'],
    conditional: false,
    conditions: [],
    via: [{ policy: `${resource.arn}#policy`, policyName: `${resource.name} policy`, statement: `Reader${i}`, source: { file: 'buckets.tf', line: 5 + i } }],
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function measure(name: string, work: () => unknown): void {
  const times: number[] = [];
  let size = '';
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    const result = work();
    times.push(performance.now() - start);
    if (typeof result === 'string') size = ` (${result.length.toLocaleString('en')} characters)`;
  }
  console.log(`${name.padEnd(28)} median ${median(times).toFixed(1).padStart(8)} ms over ${RUNS} runs${size}`);
}

export default async function bench(): Promise<void> {
  const next = random(42);
  const principals = Array.from({ length: ROLES }, (_, i) => role(i, next));
  const resources = Array.from({ length: BUCKETS }, (_, i) => bucket(i));
  const before = resources.flatMap((r, i) => readGrants(r, READERS_BEFORE, i * 3));
  const after = resources.flatMap((r, i) => readGrants(r, READERS_AFTER, i * 3));
  const delta = diffAccess(before, after);
  const state = { before: { ...emptyInventory(ACCOUNT), resources }, after: { ...emptyInventory(ACCOUNT), principals, resources } };
  const catalog = await loadCatalog();
  const input = { config: DEFAULT_CONFIG, state, before, after, delta, unknowns: { before: [], after: [] }, today: '2026-06-15', catalog };

  console.log(`${ROLES} new roles, ${BUCKETS} buckets (half Confidential), ${after.length} grants after, ${delta.added.length} added`);
  let findings = evaluateRules(input);
  measure('evaluateRules', () => (findings = evaluateRules(input)));
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  console.log(`findings: ${[...counts].map(([rule, n]) => `${rule} ${n}`).join(', ')}`);

  const review: Review = {
    conclusion: 'failure',
    inputs: ['large.tfplan.json'],
    delta,
    findings,
    resources: resources.map((r) => ({ arn: r.arn, type: r.type, name: r.name, classification: r.tags.Confidentiality, after: after.filter((g) => g.resource === r.arn) })),
    unknowns: [],
    notices: [],
    errors: [],
  };
  measure('renderComment', () => renderComment(review));
  measure('renderCheckRun (summary)', () => renderCheckRun(review).summary);
  measure('renderJson', () => renderJson(review));
  measure('renderSarif', () => renderSarif(review));
}
