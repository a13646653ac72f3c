/**
 * Odd input never crashes a reader: seeded random mutations of the fixtures (values replaced by
 * null, numbers, empty strings, lists, objects, stray intrinsics) are either read or rejected
 * with an InputError naming the file.
 */
import { describe, expect, it } from 'vitest';
import { readAuthorizationDetails, readCloudFormation, readTerraformPlan } from '../../src/iac/index.js';
import { parseTemplate } from '../../src/iac/cloudformation/template.js';
import { InputError } from '../../src/model/errors.js';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';
import { fixture } from './helpers.js';

const REPLACEMENTS = (): unknown[] => [
  null, 0, 1, '', 'x', [], {}, true, [null], { a: null }, '{"Statement":[]}', '{"Statement":', 'arn:aws:iam::1:role/x',
  { Ref: 'Missing' }, { 'Fn::GetAtt': ['RawBucket', 'Arn'] }, { 'Fn::If': ['IsProd', 1, { Ref: 'AWS::NoValue' }] }, { 'Fn::Sub': 7 },
];

/** Every path (list of keys) into a JSON value. */
function paths(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (value && typeof value === 'object') for (const key of Object.keys(value)) paths((value as Record<string, unknown>)[key], [...prefix, key], out);
  return out;
}

function mutations(base: unknown, count: number, seed: number): string[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const all = paths(base).filter((p) => p.length > 0);
  return Array.from({ length: count }, () => {
    const copy = structuredClone(base) as Record<string, unknown>;
    for (let m = 0; m < 3; m++) {
      const path = all[Math.floor(random() * all.length)]!;
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), copy);
      const choices = REPLACEMENTS();
      if (parent && typeof parent === 'object') (parent as Record<string, unknown>)[path[path.length - 1]!] = choices[Math.floor(random() * choices.length)];
    }
    return JSON.stringify(copy);
  });
}

const json = (name: string): unknown => JSON.parse(new TextDecoder().decode(fixture(name).content as Uint8Array));
const template = parseTemplate(fixture('cloudformation/data-platform.yaml')).template;

describe.each([
  ['a Terraform plan (IAM)', json('iam.tfplan.json'), (content: string) => readTerraformPlan({ path: 'p.json', content })],
  ['a Terraform plan (resource policies)', json('resource-policies.tfplan.json'), (content: string) => readTerraformPlan({ path: 'p.json', content })],
  ['a Terraform plan (unknowns)', json('unknowns.tfplan.json'), (content: string) => readTerraformPlan({ path: 'p.json', content })],
  ['a CloudFormation template', template, (content: string) => readCloudFormation({ head: { path: 't.json', content } }, { accountId: '555555555555', region: 'eu-west-1' })],
  ['an account inventory', json('authorization-details.json'), (content: string) => readAuthorizationDetails({ path: 'a.json', content })],
])('%s, mutated', (_name, base, read) => {
  it('is read or rejected with an InputError, never a crash', () => {
    let accepted = 0;
    let rejected = 0;
    for (const content of mutations(base, 150, 20_241)) {
      try {
        read(content);
        accepted++;
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        rejected++;
      }
    }
    expect(accepted + rejected).toBe(150);
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('input nested deeper than any real one', () => {
  it('fails the review closed with a message that says so, not a crash', async () => {
    // 20,000 module calls, each inside the one before: JSON.parse reads it, recursive readers cannot.
    const depth = 20_000;
    const calls = `${'{"source":"./m","module":{"module_calls":{"m":'.repeat(depth)}{}${'}}}'.repeat(depth)}`;
    const content = `{"format_version":"1.2","planned_values":{"root_module":{}},"resource_changes":[],"configuration":{"root_module":{"module_calls":{"top":${calls}}}}}`;
    const result = await review({ plans: [{ path: 'deep.tfplan.json', content }], templates: [], terraformSources: [], config: parseConfig({}, 'test config'), today: '2026-01-01' });
    expect(result.errors).toEqual([{ file: 'deep.tfplan.json', message: 'nested too deeply to analyse (the structure is deeper than any real input holds)' }]);
  });
});
