import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InputFile } from '../../src/model/input.js';
import type { Inventory, Principal, Resource } from '../../src/model/inventory.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/iac/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A fixture of test/fixtures/iac as raw bytes, named by its path in that folder. */
export function fixture(name: string): InputFile {
  return { path: name, content: new Uint8Array(readFileSync(`${FIXTURES}${name}`)) };
}

/** A file of the repository (e.g. the example), named by its repository path. */
export function repoFile(path: string): InputFile {
  return { path, content: new Uint8Array(readFileSync(`${ROOT}${path}`)) };
}

export function principal(inventory: Inventory, name: string): Principal {
  const found = inventory.principals.find((p) => p.name === name);
  if (!found) throw new Error(`no principal ${name} in [${inventory.principals.map((p) => p.name).join(', ')}]`);
  return found;
}

export function resource(inventory: Inventory, arn: string): Resource {
  const found = inventory.resources.find((r) => r.arn === arn);
  if (!found) throw new Error(`no resource ${arn} in [${inventory.resources.map((r) => r.arn).join(', ')}]`);
  return found;
}

export function inlineNames(p: { inlinePolicies: { name: string }[] }): string[] {
  return p.inlinePolicies.map((x) => x.name).sort();
}
