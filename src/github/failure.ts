/**
 * When the analysis itself fails (unreadable configuration, a limit exceeded, GitHub's API
 * failing): the errors it leaves, and the check output that states them. This output is
 * written without the report renderers, so a fault anywhere still ends in a `failure`.
 */
import { InputError } from '../model/errors.js';
import type { AnalysisError } from '../model/review.js';
import type { CheckOutput } from './check-run.js';

/** The analysis errors an exception stands for. Messages name the file and place when known. */
export function errorsOf(error: unknown): AnalysisError[] {
  if (error instanceof InputError) {
    return [{ file: error.file, ...(error.place === undefined ? {} : { place: error.place }), message: error.problem }];
  }
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === 'number') return [{ file: 'GitHub API', message: `HTTP ${status}: ${message}` }];
  return [{ file: 'Access Delta', message }];
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
