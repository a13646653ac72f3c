/**
 * The check run `Access Delta` on a pull request's head commit: found or created once per
 * commit, completed with the review's output, annotations sent 50 per request.
 *
 * Idempotence without state: our check runs carry an `external_id` (`access-delta` for runs
 * started by pushes and pull-request events, `access-delta:rerun:<delivery id>` for a re-run a
 * person asked for). A re-delivered webhook finds its check run instead of creating one. When
 * replicas race and both create one, the newest survives (GitHub shows the newest run of a
 * name) and the older is closed as `cancelled`, never as a pass.
 */
import type { Conclusion } from '../model/review.js';
import { CHECK_RUN_OUTPUT_MAX_LENGTH, MAX_TITLE_LENGTH, type CheckAnnotation } from '../report/check-run.js';
import { truncate } from '../report/markdown.js';
import { GITHUB_LIMITS } from './limits.js';
import type { GitHubRepo } from './repo.js';

export const CHECK_NAME = 'Access Delta';
const AUTOMATIC_ID = 'access-delta';
const RERUN_ID_PREFIX = 'access-delta:rerun:';

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

/** Why a check run is being written: an automatic event, or a re-run requested in the UI. */
export type CheckRunTrigger = { kind: 'automatic' } | { kind: 'rerun'; deliveryId: string };

export interface CheckRunHandle {
  id: number;
  /** Annotations the run already carries (a reused run): they are not sent again. */
  existingAnnotations: Set<string>;
}

interface ListedCheckRun {
  id: number;
  name: string;
  external_id: string | null;
  app: { id: number } | null;
  output: { annotations_count: number };
}

/**
 * Our check runs on `headSha`, oldest first: made by this app, whatever others call theirs
 * (a workflow or another app may create a run named `Access Delta` too).
 */
export async function listCheckRuns(gh: GitHubRepo, headSha: string): Promise<ListedCheckRun[]> {
  const runs = await gh.octokit.paginate(gh.octokit.rest.checks.listForRef, {
    owner: gh.owner,
    repo: gh.repo,
    ref: headSha,
    check_name: CHECK_NAME,
    app_id: gh.app.id,
    filter: 'all',
    per_page: 100,
  });
  return runs
    .filter((run) => run.name === CHECK_NAME && run.app?.id === gh.app.id && isOurs(run.external_id))
    .sort((a, b) => a.id - b.id);
}

function isOurs(externalId: string | null): boolean {
  return externalId === AUTOMATIC_ID || (externalId?.startsWith(RERUN_ID_PREFIX) ?? false);
}

function externalIdOf(trigger: CheckRunTrigger): string {
  return trigger.kind === 'rerun' ? `${RERUN_ID_PREFIX}${trigger.deliveryId}` : AUTOMATIC_ID;
}

/**
 * The check run to write for `headSha`: an automatic event reuses the newest of ours; a re-run
 * reuses only the run created for the same delivery. Otherwise a new run is created in progress.
 * Returns undefined when a concurrent replica's newer run supersedes the one just created.
 */
export async function openCheckRun(gh: GitHubRepo, headSha: string, trigger: CheckRunTrigger): Promise<CheckRunHandle | undefined> {
  const externalId = externalIdOf(trigger);
  const matches = (run: ListedCheckRun) => trigger.kind === 'automatic' || run.external_id === externalId;
  const reusable = (await listCheckRuns(gh, headSha)).filter(matches).at(-1);
  if (reusable !== undefined) {
    return { id: reusable.id, existingAnnotations: await annotationKeys(gh, reusable) };
  }
  const { data: created } = await gh.octokit.rest.checks.create({
    owner: gh.owner,
    repo: gh.repo,
    name: CHECK_NAME,
    head_sha: headSha,
    external_id: externalId,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: { title: 'Reviewing access', summary: 'Access Delta is reading the infrastructure-as-code of this commit.' },
  });
  const newer = (await listCheckRuns(gh, headSha)).filter((run) => run.external_id === externalId && run.id > created.id);
  if (newer.length > 0) {
    await gh.octokit.rest.checks.update({
      owner: gh.owner,
      repo: gh.repo,
      check_run_id: created.id,
      status: 'completed',
      conclusion: 'cancelled',
      output: { title: 'Superseded', summary: `A concurrent delivery created check run ${newer.at(-1)!.id}; it carries the result.` },
    });
    return undefined;
  }
  return { id: created.id, existingAnnotations: new Set() };
}

/** Reports progress without completing the run (e.g. waiting for a plan artifact). */
export async function reportProgress(gh: GitHubRepo, run: CheckRunHandle, output: CheckOutput): Promise<void> {
  await gh.octokit.rest.checks.update({
    owner: gh.owner,
    repo: gh.repo,
    check_run_id: run.id,
    status: 'in_progress',
    output: boundedOutput(output),
  });
}

/**
 * Completes the run with `conclusion` and `output`. Annotations go 50 per request: every batch
 * but the last while the run is still in progress, the last one with the conclusion, so a
 * failure midway never leaves a completed run with annotations missing.
 */
export async function completeCheckRun(gh: GitHubRepo, run: CheckRunHandle, conclusion: Conclusion, output: CheckOutput): Promise<void> {
  const fresh = (output.annotations ?? []).filter((annotation) => !run.existingAnnotations.has(annotationKey(annotation)));
  const batches = chunk(fresh, GITHUB_LIMITS.annotationsPerRequest);
  const bounded = boundedOutput(output);
  for (const [index, annotations] of batches.entries()) {
    const last = index === batches.length - 1;
    await gh.octokit.rest.checks.update({
      owner: gh.owner,
      repo: gh.repo,
      check_run_id: run.id,
      ...(last ? { status: 'completed' as const, conclusion, completed_at: new Date().toISOString() } : {}),
      output: { ...bounded, annotations },
    });
  }
  if (batches.length === 0) {
    await gh.octokit.rest.checks.update({
      owner: gh.owner,
      repo: gh.repo,
      check_run_id: run.id,
      status: 'completed',
      conclusion,
      completed_at: new Date().toISOString(),
      output: bounded,
    });
  }
}

/** Title, summary and text within GitHub's limits (the renderers aim below them already). */
function boundedOutput(output: CheckOutput): Omit<CheckOutput, 'annotations'> {
  return {
    title: truncate(output.title, MAX_TITLE_LENGTH),
    summary: truncate(output.summary, CHECK_RUN_OUTPUT_MAX_LENGTH, SHORTENED),
    ...(output.text === undefined ? {} : { text: truncate(output.text, CHECK_RUN_OUTPUT_MAX_LENGTH, SHORTENED) }),
  };
}

const SHORTENED = '\n\n… (shortened to fit GitHub’s limit)';

async function annotationKeys(gh: GitHubRepo, run: ListedCheckRun): Promise<Set<string>> {
  if (run.output.annotations_count === 0) return new Set();
  const annotations = await gh.octokit.paginate(gh.octokit.rest.checks.listAnnotations, {
    owner: gh.owner,
    repo: gh.repo,
    check_run_id: run.id,
    per_page: 100,
  });
  return new Set(annotations.map((a) => annotationKey(a as CheckAnnotation)));
}

function annotationKey(annotation: CheckAnnotation): string {
  const { path, start_line, end_line, annotation_level, message } = annotation;
  return JSON.stringify([path, start_line, end_line, annotation_level, message]);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
