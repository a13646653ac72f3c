/** The package's entry points (package.json `exports`, `bin`) are built from sources that exist and export the API. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as iam from '../src/iam/index.js';
import * as api from '../src/index.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string>; exports: Record<string, string> };
const sourceOf = (built: string): string => built.replace(/^\.\/dist\//, 'src/').replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');

describe('package entry points', () => {
  it('every export and bin is compiled from a source file', () => {
    for (const target of [...Object.values(pkg.exports), ...Object.values(pkg.bin)]) expect(existsSync(sourceOf(target)), target).toBe(true);
  });

  it('`access-delta` exports the review pipeline and `access-delta/iam` the engine', async () => {
    for (const name of ['review', 'readTerraformPlan', 'readCloudFormation', 'computeDelta', 'parseConfigYaml', 'renderComment', 'renderSarif']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
    for (const name of ['compilePolicy', 'evaluate', 'simulate', 'simulateLines']) expect(typeof (iam as Record<string, unknown>)[name], name).toBe('function');
    const result = await api.review({ plans: [], templates: [], terraformSources: [], config: api.DEFAULT_CONFIG, today: '2026-01-01' });
    expect(result.conclusion).toBe('neutral');
  });
});
