import { describe, expect, it } from 'vitest';
import { readCloudFormation, readTerraformPlan } from '../../src/iac/index.js';
import type { Inventory } from '../../src/model/inventory.js';
import { parseConfig } from '../../src/rules/index.js';
import { review } from '../../src/review.js';
import { resource } from './helpers.js';
import { planFile } from './plan-builder.js';

const A = '444455556666';
const R = 'eu-west-1';
const ORG_READERS = { Sid: 'OrgRead', Effect: 'Allow', Principal: '*', Action: 'codeartifact:ReadFromRepository', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } };
const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const domainArn = `arn:aws:codeartifact:${R}:${A}:domain/shared`;
const repositoryArn = `arn:aws:codeartifact:${R}:${A}:repository/shared/npm-store`;
const sids = (inventory: Inventory, arn: string) =>
  ((resource(inventory, arn).policy?.document as { Statement: Array<{ Sid: string }> } | undefined)?.Statement ?? []).map((s) => s.Sid);
const unread = (inventory: Inventory) => inventory.unknowns.filter((u) => u.reason.includes('does not read yet'));

describe('Terraform: CodeArtifact domain and repository permissions policies', () => {
  const { after } = readTerraformPlan(
    planFile('codeartifact.tfplan.json', R, [
      { type: 'aws_codeartifact_domain', name: 'shared', after: { domain: 'shared', tags: { Team: 'platform' } }, afterUnknown: { arn: true, owner: true }, expressions: { domain: { constant_value: 'shared' } } },
      {
        type: 'aws_codeartifact_domain_permissions_policy',
        name: 'shared',
        after: { policy_document: policy({ Sid: 'Tokens', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/ci` }, Action: 'codeartifact:GetAuthorizationToken', Resource: '*' }) },
        afterUnknown: { domain: true, resource_arn: true },
        expressions: { domain: { references: ['aws_codeartifact_domain.shared.domain', 'aws_codeartifact_domain.shared'] } },
      },
      { type: 'aws_codeartifact_repository', name: 'npm', after: { repository: 'npm-store', domain: 'shared' }, afterUnknown: { arn: true }, expressions: { repository: { constant_value: 'npm-store' } } },
      {
        type: 'aws_codeartifact_repository_permissions_policy',
        name: 'npm',
        after: { repository: 'npm-store', domain: 'shared', policy_document: policy(ORG_READERS) },
        afterUnknown: { resource_arn: true },
      },
    ]),
    { accountId: A },
  );

  it('sets the policy of the domain its policy resource refers to', () => {
    expect(resource(after, domainArn)).toMatchObject({ type: 'AWS::CodeArtifact::Domain', name: 'shared', tags: { Team: 'platform' }, source: { address: 'aws_codeartifact_domain.shared' } });
    expect(sids(after, domainArn)).toEqual(['Tokens']);
    expect(resource(after, domainArn).policy?.source?.address).toBe('aws_codeartifact_domain_permissions_policy.shared');
  });

  it('sets the policy of the repository named by its domain and name', () => {
    expect(resource(after, repositoryArn)).toMatchObject({ type: 'AWS::CodeArtifact::Repository', name: 'npm-store' });
    expect(sids(after, repositoryArn)).toEqual(['OrgRead']);
    expect(unread(after)).toEqual([]);
  });
});

describe('CloudFormation: AWS::CodeArtifact::Domain and Repository', () => {
  const stack = (repositoryPrincipal: string) => ({
    path: 'packages/stack.yaml',
    content: [
      'Resources:',
      '  Shared:',
      '    Type: AWS::CodeArtifact::Domain',
      '    Properties:',
      '      DomainName: shared',
      `      PermissionsPolicyDocument: ${policy({ Sid: 'Tokens', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/ci` }, Action: 'codeartifact:GetAuthorizationToken', Resource: '*' })}`,
      '  Npm:',
      '    Type: AWS::CodeArtifact::Repository',
      '    Properties:',
      '      RepositoryName: npm-store',
      '      DomainName: !GetAtt Shared.Name',
      `      PermissionsPolicyDocument: { Version: "2012-10-17", Statement: [{ Sid: Readers, Effect: Allow, Principal: { AWS: "${repositoryPrincipal}" }, Action: codeartifact:ReadFromRepository, Resource: "*" }] }`,
    ].join('\n'),
  });

  it('reads both permissions policies, the repository under the domain GetAtt names', () => {
    const { after } = readCloudFormation({ head: stack(`arn:aws:iam::${A}:root`) }, { accountId: A, region: R, stackName: 'packages' });
    expect(sids(after, domainArn)).toEqual(['Tokens']);
    expect(resource(after, repositoryArn)).toMatchObject({ type: 'AWS::CodeArtifact::Repository', name: 'npm-store', source: { address: 'Npm' } });
    expect(sids(after, repositoryArn)).toEqual(['Readers']);
    expect(unread(after)).toEqual([]);
  });

  it('fires external-accounts through review() when the head lets another account read packages', async () => {
    const config = parseConfig({ accountId: A }, 'test config');
    const result = await review({ plans: [], templates: [{ base: stack(`arn:aws:iam::${A}:root`), head: stack('arn:aws:iam::777788889999:root') }], terraformSources: [], config, today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    const findings = result.findings.filter((f) => f.rule === 'external-accounts');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.message.includes('777788889999'))).toBe(true);
    expect(findings.map((f) => f.resource)).toContain(`arn:aws:codeartifact:\${region}:${A}:repository/shared/npm-store`);
  });
});
