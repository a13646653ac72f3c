import { describe, expect, it } from 'vitest';
import { isPublicPolicy } from '../../src/access/public-access.js';
import { compilePolicy } from '../../src/iam/policy.js';

const policy = (statement: Record<string, unknown>) => compilePolicy({ id: 'p', name: 'p', kind: 'resource', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...statement }] } });

describe('public bucket policies (the meaning S3 Block Public Access gives them)', () => {
  it('are Allows to everyone that no condition ties to fixed values', () => {
    expect(isPublicPolicy(policy({ Principal: '*' }))).toBe(true);
    expect(isPublicPolicy(policy({ Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))).toBe(true);
    expect(isPublicPolicy(policy({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }))).toBe(true);
  });

  it('are not when a condition fixes the organization, account, VPC endpoint or a narrow IP range', () => {
    expect(isPublicPolicy(policy({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }))).toBe(false);
    expect(isPublicPolicy(policy({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }))).toBe(false);
    expect(isPublicPolicy(policy({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))).toBe(false);
    expect(isPublicPolicy(policy({ Principal: { AWS: 'arn:aws:iam::111111111111:role/r' } }))).toBe(false);
  });

  it('are not when a condition fixes the access points requests come through, or the KMS key objects are written with', () => {
    expect(isPublicPolicy(policy({ Principal: { AWS: '*' }, Condition: { StringEquals: { 's3:DataAccessPointAccount': '111111111111' } } }))).toBe(false);
    expect(isPublicPolicy(policy({ Principal: '*', Condition: { StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:eu-west-1:111111111111:key/k' } } }))).toBe(false);
  });
});
