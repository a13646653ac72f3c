import { describe, expect, it } from 'vitest';
import { detectInputKind, readInputFile } from '../../src/iac/index.js';
import { fixture } from './helpers.js';

describe('detectInputKind', () => {
  it.each([
    ['iam.tfplan.json', 'terraform-plan'],
    ['setup-terraform-wrapper.tfplan.json', 'terraform-plan'],
    ['cloudformation/data-platform.yaml', 'cloudformation'],
    ['cloudformation/reports.base.json', 'cloudformation'],
    ['authorization-details.json', 'authorization-details'],
    ['cdk.out/manifest.json', 'cdk-manifest'],
  ])('recognises %s as %s', (name, kind) => {
    expect(detectInputKind(fixture(name)).kind).toBe(kind);
  });

  it('recognises a UTF-16 plan', () => {
    const text = new TextDecoder().decode(fixture('legacy-0.12.tfplan.json').content as Uint8Array);
    expect(detectInputKind({ path: 'p.json', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) }).kind).toBe('terraform-plan');
  });

  it.each([
    ['notes.md', '# notes', 'a .md file, not JSON or YAML'],
    ['policies.json', '[{"Resource": "arn:aws:s3:::b", "Policy": {}}]', 'a JSON list (e.g. resource policies or parameters), not a plan, template or inventory'],
    ['org.json', '{"Id": "r-1", "PolicyTypes": [], "Policies": [], "Children": []}', 'an AWS Organizations tree export (IAMSpy format), not a plan, template or inventory'],
    ['params.json', '{"Parameters": {"A": "1"}, "Tags": {}}', 'CloudFormation parameters or template configuration, not a template'],
    ['x.yaml', 'a: 1\nb: 2\n', 'an object with keys "a", "b": not a plan, template or inventory'],
  ])('says why %s is not read', (path, content, reason) => {
    expect(detectInputKind({ path, content })).toEqual({ kind: 'other', reason });
  });

  it('hands a file that looks like broken JSON to the plan reader, which names the error', () => {
    const file = { path: 'broken.json', content: '{"format_version": ' };
    expect(detectInputKind(file).kind).toBe('terraform-plan');
    expect(() => readInputFile(file, 'terraform-plan')).toThrow(/broken\.json: line 1, column 20: not valid JSON: unexpected end of input/);
  });
});
