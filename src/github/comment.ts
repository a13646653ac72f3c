/**
 * The one sticky pull-request comment: found by its hidden marker, which also records the
 * commit it describes; edited in place; never overwritten by the analysis of an older commit;
 * duplicates from concurrent replicas removed (the oldest comment is the one kept).
 */
import { truncate } from '../report/markdown.js';
import { COMMENT_MAX_LENGTH } from '../report/comment.js';
import { compareCommits } from './compare.js';
import { botLogin, type AppIdentity } from './identity.js';
import type { GitHubRepo } from './repo.js';

const MARKER = /^<!-- access-delta:sticky head=([0-9a-f]{40}) -->/;

/** The hidden first line of the comment. */
export function commentMarker(headSha: string): string {
  return `<!-- access-delta:sticky head=${headSha} -->`;
}

/** Characters left for the Markdown after the marker line. */
export function commentBudget(headSha: string): number {
  return COMMENT_MAX_LENGTH - commentMarker(headSha).length - 1;
}

export interface StickyComment {
  id: number;
  /** The commit the comment describes. */
  headSha: string;
  body: string;
}

export type CommentResult =
  | 'created'
  | 'updated'
  | 'unchanged'
  /** No comment exists and none was wanted. */
  | 'not-needed'
  /** A newer commit is (or will be) described instead. */
  | 'stale';

export interface StickyCommentTarget {
  pullNumber: number;
  /** The commit the Markdown describes. */
  headSha: string;
}

/**
 * Our marked comments on the pull request, oldest first. Only comments this app wrote count: a
 * copy of the marker by anyone else (a workflow's `github-actions[bot]`, another app, a person)
 * is ignored, so it can neither suppress our comment nor have it deleted.
 */
export async function findStickyComments(gh: GitHubRepo, pullNumber: number): Promise<StickyComment[]> {
  const comments = await gh.octokit.paginate(gh.octokit.rest.issues.listComments, {
    owner: gh.owner,
    repo: gh.repo,
    issue_number: pullNumber,
    per_page: 100,
  });
  const sticky: StickyComment[] = [];
  for (const comment of comments) {
    const headSha = writtenBy(gh.app, comment) ? MARKER.exec(comment.body ?? '')?.[1] : undefined;
    if (headSha !== undefined) sticky.push({ id: comment.id, headSha, body: comment.body ?? '' });
  }
  return sticky.sort((a, b) => a.id - b.id);
}

interface CommentAuthor {
  user?: { login: string; type: string } | null;
  performed_via_github_app?: { id: number } | null;
}

/** Written by this app's bot account (a person acting through the app does not count). */
function writtenBy(app: AppIdentity, comment: CommentAuthor): boolean {
  if (comment.user?.type !== 'Bot') return false;
  return comment.user.login === botLogin(app) || comment.performed_via_github_app?.id === app.id;
}

/**
 * Writes `markdown` as the sticky comment for `target.headSha`. Creates it only when
 * `create` is true; an existing comment is always brought up to date, so it never shows the
 * result of a commit the PR moved away from.
 */
export async function writeStickyComment(
  gh: GitHubRepo,
  target: StickyCommentTarget,
  markdown: string,
  create: boolean,
): Promise<CommentResult> {
  const body = truncate(`${commentMarker(target.headSha)}\n${markdown}`, COMMENT_MAX_LENGTH);
  const existing = await findStickyComments(gh, target.pullNumber);
  const kept = existing[0];
  if (kept === undefined && !create) return 'not-needed';
  if (await isStale(gh, target, kept)) return 'stale';

  if (kept === undefined) {
    const { data } = await gh.octokit.rest.issues.createComment({
      owner: gh.owner,
      repo: gh.repo,
      issue_number: target.pullNumber,
      body,
    });
    await removeDuplicates(gh, target.pullNumber, data.id, body);
    return 'created';
  }
  for (const duplicate of existing.slice(1)) await deleteComment(gh, duplicate.id);
  if (kept.body === body) return 'unchanged';
  await gh.octokit.rest.issues.updateComment({ owner: gh.owner, repo: gh.repo, comment_id: kept.id, body });
  return 'updated';
}

/**
 * True when writing would replace a newer analysis: the PR's head is no longer the analysed
 * commit, or the existing comment describes a commit that descends from it.
 */
async function isStale(gh: GitHubRepo, target: StickyCommentTarget, existing: StickyComment | undefined): Promise<boolean> {
  if (existing !== undefined && existing.headSha !== target.headSha) {
    // A commit that a force-push removed can no longer be compared; the head check decides.
    const comparison = await compareCommits(gh, target.headSha, existing.headSha);
    if (comparison?.status === 'ahead') return true;
  }
  const { data: pull } = await gh.octokit.rest.pulls.get({ owner: gh.owner, repo: gh.repo, pull_number: target.pullNumber });
  return pull.head.sha !== target.headSha;
}

/** After creating, converge with concurrent replicas: keep the oldest marked comment only. */
async function removeDuplicates(gh: GitHubRepo, pullNumber: number, createdId: number, body: string): Promise<void> {
  const [kept, ...duplicates] = await findStickyComments(gh, pullNumber);
  if (kept === undefined) return;
  if (kept.id !== createdId && kept.body !== body) {
    await gh.octokit.rest.issues.updateComment({ owner: gh.owner, repo: gh.repo, comment_id: kept.id, body });
  }
  for (const duplicate of duplicates) await deleteComment(gh, duplicate.id);
}

async function deleteComment(gh: GitHubRepo, commentId: number): Promise<void> {
  try {
    await gh.octokit.rest.issues.deleteComment({ owner: gh.owner, repo: gh.repo, comment_id: commentId });
  } catch (error) {
    // Another replica may have removed the same duplicate first.
    if ((error as { status?: number }).status !== 404) throw error;
  }
}
