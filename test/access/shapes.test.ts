import { describe, expect, it } from 'vitest';
import { carryOver, policyShape } from '../../src/access/shapes.js';
import { compilePolicy } from '../../src/iam/policy.js';

const k9 = (bucket: string, readers: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowRestrictedReadData', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { ArnEquals: { 'aws:PrincipalArn': readers } } },
    { Sid: 'DenyEveryoneElse', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { ArnNotEquals: { 'aws:PrincipalArn': readers } } },
    { Sid: 'Writers', Effect: 'Allow', Principal: { AWS: readers }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` },
  ],
});
const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;

describe('policy shapes', () => {
  it('set aside the resource\'s own ARN and the principals the policy lists', () => {
    expect(policyShape(k9('a', [role('x')]), 'arn:aws:s3:::a')).toBe(policyShape(k9('b', [role('y'), role('z')]), 'arn:aws:s3:::b'));
  });

  it('keep what decides for principals the policy does not list', () => {
    const base = policyShape(k9('a', [role('x')]), 'arn:aws:s3:::a');
    const partner = k9('a', [role('x')]);
    partner.Statement.push({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::a/*' } as never);
    expect(policyShape(partner, 'arn:aws:s3:::a')).not.toBe(base);
    expect(policyShape(k9('a', [role('x')]), 'arn:aws:s3:::other')).not.toBe(base);
  });

  it('drop statements only listed principals or services can use', () => {
    const withService = k9('a', [role('x')]);
    withService.Statement.push({ Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::a/logs/*' } as never);
    expect(policyShape(withService, 'arn:aws:s3:::a')).toBe(policyShape(k9('a', [role('x')]), 'arn:aws:s3:::a'));
  });

  it('carry a decision over with the references of the other resource\'s own policy', () => {
    const policy = (bucket: string) => ({ policyDocument: { id: `arn:aws:s3:::${bucket}#policy` }, policy: compilePolicy({ id: `arn:aws:s3:::${bucket}#policy`, name: bucket, kind: 'resource', document: k9(bucket, [role('x')]), source: { file: `${bucket}.tf` } }) });
    const a = policy('a');
    const b = policy('b');
    const held = [{ capability: 'read-data' as const, actions: ['s3:GetObject'], conditional: true, fallback: false, via: [a.policy.statements[0]!.ref, { policy: 'identity', statement: '#1' }], conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'], negated: true, policy: a.policy.id, statement: 'DenyEveryoneElse' }] }];
    const [moved] = carryOver(held, a, b);
    expect(moved?.via).toEqual([b.policy.statements[0]!.ref, { policy: 'identity', statement: '#1' }]);
    expect(moved?.via[0]?.source).toEqual({ file: 'b.tf' });
    expect(moved?.conditions[0]?.policy).toBe('arn:aws:s3:::b#policy');
    expect(moved?.actions).toBe(held[0]!.actions);
  });
});
