/**
 * A fake of the GitHub REST API at the HTTP level (nock), holding a repository's commits,
 * pull requests, check runs, comments and workflow artifacts in memory, and recording every
 * request so tests can assert what the app sent. Routes follow GitHub's documented paths and
 * response shapes; a request to anything else is answered 501 and recorded as unexpected.
 */
import { createHash } from 'node:crypto';
import nock from 'nock';

export const API = 'https://api.github.com';
export const BLOB_STORAGE = 'https://productionresultssa1.blob.core.windows.net';
/** The app under test, as `GET /app` describes it. */
export const APP = { id: 99, slug: 'access-delta' } as const;
export const BOT_LOGIN = 'access-delta[bot]';
/** The GitHub Actions app: what a workflow's `GITHUB_TOKEN` writes as. */
export const ACTIONS_APP = { id: 15368, slug: 'github-actions' } as const;

export interface AppRef {
  id: number;
  slug: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

interface CheckRun {
  id: number;
  /** The app that created the run; only that app may update it. */
  app: AppRef;
  name: string;
  head_sha: string;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations_count: number };
  annotations: Record<string, unknown>[];
}

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  /** The app whose token wrote the comment, if any. */
  performed_via_github_app: AppRef | null;
}

export interface FakeArtifact {
  id: number;
  name: string;
  runId: number;
  headSha: string;
  zip: Buffer;
  expired?: boolean;
  digest?: string;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Route = (match: RegExpExecArray, body: unknown, url: URL) => Reply;

export function gitBlobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function treeSha(commit: string, dir: string): string {
  return createHash('sha1').update(`tree ${commit}:${dir}`).digest('hex');
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  readonly checkRuns: CheckRun[] = [];
  readonly comments: Comment[] = [];
  readonly artifacts: FakeArtifact[] = [];
  /** Files of each commit, by path. */
  readonly commits = new Map<string, Map<string, Buffer>>();
  /** Parent of each commit (for the compare API). */
  readonly parents = new Map<string, string>();
  /** Files of the default branch outside the commits (`.github/access-delta.yml`, the inventory). */
  readonly defaultBranchFiles = new Map<string, string>();
  /** Default-branch files of other repositories (`owner/repo` → path → text), e.g. the org's `.github`. */
  readonly otherRepositories = new Map<string, Map<string, string>>();
  readonly pulls = new Map<number, { headSha: string; baseSha: string; headRef: string }>();
  /** When set, recursive tree listings answer `truncated: true` with only the top level. */
  truncateTrees = false;
  /** Directories (`''` for the root) whose non-recursive listing answers `truncated: true`. */
  readonly truncatedDirectories = new Set<string>();
  /** Requests to hold back until `wait` resolves. */
  readonly gates: { method: string; path: RegExp; wait: Promise<void> }[] = [];
  /** One-shot failures: the next matching request is answered with `status`. */
  readonly failures: { method: string; path: RegExp; status: number }[] = [];

  #nextId = 1000;
  readonly #trees = new Map<string, { commit: string; dir: string }>();
  readonly #routes: { method: string; pattern: RegExp; route: Route }[] = [];

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly installationId: number,
  ) {
    this.#defineRoutes();
  }

