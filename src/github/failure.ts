/**
 * When the analysis itself fails (unreadable configuration, a limit exceeded, GitHub's API
 * failing): the errors it leaves, and the check output that states them. This output is
 * written without the report renderers, so a fault anywhere still ends in a `failure`.
 */
import { toAnalysisError, type AnalysisError } from '../model/review.js';
import type { CheckOutput } from './check-run.js';

/** The analysis errors an exception stands for. Messages name the file and place when known. */
export function errorsOf(error: unknown): AnalysisError[] {
  // GitHub's API errors carry an HTTP status; an InputError has none.
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') {
    return [{ file: 'GitHub API', message: `HTTP ${status}: ${error instanceof Error ? error.message : String(error)}` }];
  }
  return [toAnalysisError(error, 'Access Delta')];
}

export function failureOutput(errors: readonly AnalysisError[]): CheckOutput {
  const lines = errors.map((e) => `- \`${e.file}\`${e.place ? ` (${e.place})` : ''}: ${e.message}`);
  return {
    title: 'Access Delta could not review this commit',
    summary: [
      '❌ **Access Delta could not review this commit**, so the check fails (it never passes an unreviewed change).',
      '',
      ...lines,
      '',
      'Fix the problem above and push again, or re-run the check.',
    ].join('\n'),
  };
}
