/** How two commits of the repository relate (`GET /repos/{owner}/{repo}/compare/{base}...{head}`). */
import type { GitHubRepo } from './repo.js';

export interface Comparison {
  /** `ahead` when head descends from base; otherwise `behind`, `identical` or `diverged`. */
  status: string;
  /** The newest commit both descend from. */
  mergeBase: string;
}

/**
 * Compares `base` with `head`. Undefined when GitHub cannot (404): a commit a force-push
 * removed, or two commits without common history.
 */
export async function compareCommits(gh: GitHubRepo, base: string, head: string): Promise<Comparison | undefined> {
  try {
    const { data } = await gh.octokit.rest.repos.compareCommitsWithBasehead({
      owner: gh.owner,
      repo: gh.repo,
      basehead: `${base}...${head}`,
      per_page: 1,
    });
    return { status: data.status, mergeBase: data.merge_base_commit.sha };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