  /** Adds a commit with its files (its parent's files plus `changes`; null deletes). */
  commit(sha: string, files: Record<string, string | Buffer | null>, parent?: string): void {
    const content = new Map(parent ? this.commits.get(parent) : undefined);
    for (const [path, value] of Object.entries(files)) {
      if (value === null) content.delete(path);
      else content.set(path, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
    }
    this.commits.set(sha, content);
    if (parent) this.parents.set(sha, parent);
  }

  nextId(): number {
    return this.#nextId++;
  }

  /** A comment someone else wrote: a person (`app` null) or an app's bot account. */
  addComment(body: string, user: Comment['user'], app: AppRef | null, id = this.nextId()): Comment {
    const comment: Comment = { id, body, user, performed_via_github_app: app };
    this.comments.push(comment);
    this.comments.sort((a, b) => a.id - b.id);
    return comment;
  }

  /** A completed check run another app created on `headSha`. */
  addForeignCheckRun(app: AppRef, headSha: string, run: { name: string; external_id: string | null; conclusion: string }): CheckRun {
    const created: CheckRun = {
      id: this.nextId(),
      app,
      head_sha: headSha,
      status: 'completed',
      output: { title: 'All good', summary: 'Nothing to see here', text: null, annotations_count: 0 },
      annotations: [],
      ...run,
    };
    this.checkRuns.push(created);
    return created;
  }

  /** The requests whose method and path match. */
  sent(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  start(): void {
    nock.disableNetConnect();
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      nock(API)
        .persist()
        .intercept(/.*/, method)
        .reply(async (uri, body) => this.#answer(method, uri, body));
    }
    nock(BLOB_STORAGE)
      .persist()
      .get(/.*/)
      .reply((uri) => {
        this.requests.push({ method: 'GET', path: `${BLOB_STORAGE}${uri}`, body: undefined });
        const artifact = this.artifacts.find((a) => uri.startsWith(`/artifacts/${a.id}/`));
        return artifact ? [200, artifact.zip, { 'content-type': 'application/zip' }] : [404, 'BlobNotFound'];
      });
  }

  stop(): void {
    nock.cleanAll();
    nock.enableNetConnect();
  }

  async #answer(method: string, uri: string, rawBody: unknown): Promise<[number, unknown, Record<string, string>]> {
    const url = new URL(uri, API);
    const body = typeof rawBody === 'string' && rawBody.length > 0 ? JSON.parse(rawBody) : rawBody || undefined;
    const request = { method, path: `${url.pathname}${url.search}`, body };
    this.requests.push(request);
    for (const gate of this.gates) {
      if (gate.method === method && gate.path.test(request.path)) await gate.wait;
    }
    const failure = this.failures.findIndex((f) => f.method === method && f.path.test(request.path));
    if (failure >= 0) {
      const { status } = this.failures.splice(failure, 1)[0]!;
      return [status, { message: 'Server Error' }, { 'content-type': 'application/json; charset=utf-8' }];
    }
    for (const { method: routeMethod, pattern, route } of this.#routes) {
      const match = routeMethod === method ? pattern.exec(url.pathname) : null;
      if (match) {
        const reply = route(match, body, url);
        return [reply.status, reply.body ?? '', { 'content-type': 'application/json; charset=utf-8', ...reply.headers }];
      }
    }
    this.unexpected.push(request);
    return [501, { message: `fake GitHub has no route for ${method} ${request.path}` }, {}];
  }

  #on(method: string, path: string, route: Route): void {
    const pattern = new RegExp(`^${path.replaceAll('{owner}/{repo}', `${this.owner}/${this.repo}`)}$`);
    this.#routes.push({ method, pattern, route });
  }

  #defineRoutes(): void {
    const notFound: Reply = { status: 404, body: { message: 'Not Found' } };

