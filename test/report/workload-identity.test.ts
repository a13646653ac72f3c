import { describe, expect, it } from 'vitest';
import type { GrantCondition } from '../../src/model/access.js';
import { workloadIdentityText } from '../../src/report/workload-identity.js';

const condition = (operator: string, values: string[], more: Partial<GrantCondition> = {}): GrantCondition => ({
  operator,
  key: 'token.actions.githubusercontent.com:sub',
  values,
  negated: false,
  policy: 'deployer trust policy',
  statement: 'GitHubActions',
  ...more,
});

describe('workloadIdentityText', () => {
  it('names the repositories and the branches, tags, environments or pull requests a GitHub Actions subject allows', () => {
    expect(
      workloadIdentityText(
        condition('StringLike', [
          'repo:example/app:ref:refs/heads/main',
          'repo:example/app:ref:refs/tags/v*',
          'repo:example/app:environment:production',
          'repo:example/app:pull_request',
          'repo:example/lib:*',
          'repo:example/docs:ref:refs/heads/*',
          'repo:*',
          'repo:example/tools:job_workflow_ref:x',
        ]),
      ),
    ).toBe(
      'GitHub Actions: example/app (branch main), example/app (tag v*), example/app (environment production), example/app (pull requests), example/lib (any workflow), example/docs (any branch), any repository, example/tools (job_workflow_ref:x)',
    );
  });

  it('reads the key case-insensitively and keeps a subject of another shape as written', () => {
    expect(workloadIdentityText(condition('stringEquals', ['octo-org'], { key: 'Token.Actions.GithubUserContent.com:Sub' }))).toBe('GitHub Actions: octo-org');
  });

  it('names the Kubernetes service accounts an EKS cluster\'s subject allows (IAM roles for service accounts)', () => {
    const key = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub';
    expect(workloadIdentityText(condition('StringLike', ['system:serviceaccount:data:ingest', 'system:serviceaccount:jobs:*', 'system:serviceaccount:*:*', 'other'], { key }))).toBe(
      'EKS cluster ABCDEF0123456789 (eu-west-1) service accounts: data/ingest, any in namespace jobs, any service account, other',
    );
    expect(workloadIdentityText(condition('StringEquals', ['sts.amazonaws.com'], { key: key.replace(':sub', ':aud') }))).toBeUndefined();
    expect(workloadIdentityText(condition('StringNotEquals', ['system:serviceaccount:data:ingest'], { key }))).toBeUndefined();
  });

  it('leaves other keys, Deny conditions and other operators to the generic text', () => {
    expect(workloadIdentityText(condition('StringEquals', ['sts.amazonaws.com'], { key: 'token.actions.githubusercontent.com:aud' }))).toBeUndefined();
    expect(workloadIdentityText(condition('StringEquals', ['repo:example/app:pull_request'], { negated: true }))).toBeUndefined();
    expect(workloadIdentityText(condition('StringNotLike', ['repo:example/app:*']))).toBeUndefined();
  });
});
