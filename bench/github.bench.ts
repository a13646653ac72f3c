/**
 * The GitHub App's own cost, apart from the analysis: the time from a `pull_request.opened`
 * delivery to the completed check run and comment for the credit-processor example (GitHub's
 * API answered in-process by the nock fake, so the figure is the app's work, not the network),
 * the number of API requests one review makes, and the ZIP reader's speed on a large artifact.
 */
import { performance } from 'node:perf_hooks';
import { readZip } from '../src/github/zip.js';
import { BASE, HEAD1, deliver, example, fixture, newRepository, startApp } from '../test/github/harness.js';
import { buildZip } from '../test/github/zip-builder.js';

const DELIVERIES = 10;

async function reviewLatency(): Promise<void> {
  const timings: number[] = [];
  let requests = 0;
  for (let i = 0; i < DELIVERIES; i++) {
    const fake = newRepository();
    fake.commit(HEAD1, { 'infra/pr.tfplan.json': example('pr.tfplan.json') }, BASE);
    const probot = await startApp();
    const start = performance.now();
    await deliver(probot, 'pull_request', fixture('pull_request.opened'));
    timings.push(performance.now() - start);
    requests = fake.requests.length;
    if (fake.checkRuns[0]?.conclusion !== 'failure' || fake.comments.length !== 1) {
      throw new Error('the example review was not delivered as expected');
    }
    fake.stop();
  }
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(timings.length / 2)]!;
  console.log(`pull_request.opened → check run + comment (example, ${DELIVERIES} deliveries)`);
  console.log(`  median ${median.toFixed(0)} ms, slowest ${timings.at(-1)!.toFixed(0)} ms, ${requests} API requests per review`);
}

function zipThroughput(): void {
  const plan = example('pr.tfplan.json');
  const copies = Math.ceil((40 * 1024 * 1024) / plan.length);
  const archive = buildZip(Array.from({ length: copies }, (_, i) => ({ name: `plans/${i}.tfplan.json`, content: plan })));
  const bytes = plan.length * copies;
  const limits = { maxEntries: 1000, maxEntryBytes: 50 * 1024 * 1024, maxTotalBytes: 200 * 1024 * 1024 };
  const start = performance.now();
  const entries = readZip(archive, 'bench artifact', limits, (name) => name.endsWith('.json'));
  const seconds = (performance.now() - start) / 1000;
  console.log(`ZIP artifact: ${entries.length} deflated plans, ${(bytes / 1048576).toFixed(0)} MiB inflated (${(archive.length / 1048576).toFixed(1)} MiB compressed)`);
  console.log(`  read in ${(seconds * 1000).toFixed(0)} ms: ${(bytes / 1048576 / seconds).toFixed(0)} MiB/s`);
}

export default async function bench(): Promise<void> {
  await reviewLatency();
  zipThroughput();
}
