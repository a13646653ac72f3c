/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn (or those named on the command line)
 * and prints what each measures. Each module's default export is an async function that
 * prints its own figures.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort();

for (const name of benches) {
  console.log(`\n## ${name.replace(/\.bench\.ts$/, '')}\n`);
  const module = (await import(pathToFileURL(join(here, name)).href)) as { default: () => Promise<void> };
  await module.default();
}
