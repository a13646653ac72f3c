/** The errors a failed analysis reports, and the output that states them. */
import { describe, expect, it } from 'vitest';
import { errorsOf, failureOutput } from '../../src/github/failure.js';
import { InputError } from '../../src/model/errors.js';

describe('errorsOf', () => {
  it('names the file, place and problem of bad input', () => {
    expect(errorsOf(new InputError('.github/access-delta.yml', 'rules.max-principals', 'expected number'))).toEqual([
      { file: '.github/access-delta.yml', place: 'rules.max-principals', message: 'expected number' },
    ]);
    expect(errorsOf(new InputError('infra/pr.tfplan.json', undefined, 'not JSON'))).toEqual([{ file: 'infra/pr.tfplan.json', message: 'not JSON' }]);
  });

  it('reports GitHub answering with an error status as the GitHub API', () => {
    // Octokit's RequestError: an Error with the HTTP status.
    const error = Object.assign(new Error('Server Error'), { status: 502 });
    expect(errorsOf(error)).toEqual([{ file: 'GitHub API', message: 'HTTP 502: Server Error' }]);
  });

  it('reports anything else as an internal error of Access Delta', () => {
    expect(errorsOf(new TypeError('x is undefined'))).toEqual([{ file: 'Access Delta', message: 'internal error while analysing: x is undefined' }]);
  });
});

describe('failureOutput', () => {
  it('says the check fails closed and lists every error', () => {
    const output = failureOutput([
      { file: 'a.tfplan.json', place: 'resource_changes[0]', message: 'not an object' },
      { file: 'GitHub API', message: 'HTTP 500: boom' },
    ]);
    expect(output.title).toBe('Access Delta could not review this commit');
    expect(output.summary).toContain('so the check fails');
    expect(output.summary).toContain('- `a.tfplan.json` (resource_changes[0]): not an object');
    expect(output.summary).toContain('- `GitHub API`: HTTP 500: boom');
  });
});
