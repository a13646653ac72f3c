/**
 * Conditions on a federated identity's subject, read as what they allow: a GitHub Actions
 * trust policy's `token.actions.githubusercontent.com:sub` values name the repositories and the
 * branches, tags, environments or pull requests whose workflows may assume the role.
 */
import type { GrantCondition } from '../model/access.js';

const GITHUB_SUBJECT_KEY = 'token.actions.githubusercontent.com:sub';
const ALLOWING_OPERATORS = new Set(['stringequals', 'stringlike', 'stringequalsifexists', 'stringlikeifexists']);

/** `GitHub Actions: example/app (branch main), example/lib (any ref)`, or undefined for other conditions. */
export function workloadIdentityText(condition: GrantCondition): string | undefined {
  if (condition.negated || condition.key.toLowerCase() !== GITHUB_SUBJECT_KEY || !ALLOWING_OPERATORS.has(condition.operator.toLowerCase())) return undefined;
  return `GitHub Actions: ${condition.values.map(githubSubjectText).join(', ')}`;
}

/** `repo:OWNER/REPO:ref:refs/heads/main` → `OWNER/REPO (branch main)`; a subject of another shape as written. */
function githubSubjectText(subject: string): string {
  if (!subject.startsWith('repo:')) return subject;
  const rest = subject.slice('repo:'.length);
  const colon = rest.indexOf(':');
  if (colon < 0) return rest === '*' ? 'any repository' : `${rest} (any workflow)`;
  const repository = rest.slice(0, colon);
  const context = rest.slice(colon + 1);
  return `${repository === '*' ? 'any repository' : repository} (${contextText(context)})`;
}

function contextText(context: string): string {
  if (context === '*') return 'any workflow';
  if (context === 'pull_request') return 'pull requests';
  for (const [prefix, what] of [['ref:refs/heads/', 'branch'], ['ref:refs/tags/', 'tag'], ['environment:', 'environment']] as const) {
    if (context.startsWith(prefix)) {
      const name = context.slice(prefix.length);
      return name === '*' ? `any ${what}` : `${what} ${name}`;
    }
  }
  return context;
}
