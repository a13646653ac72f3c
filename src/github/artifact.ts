/**
 * Plan JSON delivered as a workflow artifact (config `planArtifact`): finding the artifact of
 * a commit or of a workflow run, downloading it with the Actions API and reading its `.json`
 * entries in memory.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../model/errors.js';
import type { InputFile } from '../model/input.js';
import type { Limits } from './limits.js';
import type { GitHubRepo } from './repo.js';
import { readZip } from './zip.js';

export interface PlanArtifact {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
  /** `sha256:<hex>` of the archive, when GitHub recorded it (upload-artifact v4+). */
  digest?: string;
  runId?: number;
  headSha?: string;
}

interface RawArtifact {
  id: number;
  name: string;
  size_in_bytes: number;
  expired: boolean;
  digest?: string | null;
  workflow_run?: { id?: number; head_sha?: string } | null;
}

/** The newest artifact called `name` that the workflow run `runId` uploaded. */
export async function findRunArtifact(gh: GitHubRepo, runId: number, name: string): Promise<PlanArtifact | undefined> {
  const { data } = await gh.octokit.rest.actions.listWorkflowRunArtifacts({
    owner: gh.owner,
    repo: gh.repo,
    run_id: runId,
    name,
    per_page: 100,
  });
  return newest(data.artifacts.filter((artifact) => artifact.name === name));
}

/** The newest artifact called `name` uploaded by a workflow run on the commit `headSha`. */
export async function findCommitArtifact(gh: GitHubRepo, headSha: string, name: string): Promise<PlanArtifact | undefined> {
  const { data } = await gh.octokit.rest.actions.listArtifactsForRepo({ owner: gh.owner, repo: gh.repo, name, per_page: 100 });
  return newest(data.artifacts.filter((artifact) => artifact.name === name && artifact.workflow_run?.head_sha === headSha));
}

function newest(artifacts: readonly RawArtifact[]): PlanArtifact | undefined {
  const latest = [...artifacts].sort((a, b) => b.id - a.id)[0];
  if (latest === undefined) return undefined;
  return {
    id: latest.id,
    name: latest.name,
    sizeInBytes: latest.size_in_bytes,
    expired: latest.expired,
    ...(latest.digest ? { digest: latest.digest } : {}),
    ...(latest.workflow_run?.id === undefined ? {} : { runId: latest.workflow_run.id }),
    ...(latest.workflow_run?.head_sha === undefined ? {} : { headSha: latest.workflow_run.head_sha }),
  };
}

/** How plan files of an artifact are named in the review: `<artifact>/<entry path>`. */
function artifactLabel(artifact: PlanArtifact): string {
  return `artifact ${artifact.name}${artifact.runId === undefined ? '' : ` (workflow run ${artifact.runId})`}`;
}

/**
 * Downloads the artifact and returns its `.json` entries as plan files named
 * `<artifact name>/<entry path>`.
 * @throws InputError when the artifact expired, is too large, is not a valid archive, or holds no `.json` file.
 */
export async function readPlanArtifact(gh: GitHubRepo, artifact: PlanArtifact, limits: Limits): Promise<InputFile[]> {
  const label = artifactLabel(artifact);
  if (artifact.expired) throw new InputError(label, undefined, 'the artifact has expired; re-run the workflow that produces it');
  if (artifact.sizeInBytes > limits.maxArtifactBytes) {
    throw new InputError(label, undefined, `${artifact.sizeInBytes} bytes, more than the limit of ${limits.maxArtifactBytes}`);
  }
  const { data } = await gh.octokit.rest.actions.downloadArtifact({
    owner: gh.owner,
    repo: gh.repo,
    artifact_id: artifact.id,
    archive_format: 'zip',
  });
  if (!(data instanceof ArrayBuffer)) throw new InputError(label, undefined, 'the download is not a ZIP archive');
  const archive = new Uint8Array(data);
  if (archive.byteLength > limits.maxArtifactBytes) {
    throw new InputError(label, undefined, `${archive.byteLength} bytes, more than the limit of ${limits.maxArtifactBytes}`);
  }
  if (artifact.digest?.startsWith('sha256:')) {
    const actual = `sha256:${createHash('sha256').update(archive).digest('hex')}`;
    if (actual !== artifact.digest) throw new InputError(label, undefined, `the download does not match the recorded digest ${artifact.digest}`);
  }
  const entries = readZip(
    archive,
    label,
    { maxEntries: limits.maxArtifactEntries, maxEntryBytes: limits.maxIacFileBytes, maxTotalBytes: limits.maxIacTotalBytes },
    (name) => name.toLowerCase().endsWith('.json'),
  );
  if (entries.length === 0) throw new InputError(label, undefined, 'the artifact holds no .json plan file');
  return entries.map((entry) => ({ path: `${artifact.name}/${entry.name}`, content: entry.content }));
}
