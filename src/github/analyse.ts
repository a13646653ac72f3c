/**
 * One pull request, one commit: open the check run, read the configuration and the sources,
 * review, then complete the check run and write the sticky comment. Every fault ends in a
 * `failure` check with the reason; nothing here can complete the check as a pass by accident.
 */
import type { Logger } from 'probot';
import { InputError } from '../model/errors.js';
import type { Inventory } from '../model/inventory.js';
import type { InputFile } from '../model/input.js';
import { blockingFindings, type Conclusion, type Review } from '../model/review.js';
import { renderCheckRun } from '../report/check-run.js';
import { renderComment } from '../report/comment.js';
import { changesNoAccess } from '../report/sections.js';
import { review } from '../review.js';
import type { Config } from '../rules/config.js';
import { findCommitArtifact, findRunArtifact, type PlanArtifact } from './artifact.js';
import { completeCheckRun, listCheckRuns, openCheckRun, reportProgress, type CheckOutput, type CheckRunHandle } from './check-run.js';
import { commentBudget, writeStickyComment, type CommentResult } from './comment.js';
import { CONFIG_PATH } from './config.js';
import { errorsOf, failureOutput } from './failure.js';
import type { Limits } from './limits.js';
import type { GitHubRepo } from './repo.js';
import { collectSources, type PullRequestSources } from './sources.js';

/** The pull request and the commit of it to review. */
export interface AnalysisTarget {
  pullNumber: number;
  headSha: string;
  baseSha: string;
}

/** The event that asked for the analysis. */
export type AnalysisTrigger =
  | { kind: 'pull_request' }
  /** A push created a check suite: skipped when a pull-request event already opened the check run. */
  | { kind: 'check_suite_requested' }
  /** Someone asked to re-run the check (check run or check suite `rerequested`). */
  | { kind: 'rerun'; deliveryId: string }
  /** A workflow run completed: it may have uploaded the plan artifact. */
  | { kind: 'workflow_run'; runId: number };

export interface AnalysisSettings {
  limits: Limits;
  /** Today's date decides which waivers have expired. */
  now: () => Date;
  readInventory: (file: InputFile) => Inventory;
}

export interface AnalysisEnvironment {
  gh: GitHubRepo;
  defaultBranch: string;
  loadConfig: () => Promise<Config>;
  settings: AnalysisSettings;
  log: Logger;
}

/** What the check run and the comment receive. */
interface Delivery {
  conclusion: Conclusion;
  output: CheckOutput;
  commentMarkdown: string;
  /** True when the comment may be created (an existing one is always updated). */
  mayCreateComment: boolean;
  inputs: number;
}

export async function analysePullRequest(env: AnalysisEnvironment, target: AnalysisTarget, trigger: AnalysisTrigger): Promise<void> {
  const { gh, log } = env;
  let config: Config | undefined;
  let runArtifact: PlanArtifact | undefined;
  if (trigger.kind === 'workflow_run') {
    // Only the run that uploaded the configured artifact matters; configuration errors are
    // reported by the pull-request events, not by every workflow run.
    config = await env.loadConfig().catch(() => undefined);
    if (config?.planArtifact === undefined) return;
    runArtifact = await findRunArtifact(gh, trigger.runId, config.planArtifact);
    if (runArtifact === undefined) return;
  }
  if (trigger.kind === 'check_suite_requested' && (await listCheckRuns(gh, target.headSha)).length > 0) return;

  const run = await openCheckRun(gh, target.headSha, trigger.kind === 'rerun' ? trigger : { kind: 'automatic' });
  if (run === undefined) return;
  let delivery: Delivery | 'waiting';
  try {
    config ??= await env.loadConfig();
    delivery = await reviewCommit(env, target, config, run, runArtifact);
  } catch (error) {
    // Bad input is the author's to fix (the check says what); anything else is the operator's.
    if (!(error instanceof InputError)) log.error({ err: error, pull: target.pullNumber, sha: target.headSha }, 'Access Delta: analysis failed');
    delivery = failureDelivery(error);
  }
  if (delivery === 'waiting') return;
  try {
    await deliver(env, target, run, delivery);
  } catch (error) {
    log.error({ err: error, pull: target.pullNumber, sha: target.headSha }, 'Access Delta: delivering the review failed');
    await deliver(env, target, run, failureDelivery(error));
  }
}

