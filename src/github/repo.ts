/** The repository an event is about, with the installation's authenticated client. */
import type { Context } from 'probot';
import type { AppIdentity } from './identity.js';

export type Octokit = Context['octokit'];

export interface GitHubRepo {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** This app: only its own check runs and comments are read as ours. */
  app: AppIdentity;
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
