import { describe, expect, it } from 'vitest';
import { overlayState, readAuthorizationDetails, readCloudFormation, readTerraformPlan } from '../../src/iac/index.js';
import { principal, repoFile, resource } from './helpers.js';

const DIR = 'examples/credit-processor';
const BUCKET = 'arn:aws:s3:::credit-applications';
const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;
const sources = { terraformSources: [repoFile(`${DIR}/main.tf`)] };

type Statement = { Sid: string; Effect: string; Condition?: Record<string, Record<string, string[] | string>> };
const statement = (document: unknown, sid: string) => (document as { Statement: Statement[] }).Statement.find((s) => s.Sid === sid)!;

describe('the credit-processor example', () => {
  const { before, after } = readTerraformPlan(repoFile(`${DIR}/pr.tfplan.json`), sources);

  it('holds the Confidential bucket with its k9 policy, before and after the PR', () => {
    const bucket = resource(after, BUCKET);
    expect(bucket.tags['Confidentiality']).toBe('Confidential');
    expect(bucket.publicAccessBlock).toMatchObject({ blockPublicPolicy: true, restrictPublicBuckets: true });
    const readers = (side: typeof after) =>
      statement(resource(side, BUCKET).policy!.document, 'AllowRestrictedReadData').Condition!['ArnEquals']!['aws:PrincipalArn'];
    expect(readers(before)).toEqual([role('admin'), role('cust-service'), role('credit-processor')]);
    expect(readers(after)).toEqual([role('admin'), role('cust-service'), role('credit-processor'), role('analytics'), role('fraud-model')]);
    const exceptions = statement(resource(after, BUCKET).policy!.document, 'DenyEveryoneElse').Condition!['ArnNotEquals']!['aws:PrincipalArn'];
    expect(exceptions).toContain(role('fraud-model'));
    expect(exceptions).not.toContain(role('batch-etl'));
  });

  it('resolves the ARNs of the roles the PR creates from their names', () => {
    for (const name of ['analytics', 'fraud-model', 'batch-etl']) {
      expect(principal(after, name).arn).toBe(role(name));
      expect(before.principals.map((p) => p.name)).not.toContain(name);
    }
    expect(after.unknowns).toEqual([]);
    expect(principal(after, 'batch-etl').inlinePolicies[0]!.document).toMatchObject({ Statement: [{ Action: 's3:*', Resource: '*' }] });
  });

  it('points at the lines of main.tf: blocks, for_each resources and policy statements', () => {
    expect(principal(after, 'analytics').source).toEqual({ file: `${DIR}/main.tf`, line: 499, address: 'aws_iam_role.ml["analytics"]' });
    expect(resource(after, BUCKET).source).toMatchObject({ line: 310 });
    const policy = resource(after, BUCKET).policy!;
    expect(policy.source).toMatchObject({ address: 'aws_s3_bucket_policy.credit_applications', line: 482 });
    expect(policy.statementSources?.['AllowRestrictedReadData']).toEqual({ file: `${DIR}/main.tf`, line: 348, address: 'data.aws_iam_policy_document.credit_applications' });
  });

  it('knows which application runs as which role, and the trust of each', () => {
    expect(after.workloads.map((w) => [w.kind, w.roleArn])).toEqual([
      ['ecs-task', role('credit-processor')],
      ['ecs-task-execution', role('credit-processor-execution')],
    ]);
    expect(principal(after, 'ci').trustPolicy?.document).toMatchObject({
      Statement: [{ Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:example-corp/credit-platform:ref:refs/heads/main' } } }],
    });
    expect(after.identityProviders.map((p) => p.type).sort()).toEqual(['oidc', 'saml']);
  });

  it('never copies the database password or the container definitions', () => {
    const text = JSON.stringify({ before, after });
    expect(text).not.toContain('dev-only-placeholder');
    expect(text).not.toContain('APPLICATIONS_BUCKET');
  });

  it('has a within-limit variant that adds only analytics', () => {
    const variant = readTerraformPlan(repoFile(`${DIR}/within-limit.tfplan.json`), sources).after;
    const readers = statement(resource(variant, BUCKET).policy!.document, 'AllowRestrictedReadData').Condition!['ArnEquals']!['aws:PrincipalArn'];
    expect(readers).toEqual([role('admin'), role('cust-service'), role('credit-processor'), role('analytics')]);
    expect(variant.principals.map((p) => p.name)).not.toContain('fraud-model');
  });
});

describe('the credit-processor example in CloudFormation, and over the account inventory', () => {
  it('reads the same change from the base and head templates', () => {
    const { before, after } = readCloudFormation(
      { base: repoFile(`${DIR}/cloudformation/base.yaml`), head: repoFile(`${DIR}/cloudformation/head.yaml`) },
      { accountId: '111111111111', region: 'eu-west-1' },
    );
    const readers = (side: typeof after) =>
      statement(resource(side, BUCKET).policy!.document, 'AllowRestrictedReadData').Condition!['ArnEquals']!['aws:PrincipalArn'];
    expect(readers(before)).toEqual([role('admin'), role('cust-service'), role('credit-processor')]);
    expect(readers(after)).toEqual([role('admin'), role('cust-service'), role('credit-processor'), role('analytics'), role('fraud-model')]);
    expect(after.principals.map((p) => p.arn)).toEqual(expect.arrayContaining([role('analytics'), role('fraud-model')]));
    expect(after.notices).toEqual([]);
    expect(after.unknowns).toEqual([]);
  });

  it('lays the plan over the account inventory: administrators the plan does not know stay', () => {
    const account = readAuthorizationDetails(repoFile(`${DIR}/account-authorization-details.json`));
    const { after } = overlayState(account, readTerraformPlan(repoFile(`${DIR}/pr.tfplan.json`)));
    expect(principal(after, 'break-glass').groupArns).toEqual(['arn:aws:iam::111111111111:group/platform-admins']);
    expect(principal(after, 'OrganizationAccountAccessRole').managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(principal(after, 'analytics').source?.file).toBe(`${DIR}/pr.tfplan.json`);
    expect(after.managedPolicies.map((p) => p.name).sort()).toEqual(['AdministratorAccess', 'AmazonECSTaskExecutionRolePolicy']);
  });
});
