/**
 * Conditions on a federated identity's subject, read as what they allow: a GitHub Actions
 * trust policy's `token.actions.githubusercontent.com:sub` values name the repositories and the
 * branches, tags, environments or pull requests whose workflows may assume the role; an EKS
 * cluster's (`oidc.eks.REGION.amazonaws.com/id/ID:sub`, IAM roles for service accounts) name the
 * Kubernetes service accounts, `system:serviceaccount:NAMESPACE:NAME`.
 */
import type { GrantCondition } from '../model/access.js';

const GITHUB_SUBJECT_KEY = 'token.actions.githubusercontent.com:sub';
const ALLOWING_OPERATORS = new Set(['stringequals', 'stringlike', 'stringequalsifexists', 'stringlikeifexists']);

const EKS_SUBJECT_KEY = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com\/id\/([a-z0-9]+):sub$/i;

/**
 * `GitHub Actions: example/app (branch main), example/lib (any ref)`, `EKS cluster 0123ABCD
 * (eu-west-1) service accounts: data/ingest`, or undefined for other conditions.
 */
export function workloadIdentityText(condition: GrantCondition): string | undefined {
  if (condition.negated || !ALLOWING_OPERATORS.has(condition.operator.toLowerCase())) return undefined;
  if (condition.key.toLowerCase() === GITHUB_SUBJECT_KEY) return `GitHub Actions: ${condition.values.map(githubSubjectText).join(', ')}`;
  const eks = EKS_SUBJECT_KEY.exec(condition.key);
  if (eks) return `EKS cluster ${eks[2]} (${eks[1]}) service accounts: ${condition.values.map(serviceAccountText).join(', ')}`;
  return undefined;
}

/** `system:serviceaccount:data:ingest` → `data/ingest`; a subject of another shape as written. */
function serviceAccountText(subject: string): string {
  const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject);
  if (!match) return subject;
  const [, namespace, name] = match as unknown as [string, string, string];
  if (namespace === '*') return 'any service account';
  return name === '*' ? `any in namespace ${namespace}` : `${namespace}/${name}`;
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
