/**
 * Selecting files of a tree by the configuration's globs, and reading their blobs within
 * byte budgets. Contents are kept as raw bytes: the readers decode UTF-8/UTF-16 themselves.
 */
import picomatch from 'picomatch';
import type { InputFile } from '../model/input.js';
import type { TreeFile } from './tree.js';
import type { GitHubRepo } from './repo.js';

/** A test of whether a path matches any of `globs` (dot files included). */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  return globs.length === 0 ? () => false : picomatch([...globs], { dot: true });
}

/** Reads blobs by SHA, once each: a template unchanged between base and head is fetched once. */
export class BlobReader {
  readonly #gh: GitHubRepo;
  readonly #cache = new Map<string, Promise<Uint8Array>>();

  constructor(gh: GitHubRepo) {
    this.#gh = gh;
  }

  async read(file: TreeFile): Promise<InputFile> {
    let content = this.#cache.get(file.sha);
    if (content === undefined) {
      content = this.#fetch(file.sha);
      this.#cache.set(file.sha, content);
    }
    return { path: file.path, content: await content };
  }

  async #fetch(sha: string): Promise<Uint8Array> {
    const { data } = await this.#gh.octokit.rest.git.getBlob({ owner: this.#gh.owner, repo: this.#gh.repo, file_sha: sha });
    // The JSON form (base64) keeps every byte; the raw form would be decoded as text by the client.
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
  }
}

/** Tracks bytes against a total budget shared by several kinds of input. */
export class ByteBudget {
  #used = 0;

  constructor(readonly total: number) {}

  /** Reserves `bytes`; false when that would exceed the budget. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.total) return false;
    this.#used += bytes;
    return true;
  }
}
