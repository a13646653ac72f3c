/**
 * Action catalog: how long loading and indexing iam-data takes, and how long classifying a
 * statement with `"Action": "*"` on a resource takes (expansion, capabilities, probes).
 * Run: `npm run bench -- catalog`.
 */
import { Catalog } from '../src/iam/catalog.js';
import { readIamData } from '../src/iam/catalog-data.js';
import { capabilitiesOfAction } from '../src/iam/capabilities.js';
import { probesFor } from '../src/iam/capability-probes.js';
import type { Capability } from '../src/model/access.js';

const RESOURCES = [
  { arn: 'arn:aws:s3:::credit-applications', type: 'AWS::S3::Bucket' },
  { arn: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab', type: 'AWS::KMS::Key' },
  { arn: 'arn:aws:sqs:eu-west-1:111111111111:applications', type: 'AWS::SQS::Queue' },
  { arn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/scores', type: 'AWS::DynamoDB::Table' },
];

function timed<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

async function timedAsync<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const format = (ms: number): string => `${ms.toFixed(2)} ms`;

/** What `loadCatalog()` does: read iam-data's files, then index them. */
async function freshCatalog(): Promise<{ catalog: Catalog; readMs: number; indexMs: number }> {
  const read = await timedAsync(readIamData);
  const index = timed(() => new Catalog(read.result.services, read.result.version));
  return { catalog: index.result, readMs: read.ms, indexMs: index.ms };
}

/** The capabilities a statement allowing `allowed` gives on a resource, from its probes. */
function capabilitiesHeld(resource: (typeof RESOURCES)[number], allowed: ReadonlySet<string>, catalog: Catalog): Set<Capability> {
  const held = new Set<Capability>();
  for (const probe of probesFor(resource, catalog)) {
    if (allowed.has(probe.action)) for (const capability of probe.capabilities) held.add(capability);
  }
  return held;
}

export default async function bench(): Promise<void> {
  const loads: { readMs: number; indexMs: number }[] = [];
  let catalog: Catalog | undefined;
  for (let run = 0; run < 5; run++) {
    const fresh = await freshCatalog();
    loads.push(fresh);
    catalog = fresh.catalog;
  }
  if (catalog === undefined) return;
  const readMs = median(loads.map((load) => load.readMs));
  const indexMs = median(loads.map((load) => load.indexMs));
  console.log(`iam-data ${catalog.version}: ${catalog.services.size} services, ${catalog.actions.length} actions`);
  console.log(`load (median of 5 fresh loads): read ${format(readMs)} + index ${format(indexMs)} = ${format(readMs + indexMs)}`);

  const expandCold = timed(() => catalog.expand('*'));
  const expandWarm = timed(() => catalog.expand('*'));
  const describeCold = timed(() => catalog.expand('*:Describe*'));
  console.log(
    `expand "*" (${expandCold.result.length} actions): first ${format(expandCold.ms)}, memoized ${format(expandWarm.ms)}; ` +
      `expand "*:Describe*" (${describeCold.result.length}): ${format(describeCold.ms)}`,
  );

  const classifyAll = Array.from({ length: 5 }, () =>
    timed(() => catalog.actions.reduce((sum, info) => sum + capabilitiesOfAction(info).length, 0)),
  );
  console.log(
    `capabilities of every catalog action (${classifyAll[0]?.result} assignments): ` +
      `first ${format(classifyAll[0]?.ms ?? Number.NaN)}, median of 5 ${format(median(classifyAll.map((run) => run.ms)))}`,
  );

  const allowed = new Set(expandWarm.result.map((action) => action.name));
  for (const resource of RESOURCES) {
    const first = timed(() => capabilitiesHeld(resource, allowed, catalog));
    const repeats = Array.from({ length: 200 }, () => timed(() => capabilitiesHeld(resource, allowed, catalog)).ms);
    const probes = probesFor(resource, catalog).length;
    console.log(
      `Action "*" on ${resource.type} (${probes} probes → ${[...first.result].sort().join(', ')}): ` +
        `first ${format(first.ms)}, then median ${format(median(repeats))}`,
    );
  }
}
