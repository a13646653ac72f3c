/**
 * The repository configuration `.github/access-delta.yml`, read by Probot from the default
 * branch (org-wide defaults through `_extends`), then validated by the rules' schema.
 */
import type { Context } from 'probot';
import { InputError } from '../model/errors.js';
import { parseConfig, type Config } from '../rules/config.js';

export const CONFIG_FILE_NAME = 'access-delta.yml';
export const CONFIG_PATH = `.github/${CONFIG_FILE_NAME}`;

/**
 * Reads and validates the configuration; an absent file means the defaults.
 * @throws InputError naming the file, the key path or line, and the problem.
 */
export async function loadConfig(context: Pick<Context, 'config'>): Promise<Config> {
  let raw: unknown;
  try {
    // A repository's lists replace those of the configuration it extends (no concatenation).
    raw = await context.config(CONFIG_FILE_NAME, undefined, { arrayMerge: (_base, overriding) => overriding });
  } catch (error) {
    throw isPluginError(error) ? configReadError(error) : error;
  }
  return parseConfig(raw, CONFIG_PATH);
}

const PLUGIN_PREFIX = '[@probot/octokit-plugin-config] ';

function isPluginError(error: unknown): error is Error & { cause?: unknown } {
  return error instanceof Error && error.message.startsWith(PLUGIN_PREFIX);
}

/** Probot's config plugin reports unreadable YAML and bad `_extends` as plain errors. */
function configReadError(error: Error & { cause?: unknown }): InputError {
  const cause = error.cause as { message?: string; linePos?: { line: number; col: number }[] } | undefined;
  const position = cause?.linePos?.[0];
  const place = position ? `line ${position.line}, column ${position.col}` : undefined;
  const problem = cause?.message ? `invalid YAML: ${cause.message.split('\n')[0]}` : error.message.slice(PLUGIN_PREFIX.length);
  return new InputError(CONFIG_PATH, place, problem);
}
