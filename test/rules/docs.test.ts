/** docs/rules.md and docs/configuration.md describe what the code does (fails when they fall behind). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, RULE_IDS, WAIVER_RULE_ID, configSchema } from '../../src/rules/config.js';

const read = (name: string): string => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

describe('docs/rules.md', () => {
  const rules = read('rules.md');

  it('has a section per rule id', () => {
    const headings = [...rules.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...RULE_IDS, WAIVER_RULE_ID]);
  });

  it('states each rule\'s default severity as the configuration has it', () => {
    for (const id of RULE_IDS) {
      const row = rules.split('\n').find((line) => line.startsWith(`| [\`${id}\`](#${id}) |`));
      expect(row, id).toBeDefined();
      expect(row!.split('|')[2]!.trim().split(' ')[0]).toBe(DEFAULT_CONFIG.rules[id].severity);
      expect(rules).toContain(`## ${id}\n\n*Default severity: ${DEFAULT_CONFIG.rules[id].severity}`);
    }
  });
});

describe('docs/configuration.md', () => {
  const configuration = read('configuration.md');

  it('documents every key of the schema', () => {
    const keys = Object.keys(configSchema.shape);
    for (const key of keys) expect(configuration, key).toContain(`| \`${key}`);
    for (const id of RULE_IDS) {
      const options = Object.keys(configSchema.shape.rules.unwrap().shape[id].unwrap().shape).filter((k) => k !== 'enabled' && k !== 'severity');
      for (const option of options) expect(configuration, `${id}.${option}`).toContain(`| \`rules.${id}.${option}\``);
    }
  });
});