    this.#on('GET', '/app', () => ({
      status: 200,
      body: { ...APP, node_id: 'A_kwHOBNeXh84AAWOq', name: 'Access Delta', owner: { login: this.owner, type: 'Organization' } },
    }));

    this.#on('POST', '/app/installations/(\\d+)/access_tokens', () => ({
      status: 201,
      body: { token: 'ghs_fake_installation_token', expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' },
    }));

    this.#on('GET', '/repos/([^/]+)/([^/]+)/contents/(.+)', (m, _body, url) => {
      const [, owner, repo, encodedPath] = m;
      const path = decodeURIComponent(encodedPath!);
      const ref = url.searchParams.get('ref');
      const ours = owner === this.owner && repo === this.repo;
      const files = ours ? this.defaultBranchFiles : this.otherRepositories.get(`${owner}/${repo}`);
      const text = ref === null || ref === 'main' ? files?.get(path) : undefined;
      if (text === undefined) return notFound;
      // Probot's config plugin asks for the raw media type (no ref: the default branch).
      if (ref === null) return { status: 200, body: text, headers: { 'content-type': 'text/plain; charset=utf-8' } };
      const bytes = Buffer.from(text, 'utf8');
      const name = path.split('/').at(-1);
      return { status: 200, body: { type: 'file', path, name, sha: gitBlobSha(bytes), size: bytes.length, encoding: 'none', content: '' } };
    });

    this.#on('GET', '/repos/{owner}/{repo}/git/trees/([0-9a-f]{40})', (m, _body, url) => this.#tree(m[1]!, url.searchParams.has('recursive')));

    this.#on('GET', '/repos/{owner}/{repo}/git/blobs/([0-9a-f]{40})', (m) => {
      const sha = m[1]!;
      for (const files of [...this.commits.values(), new Map([...this.defaultBranchFiles].map(([p, c]) => [p, Buffer.from(c)]))]) {
        for (const content of files.values()) {
          if (gitBlobSha(content) === sha) {
            return { status: 200, body: { sha, size: content.length, encoding: 'base64', content: content.toString('base64') } };
          }
        }
      }
      return notFound;
    });

    this.#on('GET', '/repos/{owner}/{repo}/commits/([0-9a-f]{40})/check-runs', (m, _body, url) => {
      const name = url.searchParams.get('check_name');
      const appId = url.searchParams.get('app_id');
      const runs = this.checkRuns.filter(
        (r) => r.head_sha === m[1] && (name === null || r.name === name) && (appId === null || r.app.id === Number(appId)),
      );
      return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => this.#checkRunJson(r)) } };
    });

    this.#on('POST', '/repos/{owner}/{repo}/check-runs', (_m, body) => {
      const input = body as Record<string, unknown>;
      const run: CheckRun = {
        id: this.nextId(),
        app: APP,
        name: input.name as string,
        head_sha: input.head_sha as string,
        external_id: (input.external_id as string | undefined) ?? null,
        status: (input.status as string | undefined) ?? 'queued',
        conclusion: null,
        output: { title: null, summary: null, text: null, annotations_count: 0 },
        annotations: [],
      };
      this.checkRuns.push(run);
      this.#applyCheckUpdate(run, input);
      return { status: 201, body: this.#checkRunJson(run) };
    });

    this.#on('PATCH', '/repos/{owner}/{repo}/check-runs/(\\d+)', (m, body) => {
      const run = this.checkRuns.find((r) => r.id === Number(m[1]));
      if (!run) return notFound;
      if (run.app.id !== APP.id) return { status: 403, body: { message: 'Resource not accessible by integration' } };
      const input = body as Record<string, unknown>;
      const annotations = (input.output as { annotations?: unknown[] } | undefined)?.annotations ?? [];
      if (annotations.length > 50) return { status: 422, body: { message: 'Only 50 annotations are allowed per request' } };
      this.#applyCheckUpdate(run, input);
      return { status: 200, body: this.#checkRunJson(run) };
    });

    this.#on('GET', '/repos/{owner}/{repo}/check-runs/(\\d+)/annotations', (m) => {
      const run = this.checkRuns.find((r) => r.id === Number(m[1]));
      return run ? { status: 200, body: run.annotations } : notFound;
    });

    this.#on('GET', '/repos/{owner}/{repo}/issues/(\\d+)/comments', () => ({
      status: 200,
      body: this.comments.map((c) => ({ ...c, user: { ...c.user, id: 1 } })),
    }));

    this.#on('POST', '/repos/{owner}/{repo}/issues/(\\d+)/comments', (_m, body) => {
      const comment: Comment = {
        id: this.nextId(),
        body: (body as { body: string }).body,
        user: { login: BOT_LOGIN, type: 'Bot' },
        performed_via_github_app: APP,
      };
      this.comments.push(comment);
      return { status: 201, body: comment };
    });

    this.#on('PATCH', '/repos/{owner}/{repo}/issues/comments/(\\d+)', (m, body) => {
      const comment = this.comments.find((c) => c.id === Number(m[1]));
      if (!comment) return notFound;
      comment.body = (body as { body: string }).body;
      return { status: 200, body: comment };
    });

    this.#on('DELETE', '/repos/{owner}/{repo}/issues/comments/(\\d+)', (m) => {
      const index = this.comments.findIndex((c) => c.id === Number(m[1]));
      if (index < 0) return notFound;
      this.comments.splice(index, 1);
      return { status: 204 };
    });

    this.#on('GET', '/repos/{owner}/{repo}/pulls/(\\d+)', (m) => {
      const pull = this.pulls.get(Number(m[1]));
      return pull ? { status: 200, body: this.#pullJson(Number(m[1]), pull) } : notFound;
    });

    this.#on('GET', '/repos/{owner}/{repo}/commits/([0-9a-f]{40})/pulls', (m) => ({
      status: 200,
      body: [...this.pulls].filter(([, p]) => p.headSha === m[1]).map(([n, p]) => this.#pullJson(n, p)),
    }));

    this.#on('GET', '/repos/{owner}/{repo}/compare/([0-9a-f]{40})\\.\\.\\.([0-9a-f]{40})', (m) => {
      const [, base, head] = m;
      if (!this.commits.has(base!) || !this.commits.has(head!)) return notFound;
      const mergeBase = this.#mergeBase(base!, head!);
      if (mergeBase === undefined) return { status: 404, body: { message: `No common ancestor between ${base} and ${head}.` } };
      const status = base === head ? 'identical' : this.#descends(head!, base!) ? 'ahead' : this.#descends(base!, head!) ? 'behind' : 'diverged';
      return {
        status: 200,
        body: { status, merge_base_commit: { sha: mergeBase }, ahead_by: 0, behind_by: 0, total_commits: 0, commits: [], files: [] },
      };
    });

    this.#on('GET', '/repos/{owner}/{repo}/actions/artifacts', (_m, _body, url) => {
      const name = url.searchParams.get('name');
      const list = this.artifacts.filter((a) => name === null || a.name === name);
      return { status: 200, body: { total_count: list.length, artifacts: list.map((a) => this.#artifactJson(a)) } };
    });

    this.#on('GET', '/repos/{owner}/{repo}/actions/runs/(\\d+)/artifacts', (m, _body, url) => {
      const name = url.searchParams.get('name');
      const list = this.artifacts.filter((a) => a.runId === Number(m[1]) && (name === null || a.name === name));
      return { status: 200, body: { total_count: list.length, artifacts: list.map((a) => this.#artifactJson(a)) } };
    });

    this.#on('GET', '/repos/{owner}/{repo}/actions/artifacts/(\\d+)/zip', (m) => {
      const artifact = this.artifacts.find((a) => a.id === Number(m[1]));
      if (!artifact) return notFound;
      if (artifact.expired) return { status: 410, body: { message: 'Artifact has expired' } };
      return { status: 302, headers: { location: `${BLOB_STORAGE}/artifacts/${artifact.id}/signed?sig=fake` } };
    });
  }

  #tree(sha: string, recursive: boolean): Reply {
    const located = this.#trees.get(sha) ?? (this.commits.has(sha) ? { commit: sha, dir: '' } : undefined);
    if (!located) return { status: 404, body: { message: 'Not Found' } };
    const files = this.commits.get(located.commit)!;
    const prefix = located.dir === '' ? '' : `${located.dir}/`;
    const entries = new Map<string, Record<string, unknown>>();
    for (const [path, content] of files) {
      if (!path.startsWith(prefix)) continue;
      const parts = path.slice(prefix.length).split('/');
      const depth = recursive && !this.truncateTrees ? parts.length : 1;
      for (let i = 1; i < Math.min(parts.length, depth + 1); i++) {
        const dir = parts.slice(0, i).join('/');
        const sha = treeSha(located.commit, `${prefix}${dir}`);
        this.#trees.set(sha, { commit: located.commit, dir: `${prefix}${dir}` });
        entries.set(dir, { path: dir, mode: '040000', type: 'tree', sha });
      }
      if (parts.length <= depth) {
        const relative = parts.join('/');
        entries.set(relative, { path: relative, mode: '100644', type: 'blob', sha: gitBlobSha(content), size: content.length });
      }
    }
    const truncated = recursive ? this.truncateTrees : this.truncatedDirectories.has(located.dir);
    return { status: 200, body: { sha, url: `${API}/trees/${sha}`, tree: [...entries.values()], truncated } };
  }

  /** The newest commit that `a` and `b` both are or descend from. */
  #mergeBase(a: string, b: string): string | undefined {
    const ancestorsOfA = new Set<string>();
    for (let sha: string | undefined = a; sha; sha = this.parents.get(sha)) ancestorsOfA.add(sha);
    for (let sha: string | undefined = b; sha; sha = this.parents.get(sha)) if (ancestorsOfA.has(sha)) return sha;
    return undefined;
  }

  #descends(commit: string, ancestor: string): boolean {
    for (let sha: string | undefined = this.parents.get(commit); sha; sha = this.parents.get(sha)) {
      if (sha === ancestor) return true;
    }
    return false;
  }

  #applyCheckUpdate(run: CheckRun, input: Record<string, unknown>): void {
    if (typeof input.status === 'string') run.status = input.status;
    if (typeof input.conclusion === 'string') {
      run.conclusion = input.conclusion;
      run.status = 'completed';
    }
    const output = input.output as { title?: string; summary?: string; text?: string; annotations?: Record<string, unknown>[] } | undefined;
    if (output) {
      run.output.title = output.title ?? run.output.title;
      run.output.summary = output.summary ?? run.output.summary;
      run.output.text = output.text ?? run.output.text;
      run.annotations.push(...(output.annotations ?? []));
      run.output.annotations_count = run.annotations.length;
    }
  }

  #checkRunJson(run: CheckRun): Record<string, unknown> {
    return {
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      external_id: run.external_id,
      status: run.status,
      conclusion: run.conclusion,
      output: { ...run.output },
      app: run.app,
      pull_requests: [],
    };
  }

  #pullJson(number: number, pull: { headSha: string; baseSha: string; headRef: string }): Record<string, unknown> {
    return {
      number,
      state: 'open',
      head: { sha: pull.headSha, ref: pull.headRef, repo: { name: this.repo, owner: { login: this.owner } } },
      base: { sha: pull.baseSha, ref: 'main', repo: { name: this.repo, owner: { login: this.owner } } },
    };
  }

  #artifactJson(artifact: FakeArtifact): Record<string, unknown> {
    return {
      id: artifact.id,
      node_id: `MDg6QXJ0aWZhY3Q${artifact.id}`,
      name: artifact.name,
      size_in_bytes: artifact.zip.length,
      url: `${API}/repos/${this.owner}/${this.repo}/actions/artifacts/${artifact.id}`,
      archive_download_url: `${API}/repos/${this.owner}/${this.repo}/actions/artifacts/${artifact.id}/zip`,
      expired: artifact.expired ?? false,
      created_at: '2026-11-28T10:00:00Z',
      expires_at: '2027-02-26T10:00:00Z',
      updated_at: '2026-11-28T10:00:00Z',
      digest: artifact.digest ?? null,
      workflow_run: { id: artifact.runId, repository_id: 1, head_repository_id: 1, head_branch: 'feature', head_sha: artifact.headSha },
    };
  }
}
