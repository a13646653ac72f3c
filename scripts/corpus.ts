/**
 * Reads every plan, template and inventory file under a folder and prints what each yields.
 *
 *   npm run corpus -- DIR
 *
 * Per file: `ok` with the counts of principals, resources, policies and unknowns (before → after
 * for plans and templates), `skipped` with the reason for files that are not IaC, or `FAILED`
 * with the error. A plan also fails when a policy document in its `resource_changes` is neither
 * in the inventory read from it nor named by a notice or an unknown. The last line is
 * `N passed, M failed`; the exit code is 1 when any failed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Inventory } from '../src/model/inventory.js';
import { detectInputKind, readInputFile } from '../src/iac/index.js';
import { decodeInput } from '../src/iac/text.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

function policyCount(inventory: Inventory): number {
  const principals = inventory.principals.reduce((n, p) => n + p.inlinePolicies.length + (p.trustPolicy ? 1 : 0), 0);
  const groups = inventory.groups.reduce((n, g) => n + g.inlinePolicies.length, 0);
  const resources = inventory.resources.filter((r) => r.policy).length;
  const org = Object.values({ ...inventory.organization?.scpLevels, ...inventory.organization?.rcpLevels })
    .flat()
    .reduce((n, level) => n + level.policies.length, 0);
  return principals + groups + inventory.managedPolicies.length + resources + org;
}

/** Canonical text of a JSON value (sorted keys), to compare documents. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function documentsOf(inventory: Inventory): Set<string> {
  const out = new Set<string>();
  const add = (policy: { document: unknown } | undefined) => policy && out.add(canonical(policy.document));
  for (const p of inventory.principals) [...p.inlinePolicies, p.trustPolicy].forEach(add);
  for (const g of inventory.groups) g.inlinePolicies.forEach(add);
  for (const m of inventory.managedPolicies) add(m.policy);
  for (const r of inventory.resources) add(r.policy);
  for (const levels of Object.values({ ...inventory.organization?.scpLevels, ...inventory.organization?.rcpLevels })) {
    for (const level of levels) level.policies.forEach(add);
  }
  return out;
}

/**
 * Policy documents in a plan's `resource_changes` (after side) that the after inventory holds
 * neither as a document nor as a notice or unknown naming their resource.
 */
function missedPolicies(plan: unknown, after: Inventory): string[] {
  const held = documentsOf(after);
  const named = new Set([...after.unknowns.map((u) => u.address), ...after.notices.map((n) => n.message)]);
  const missed: string[] = [];
  const changes = (plan as { resource_changes?: Array<{ address: string; mode?: string; change?: { after?: unknown } }> }).resource_changes ?? [];
  const visit = (value: unknown, address: string): void => {
    if (typeof value === 'string' && value.includes('"Statement"')) {
      try {
        const document: unknown = JSON.parse(value);
        if (document && typeof document === 'object' && 'Statement' in document && !held.has(canonical(document)) && ![...named].some((n) => n.includes(address))) {
          missed.push(address);
        }
      } catch {
        // not JSON: the reader would have failed on a policy attribute
      }
    } else if (Array.isArray(value)) value.forEach((v) => visit(v, address));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => visit(v, address));
  };
  for (const change of changes) {
    if (change.mode !== 'data') visit(change.change?.after, change.address);
  }
  return [...new Set(missed)];
}

function counts(inventory: Inventory): string {
  return [
    `principals=${inventory.principals.length}`,
    `resources=${inventory.resources.length}`,
    `policies=${policyCount(inventory)}`,
    `unknowns=${inventory.unknowns.length}`,
    `notices=${inventory.notices.length}`,
  ].join(' ');
}

/** The plan JSON of a file the reader accepted (setup-terraform wrapper lines and BOMs removed). */
function planJson(content: Uint8Array | string): unknown {
  const text = decodeInput({ path: '', content }).text;
  const line = text.split('\n').find((l) => l.trimStart().startsWith('{')) ?? '{}';
  return JSON.parse(text.trimStart().startsWith('[command]') ? line : text);
}

function main(): number {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run corpus -- DIR');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let bytes = 0;
  let readingMs = 0;
  for (const path of filesUnder(dir)) {
    const name = relative(dir, path);
    const file = { path: name, content: readFileSync(path) };
    const detected = detectInputKind(file);
    if (detected.kind === 'other' || detected.kind === 'cdk-manifest') {
      skipped++;
      const reason = detected.kind === 'other' ? detected.reason : 'a CDK manifest, read together with its templates (readCdkOut)';
      console.log(`skipped ${name}: ${reason}`);
      continue;
    }
    try {
      const started = performance.now();
      const read = readInputFile(file, detected.kind);
      readingMs += performance.now() - started;
      bytes += file.content.length;
      const summary = 'before' in read ? `before ${counts(read.before)} | after ${counts(read.after)}` : counts(read);
      const missed = detected.kind === 'terraform-plan' && 'after' in read ? missedPolicies(planJson(file.content), read.after) : [];
      if (missed.length > 0) {
        failed++;
        console.log(`FAILED  ${name} [${detected.kind}] ${summary}; policies not extracted: ${missed.join(', ')}`);
        continue;
      }
      console.log(`ok      ${name} [${detected.kind}] ${summary}`);
      passed++;
    } catch (error) {
      failed++;
      console.log(`FAILED  ${name} [${detected.kind}] ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${skipped} skipped (not IaC or inventory files); read ${(bytes / 1e6).toFixed(2)} MB in ${Math.round(readingMs)} ms`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
