import { describe, expect, it } from 'vitest';
import { arnResourceName, iamArn, iamPath, parseArn, parseIamArn, partitionOf, sqsQueueArnFromUrl } from '../../src/iac/arn.js';

describe('ARN helpers', () => {
  it('parses ARNs whose resource part holds colons', () => {
    expect(parseArn('arn:aws:lambda:eu-west-1:111111111111:function:f:live')).toEqual({ partition: 'aws', service: 'lambda', region: 'eu-west-1', account: '111111111111', resource: 'function:f:live' });
    expect(parseArn('not-an-arn')).toBeUndefined();
    expect(parseArn('arn:aws:s3')).toBeUndefined();
  });

  it('parses ARNs with empty fields, and needs all five colons before the resource', () => {
    expect(parseArn('arn:aws:s3:::reports/2024/*')).toEqual({ partition: 'aws', service: 's3', region: '', account: '', resource: 'reports/2024/*' });
    expect(parseArn('arn:aws:s3:::')).toEqual({ partition: 'aws', service: 's3', region: '', account: '', resource: '' });
    expect(parseArn('arn:::::')).toEqual({ partition: '', service: '', region: '', account: '', resource: '' });
    expect(parseArn('arn:aws:iam::111111111111')).toBeUndefined();
  });

  it('splits IAM ARNs into kind, path and name', () => {
    expect(parseIamArn('arn:aws:iam::111111111111:role/service-role/team/app')).toEqual({ kind: 'role', account: '111111111111', path: '/service-role/team/', name: 'app' });
    expect(parseIamArn('arn:aws:iam::111111111111:root')).toBeUndefined();
    expect(parseIamArn('arn:aws:sts::111111111111:assumed-role/app/session')).toBeUndefined();
  });

  it('builds IAM ARNs with normalised paths', () => {
    expect(iamPath('team')).toBe('/team/');
    expect(iamPath(undefined)).toBe('/');
    expect(iamArn('aws-cn', '111111111111', 'user', 'people', 'ann')).toBe('arn:aws-cn:iam::111111111111:user/people/ann');
  });

  it('knows the partition of a region', () => {
    expect([partitionOf('cn-north-1'), partitionOf('us-gov-west-1'), partitionOf('eu-west-1'), partitionOf(undefined)]).toEqual(['aws-cn', 'aws-us-gov', 'aws', 'aws']);
  });

  it('turns queue URLs into ARNs, the legacy endpoint included', () => {
    expect(sqsQueueArnFromUrl('https://sqs.eu-west-1.amazonaws.com/111111111111/jobs.fifo')).toBe('arn:aws:sqs:eu-west-1:111111111111:jobs.fifo');
    expect(sqsQueueArnFromUrl('https://queue.amazonaws.com/111111111111/jobs')).toBe('arn:aws:sqs:us-east-1:111111111111:jobs');
    expect(sqsQueueArnFromUrl('jobs')).toBeUndefined();
  });

  it('names the resource of an ARN by its last segment', () => {
    expect(arnResourceName('arn:aws:dynamodb:eu-west-1:111111111111:table/customers')).toBe('customers');
    expect(arnResourceName('arn:aws:sqs:eu-west-1:111111111111:jobs')).toBe('jobs');
  });
});
