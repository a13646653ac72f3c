import { describe, expect, it } from 'vitest';
import { withKnownAwsManagedPolicies } from '../../src/iac/aws-managed.js';
import { emptyInventory, type Principal } from '../../src/model/inventory.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';
// A policy AWS publishes after the packaged catalog was gathered.
const UNKNOWN = 'arn:aws:iam::aws:policy/AmazonNotYetPublishedFullAccess';
const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

function role(name: string, parts: Partial<Principal>): Principal {
  return { arn: `arn:aws:iam::111111111111:role/${name}`, type: 'IAMRole', name, path: '/', accountId: '111111111111', inlinePolicies: [], managedPolicyArns: [], groupArns: [], tags: {}, ...parts };
}

describe('AWS managed policies from the packaged catalog', () => {
  it('adds the documents of the policies that principals, groups and boundaries attach', () => {
    const inventory = withKnownAwsManagedPolicies({
      ...emptyInventory('111111111111'),
      principals: [role('admin', { managedPolicyArns: [ADMIN, UNKNOWN] }), role('dev', { permissionsBoundaryArn: POWER })],
    });
    expect(inventory.managedPolicies.map((p) => p.arn).sort()).toEqual([ADMIN, POWER]);
    // The default version of the catalog (v12 of PowerUserAccess reads effective policies).
    expect(JSON.stringify(inventory.managedPolicies.find((p) => p.arn === POWER)!.policy.document)).toContain('organizations:DescribeEffectivePolicy');
    const admin = inventory.managedPolicies.find((p) => p.arn === ADMIN)!;
    expect(admin).toMatchObject({ awsManaged: true, name: 'AdministratorAccess' });
    expect(admin.policy.document).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  });

  it('keeps what an input holds (an account inventory has the current version) and leaves unknown policies unknown', () => {
    const current = { arn: ADMIN, name: 'AdministratorAccess', awsManaged: true, policy: { id: ADMIN, name: 'AdministratorAccess', kind: 'managed' as const, document: { Statement: [] } } };
    const inventory = { ...emptyInventory(), principals: [role('admin', { managedPolicyArns: [ADMIN, UNKNOWN] })], managedPolicies: [current] };
    expect(withKnownAwsManagedPolicies(inventory)).toBe(inventory);
  });

  it('knows the policies of workload roles by their path', () => {
    const inventory = withKnownAwsManagedPolicies({ ...emptyInventory(), principals: [role('fn', { managedPolicyArns: [LAMBDA_BASIC] })] });
    expect(inventory.managedPolicies).toEqual([expect.objectContaining({ arn: LAMBDA_BASIC, name: 'AWSLambdaBasicExecutionRole', awsManaged: true })]);
    expect(inventory.managedPolicies[0]!.policy.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
    });
  });

  it('knows the policies of workloads beyond administrators and Lambda: instances, containers, clusters', () => {
    const arns = [
      'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    ];
    const inventory = withKnownAwsManagedPolicies({ ...emptyInventory(), principals: [role('node', { managedPolicyArns: arns })] });
    expect(inventory.managedPolicies.map((p) => p.arn)).toEqual(arns);
    expect(inventory.managedPolicies[3]!.policy.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }],
    });
  });

  it('takes the path as part of the ARN, as IAM does', () => {
    const wrongPath = 'arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole';
    expect(withKnownAwsManagedPolicies({ ...emptyInventory(), principals: [role('fn', { managedPolicyArns: [wrongPath] })] }).managedPolicies).toEqual([]);
  });

  it('in another partition, uses a document only when it names no ARN of the aws partition', () => {
    const admin = 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess';
    const agent = 'arn:aws-cn:iam::aws:policy/CloudWatchAgentServerPolicy';
    const inventory = withKnownAwsManagedPolicies({ ...emptyInventory(), principals: [role('ops', { managedPolicyArns: [admin, agent] })] });
    expect(inventory.managedPolicies.map((p) => p.arn)).toEqual([admin]);
    expect(inventory.managedPolicies[0]!.policy).toMatchObject({ id: admin, name: 'AdministratorAccess' });
  });

  it('does not mistake a name that is only an object property for a policy', () => {
    const inventory = { ...emptyInventory(), principals: [role('x', { managedPolicyArns: ['arn:aws:iam::aws:policy/constructor'] })] };
    expect(withKnownAwsManagedPolicies(inventory).managedPolicies).toEqual([]);
  });
});
