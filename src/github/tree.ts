/**
 * The files of a commit, from the Git trees API: one recursive listing, or, when GitHub
 * truncates it (very large repositories), a walk of the subtrees within a request budget.
 */
import { InputError } from '../model/errors.js';
import type { Limits } from './limits.js';
import { mapConcurrent, type GitHubRepo } from './repo.js';

/** A regular file (blob) in a commit's tree. */
export interface TreeFile {
  path: string;
  /** The blob SHA: equal SHAs mean equal contents. */
  sha: string;
  size: number;
}

interface RawTreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

/** Symbolic links are blobs whose content is the link target: never read them as files. */
const SYMLINK_MODE = '120000';

/**
 * Lists the regular files of `commitSha`, sorted by path.
 * @throws InputError when a truncated tree needs more requests than `limits.maxTreeRequests`, or
 * when GitHub truncates the listing of one directory (the files beyond it would go unseen).
 */
export async function listFiles(gh: GitHubRepo, commitSha: string, limits: Limits): Promise<TreeFile[]> {
  const { data } = await gh.octokit.rest.git.getTree({ owner: gh.owner, repo: gh.repo, tree_sha: commitSha, recursive: 'true' });
  const files = data.truncated ? await walkTree(gh, commitSha, limits) : filesOf(data.tree, '');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walkTree(gh: GitHubRepo, commitSha: string, limits: Limits): Promise<TreeFile[]> {
  const files: TreeFile[] = [];
  let pending: { sha: string; prefix: string }[] = [{ sha: commitSha, prefix: '' }];
  let requests = 0;
  while (pending.length > 0) {
    requests += pending.length;
    if (requests > limits.maxTreeRequests) {
      throw new InputError(
        `commit ${commitSha}`,
        undefined,
        `the repository tree is too large to list (more than ${limits.maxTreeRequests} directories)`,
      );
    }
    const levels = await mapConcurrent(pending, limits.concurrency, async ({ sha, prefix }) => {
      const { data } = await gh.octokit.rest.git.getTree({ owner: gh.owner, repo: gh.repo, tree_sha: sha });
      if (data.truncated) {
        throw new InputError(
          `commit ${commitSha}`,
          prefix === '' ? 'the root directory' : `directory ${prefix.slice(0, -1)}`,
          'GitHub truncated the listing of this directory (too many entries), so some of its files cannot be seen; a partial tree is not reviewed',
        );
      }
      return { prefix, entries: data.tree as RawTreeEntry[] };
    });
    pending = [];
    for (const { prefix, entries } of levels) {
      files.push(...filesOf(entries, prefix));
      for (const entry of entries) {
        if (entry.type === 'tree' && entry.path && entry.sha) pending.push({ sha: entry.sha, prefix: `${prefix}${entry.path}/` });
      }
    }
  }
  return files;
}

function filesOf(entries: readonly RawTreeEntry[], prefix: string): TreeFile[] {
  const files: TreeFile[] = [];
  for (const entry of entries) {
    if (entry.type !== 'blob' || entry.mode === SYMLINK_MODE || !entry.path || !entry.sha) continue;
    files.push({ path: `${prefix}${entry.path}`, sha: entry.sha, size: entry.size ?? 0 });
  }
  return files;
}
