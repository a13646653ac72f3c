import { describe, expect, it } from 'vitest';
import { readCdkOut } from '../../src/iac/index.js';
import { InputError } from '../../src/model/errors.js';
import { fixture } from './helpers.js';

const FILES = ['manifest.json', 'DataStack.template.json', 'assembly-Prod/manifest.json', 'assembly-Prod/ProdApiStack.template.json'].map((f) => fixture(`cdk.out/${f}`));

describe('CDK cloud assembly reader', () => {
  const { before, after } = readCdkOut({ head: FILES }, { accountId: '777777777777', region: 'us-east-2' });

  it('reads every stack the manifest lists, nested stage assemblies included', () => {
    expect(after.principals.map((p) => p.source?.address).sort()).toEqual(['HandlerServiceRoleFCDC14AE', 'Reader9C0D1E2F']);
    expect(before.principals).toEqual([]);
  });

  it('takes account and region from the stack environment, else from the options', () => {
    const reader = after.principals.find((p) => p.source?.address === 'Reader9C0D1E2F')!;
    expect(reader.arn).toMatch(/^arn:aws:iam::666666666666:role\/DataStack-Reader9C0D1E2F-[A-Z0-9]{12}$/);
    const handler = after.principals.find((p) => p.source?.address === 'HandlerServiceRoleFCDC14AE')!;
    expect(handler.arn).toMatch(/^arn:aws:iam::777777777777:role\/Prod-ApiStack-HandlerServiceRoleFCDC14AE-/);
    expect(handler.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    expect(after.workloads).toEqual([expect.objectContaining({ id: 'Handler886CB40B', kind: 'lambda', roleArn: handler.arn })]);
    expect(after.resources.find((r) => r.type === 'AWS::Lambda::Function')?.arn).toMatch(/^arn:aws:lambda:us-east-2:777777777777:function:Prod-ApiStack-Handler886CB40B-/);
  });

  it('resolves references between resources of a stack, with their template lines', () => {
    const ledger = after.resources.find((r) => r.type === 'AWS::S3::Bucket')!;
    expect(ledger).toMatchObject({ tags: { Confidentiality: 'Restricted' }, source: { file: 'cdk.out/DataStack.template.json', line: 3, address: 'Ledger1A2B3C4D' } });
    expect(ledger.policy?.document).toMatchObject({ Statement: [{ Effect: 'Deny', Resource: [ledger.arn, `${ledger.arn}/*`] }] });
    const reader = after.principals.find((p) => p.source?.address === 'Reader9C0D1E2F')!;
    expect(reader.inlinePolicies[0]!.document).toMatchObject({ Statement: [{ Resource: [ledger.arn, `${ledger.arn}/*`] }] });
  });

  it('names a template the manifest lists but the files do not hold', () => {
    try {
      readCdkOut({ head: FILES.slice(0, 1) });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).message).toBe('cdk.out/manifest.json: artifacts.DataStack: template DataStack.template.json is not among the files given');
    }
  });
});
