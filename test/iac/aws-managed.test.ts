import { describe, expect, it } from 'vitest';
import { withKnownAwsManagedPolicies } from '../../src/iac/aws-managed.js';
import { emptyInventory, type Principal } from '../../src/model/inventory.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const UNKNOWN = 'arn:aws:iam::aws:policy/AmazonKinesisFullAccess';
const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

function role(name: string, parts: Partial<Principal>): Principal {
  return { arn: `arn:aws:iam::111111111111:role/${name}`, type: 'IAMRole', name, path: '/', accountId: '111111111111', inlinePolicies: [], managedPolicyArns: [], groupArns: [], tags: {}, ...parts };
}

describe('built-in AWS managed policies', () => {
  it('adds the documents of the well-known policies that principals, groups and boundaries attach', () => {
    const inventory = withKnownAwsManagedPolicies({
      ...emptyInventory('111111111111'),
      principals: [role('admin', { managedPolicyArns: [ADMIN, UNKNOWN] }), role('dev', { permissionsBoundaryArn: POWER })],
    });
    expect(inventory.managedPolicies.map((p) => p.arn).sort()).toEqual([ADMIN, POWER]);
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

  it('does not mistake a name that is only an object property for a policy', () => {
    const inventory = { ...emptyInventory(), principals: [role('x', { managedPolicyArns: ['arn:aws:iam::aws:policy/constructor'] })] };
    expect(withKnownAwsManagedPolicies(inventory).managedPolicies).toEqual([]);
  });
});
