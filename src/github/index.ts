/**
 * The Access Delta GitHub App (Probot). `npm start` runs `probot run ./dist/github/index.js`,
 * which loads the default export.
 *
 * Events: `pull_request` opened/synchronize/reopened; `check_run` rerequested (our check);
 * `check_suite` requested/rerequested; `workflow_run` completed (the plan artifact). Each
 * resolves to pull requests and commits, analysed one at a time per pull request.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import { readAuthorizationDetails } from '../iac/index.js';
import { analysePullRequest, type AnalysisSettings, type AnalysisTarget, type AnalysisTrigger } from './analyse.js';
import { CHECK_NAME } from './check-run.js';
import { loadConfig } from './config.js';
import { identityLoader } from './identity.js';
import { KeyedQueue } from './keyed-queue.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import type { GitHubRepo } from './repo.js';

export interface AppOptions {
  limits?: Partial<Limits>;
  /** The clock (waiver expiry); tests fix it. */
  now?: () => Date;
}

type RepoContext = Context<'pull_request' | 'check_run' | 'check_suite' | 'workflow_run'>;

/** A pull request as event payloads list them (`pull_requests[]` of check and workflow events). */
interface PullRequestMention {
  number: number;
  base: { sha: string };
}

export function accessDeltaApp(options: AppOptions = {}): ApplicationFunction {
  const settings: AnalysisSettings = {
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    now: options.now ?? (() => new Date()),
    readInventory: readAuthorizationDetails,
  };
  return (app: Probot) => {
    const queue = new KeyedQueue();
    const identity = identityLoader(() => app.auth());

    const analyse = async (context: RepoContext, targets: AnalysisTarget[], trigger: AnalysisTrigger): Promise<void> => {
      const { repository } = context.payload;
      const gh: GitHubRepo = { octokit: context.octokit, owner: repository.owner.login, repo: repository.name, app: await identity() };
      const env = {
        gh,
        defaultBranch: repository.default_branch,
        loadConfig: () => loadConfig(context),
        settings,
        log: context.log,
      };
      await Promise.all(
        targets.map((target) =>
          queue.run(`${gh.owner}/${gh.repo}#${target.pullNumber}`, async () => {
            try {
              await analysePullRequest(env, target, trigger);
            } catch (error) {
              // The check run stays in progress (blocking a required check) rather than passing.
              context.log.error({ err: error, pull: target.pullNumber, sha: target.headSha }, 'Access Delta: analysis failed');
            }
          }),
        ),
      );
    };

    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], async (context) => {
      const pull = context.payload.pull_request;
      await analyse(context, [{ pullNumber: pull.number, headSha: pull.head.sha, baseSha: pull.base.sha }], {
        kind: 'pull_request',
      });
    });

    app.on('check_run.rerequested', async (context) => {
      const run = context.payload.check_run;
      if (run.name !== CHECK_NAME || run.app?.id !== (await identity()).id) return;
      const targets = await pullRequestsOf(context, run.head_sha, run.pull_requests);
      await analyse(context, targets, { kind: 'rerun', deliveryId: context.id });
    });

    app.on(['check_suite.requested', 'check_suite.rerequested'], async (context) => {
      const suite = context.payload.check_suite;
      const targets = await pullRequestsOf(context, suite.head_sha, suite.pull_requests);
      const trigger: AnalysisTrigger =
        context.payload.action === 'rerequested' ? { kind: 'rerun', deliveryId: context.id } : { kind: 'check_suite_requested' };
      await analyse(context, targets, trigger);
    });

    app.on('workflow_run.completed', async (context) => {
      const run = context.payload.workflow_run;
      const targets = await pullRequestsOf(context, run.head_sha, run.pull_requests);
      await analyse(context, targets, { kind: 'workflow_run', runId: run.id });
    });
  };
}

/**
 * The open pull requests whose head is `headSha`. Events list them, except for pull requests
 * from forks (GitHub leaves `pull_requests` empty then): those are looked up by commit.
 */
async function pullRequestsOf(
  context: RepoContext,
  headSha: string,
  mentioned: readonly (PullRequestMention | null)[] | null | undefined,
): Promise<AnalysisTarget[]> {
  let pulls = (mentioned ?? []).filter((pull): pull is PullRequestMention => pull !== null);
  if (pulls.length === 0) {
    const { data } = await context.octokit.rest.repos.listPullRequestsAssociatedWithCommit(context.repo({ commit_sha: headSha }));
    pulls = data.filter((pull) => pull.state === 'open' && pull.head.sha === headSha);
  }
  return pulls.map((pull) => ({ pullNumber: pull.number, headSha, baseSha: pull.base.sha }));
}

export default accessDeltaApp();
