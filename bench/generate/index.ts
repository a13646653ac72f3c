/**
 * The effective-access benchmark's inputs, generated from a seed: an account inventory
 * (`get-account-authorization-details` JSON), a plan of the whole data estate with a few tag
 * updates (`full.tfplan.json`), and a PR-sized plan (`pr.tfplan.json`: one bucket policy changed,
 * one role policy widened). Run directly to write them: `npx tsx bench/generate/index.ts [DIR]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderAuthorizationDetails } from './authorization-details.js';
import { renderPlan } from './plan.js';
import { buildWorld, FULL_SIZE, roleArn, type Statement, type World, type WorldSize } from './world.js';

export interface GeneratedFiles {
  authorizationDetails: string;
  fullPlan: string;
  prPlan: string;
  /** What the PR changes, for checks: the bucket whose policy changed and the widened role. */
  prChanges: { bucket: string; role: string; newReader: string };
}

function clone(world: World): World {
  return structuredClone(world);
}

/** Tags updated on a few resources: a steady-state plan of the whole estate. */
function retagged(world: World): World {
  const next = clone(world);
  next.resources.slice(0, 10).forEach((resource) => (resource.tags = { ...resource.tags, CostCenter: 'cc-4711' }));
  return next;
}

/** The PR: one k9 bucket lets one more role read it; one Terraform-managed role reads more. */
function prChange(world: World): { world: World; changes: GeneratedFiles['prChanges'] } {
  const next = clone(world);
  const bucket = next.resources.find((r) => r.kind === 'bucket' && r.policy.Statement.some((s) => s.Sid === 'DenyEveryoneElse'));
  const role = next.roles.find((r) => r.inTerraform && r.inline.length > 0);
  const newReaderRole = next.roles.find((r) => r.inTerraform && r !== role);
  if (!bucket || !role || !newReaderRole) throw new Error('generated world lacks a k9 bucket or Terraform-managed roles');
  const newReader = roleArn(newReaderRole);
  for (const statement of bucket.policy.Statement) {
    if (statement.Sid === 'AllowRestrictedReadData') (statement.Condition?.['ArnEquals']?.['aws:PrincipalArn'] as string[]).push(newReader);
    if (statement.Sid === 'DenyEveryoneElse') (statement.Condition?.['ArnNotEquals']?.['aws:PrincipalArn'] as string[]).push(newReader);
  }
  const domain = role.tags['Domain'] as string;
  const widened: Statement = { Sid: 'ReadAllDomainData', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::acme-${domain}-*`, `arn:aws:s3:::acme-${domain}-*/*`] };
  role.inline[0]?.document.Statement.push(widened);
  return { world: next, changes: { bucket: bucket.arn, role: roleArn(role), newReader } };
}

export function generateFixtures(outDir: string, size: WorldSize = FULL_SIZE, seed = 20250303): GeneratedFiles {
  mkdirSync(outDir, { recursive: true });
  const world = buildWorld(seed, size);
  const files = {
    authorizationDetails: join(outDir, 'authorization-details.json'),
    fullPlan: join(outDir, 'full.tfplan.json'),
    prPlan: join(outDir, 'pr.tfplan.json'),
  };
  writeFileSync(files.authorizationDetails, JSON.stringify(renderAuthorizationDetails(world), null, 2));
  writeFileSync(files.fullPlan, JSON.stringify(renderPlan(world, retagged(world))));
  const pr = prChange(world);
  writeFileSync(files.prPlan, JSON.stringify(renderPlan(world, pr.world)));
  return { ...files, prChanges: pr.changes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? join('bench', '.out', 'access');
  const files = generateFixtures(dir);
  console.log(JSON.stringify(files, null, 2));
}
