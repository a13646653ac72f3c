/**
 * Who this app is on GitHub. Its check runs and its sticky comment are recognised by the app
 * that wrote them, never by name or marker alone: any workflow (`github-actions[bot]`) or other
 * app can write a check run called `Access Delta` or a comment that starts with our marker.
 */
import type { Octokit } from './repo.js';

export interface AppIdentity {
  id: number;
  /** The app's URL name; its bot account is `<slug>[bot]`. */
  slug: string;
}

/** The account our comments are written by. */
export function botLogin(app: AppIdentity): string {
  return `${app.slug}[bot]`;
}

/**
 * Reads the identity once (`GET /app`, with the client authenticated as the app itself) and
 * keeps it; a failed read is not kept, so the next delivery asks again.
 */
export function identityLoader(appClient: () => Promise<Octokit>): () => Promise<AppIdentity> {
  let identity: Promise<AppIdentity> | undefined;
  const read = async (): Promise<AppIdentity> => {
    const { data } = await (await appClient()).rest.apps.getAuthenticated();
    if (!data?.slug) throw new Error('GET /app did not name the app: it cannot tell its own check runs and comments from others');
    return { id: data.id, slug: data.slug };
  };
  return () => {
    identity ??= read().catch((error: unknown) => {
      identity = undefined;
      throw error;
    });
    return identity;
  };
}