async function reviewCommit(
  env: AnalysisEnvironment,
  target: AnalysisTarget,
  config: Config,
  run: CheckRunHandle,
  runArtifact: PlanArtifact | undefined,
): Promise<Delivery | 'waiting'> {
  const { gh, settings } = env;
  const artifactName = config.planArtifact;
  const found = await collectSources(
    gh,
    { headSha: target.headSha, baseSha: target.baseSha, defaultBranch: env.defaultBranch },
    {
      config,
      limits: settings.limits,
      readInventory: settings.readInventory,
      findArtifact: async () => runArtifact ?? (artifactName === undefined ? undefined : findCommitArtifact(gh, target.headSha, artifactName)),
    },
  );
  if (found.kind === 'waiting') {
    await reportProgress(gh, run, {
      title: `Waiting for the plan artifact ${found.artifactName}`,
      summary:
        `This commit changes Terraform files, and the plan comes from the workflow artifact \`${found.artifactName}\` ` +
        `(configured in \`${CONFIG_PATH}\`), which no workflow run of ${target.headSha} has uploaded yet. ` +
        'The check completes when that workflow run does.',
    });
    return 'waiting';
  }
  const today = settings.now().toISOString().slice(0, 10);
  if (found.kind === 'none') {
    const result = await review({ plans: [], templates: [], terraformSources: [], config, today });
    return reviewDelivery(result, target.headSha, { mayCreateComment: false, headPaths: new Set() });
  }
  const result = withSourceProblems(await reviewSources(found.sources, config, today), found.sources);
  const silent = config.comment.whenNoChange === 'none' && changesNoAccess(result);
  return reviewDelivery(result, target.headSha, { mayCreateComment: !silent, headPaths: found.sources.headPaths });
}

function reviewSources(sources: PullRequestSources, config: Config, today: string): Promise<Review> {
  return review({
    plans: sources.plans,
    templates: sources.templates,
    terraformSources: sources.terraformSources,
    ...(sources.inventory === undefined ? {} : { inventory: sources.inventory }),
    config,
    today,
  });
}

/** Inputs that could not be read fail the review; nothing about them is dropped. */
function withSourceProblems(result: Review, sources: PullRequestSources): Review {
  const errors = [...result.errors, ...sources.errors];
  return {
    ...result,
    errors,
    notices: [...result.notices, ...sources.notices],
    conclusion: errors.length > 0 ? 'failure' : result.conclusion,
  };
}

/**
 * The review's renderings. Annotations can only point at files of the head commit; a finding
 * located in a plan artifact (not a repository file) stays in the summary only.
 */
function reviewDelivery(
  result: Review,
  headSha: string,
  { mayCreateComment, headPaths }: { mayCreateComment: boolean; headPaths: ReadonlySet<string> },
): Delivery {
  return {
    conclusion: conclusionOf(result),
    output: renderCheckRun(result, { annotatable: (path) => headPaths.has(path) }),
    commentMarkdown: renderComment(result, { maxLength: commentBudget(headSha) }),
    mayCreateComment,
    inputs: result.inputs.length,
  };
}

function failureDelivery(error: unknown): Delivery {
  const output = failureOutput(errorsOf(error));
  return { conclusion: 'failure', output, commentMarkdown: output.summary, mayCreateComment: false, inputs: 0 };
}

/** Fails closed: analysis errors or unwaived error findings always mean `failure`. */
function conclusionOf(result: Review): Conclusion {
  if (result.errors.length > 0 || blockingFindings(result.findings).length > 0) return 'failure';
  return result.conclusion;
}

async function deliver(env: AnalysisEnvironment, target: AnalysisTarget, run: CheckRunHandle, delivery: Delivery): Promise<void> {
  const { gh, log } = env;
  await completeCheckRun(gh, run, delivery.conclusion, delivery.output);
  const comment: CommentResult = await writeStickyComment(gh, target, delivery.commentMarkdown, delivery.mayCreateComment);
  log.info(
    { pull: target.pullNumber, sha: target.headSha, conclusion: delivery.conclusion, comment, inputs: delivery.inputs },
    'Access Delta: review delivered',
  );
}
