/**
 * A data lake in a CloudFormation template, end to end: the bucket delegates its access control
 * to the access points of its account (AWS's documented statement, `Principal: *` with
 * `s3:DataAccessPointAccount`), and an access point's own policy names the role that reads
 * through it. The delegation is not public access, and the region the configuration gives
 * places the access point where its policy names it.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';

const A = '111122223333';
const ANALYST = `arn:aws:iam::${A}:role/analyst`;
const ACCESS_POINT = `arn:aws:s3:eu-west-1:${A}:accesspoint/analysts`;

const template = {
  Resources: {
    Lake: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'lake-data' } },
    LakePolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: 'lake-data',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DelegateToAccessPoints',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: '*',
              Resource: ['arn:aws:s3:::lake-data', 'arn:aws:s3:::lake-data/*'],
              Condition: { StringEquals: { 's3:DataAccessPointAccount': A } },
            },
          ],
        },
      },
    },
    Analysts: {
      Type: 'AWS::S3::AccessPoint',
      Properties: {
        Bucket: 'lake-data',
        Name: 'analysts',
        Policy: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'AnalystRead', Effect: 'Allow', Principal: { AWS: ANALYST }, Action: 's3:GetObject', Resource: `${ACCESS_POINT}/object/*` }],
        },
      },
    },
  },
};

const reviewWith = (settings: Record<string, unknown>) =>
  review({
    plans: [],
    templates: [{ head: { path: 'lake.json', content: JSON.stringify(template) } }],
    terraformSources: [],
    config: parseConfig(settings, 'test config'),
    today: '2026-01-01',
  });

describe('a bucket that delegates to its access points', () => {
  it('is not public: the delegation holds only for requests through the access points of one account', async () => {
    const result = await reviewWith({ accountId: A, region: 'eu-west-1' });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'public-access')).toEqual([]);
    const delegated = result.delta.added.filter((g) => g.resource === 'arn:aws:s3:::lake-data' && g.capability === 'read-data');
    expect(delegated).toEqual([expect.objectContaining({ principal: '*', conditional: true, conditions: [expect.objectContaining({ key: 's3:DataAccessPointAccount', values: [A] })] })]);
  });

  it('places the access point in the configured region, where its policy names the reader', async () => {
    const result = await reviewWith({ accountId: A, region: 'eu-west-1' });
    expect(result.notices.map((n) => n.message).filter((m) => m.includes('${region}'))).toEqual([]);
    expect(result.delta.added).toContainEqual(expect.objectContaining({ principal: ANALYST, resource: ACCESS_POINT, capability: 'read-data', conditional: false }));
  });

  it('without a region, names the configuration key to set, and cannot place the access point', async () => {
    const result = await reviewWith({ accountId: A });
    expect(result.notices.map((n) => n.message)).toContain('lake.json: the input does not tell the region (ARNs read ${region}); set `region` in the configuration');
    expect(result.delta.added.filter((g) => g.principal === ANALYST)).toEqual([]);
  });

  it('rejects a region that is not a region code', () => {
    expect(() => parseConfig({ region: 'Ireland' }, '.github/access-delta.yml')).toThrow(/region: expected an AWS region code such as eu-west-1/);
  });
});
