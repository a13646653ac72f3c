/**
 * Writes `schema/access-delta.schema.json`, the JSON Schema of `.github/access-delta.yml`,
 * from the zod schema in src/rules/config.ts: `npx tsx scripts/config-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSchemaFileText } from '../src/rules/config.js';

const target = fileURLToPath(new URL('../schema/access-delta.schema.json', import.meta.url));
writeFileSync(target, configSchemaFileText());
console.log(`wrote ${target}`);
