/**
 * A resource the change deletes: its grants are removed, and the review describes it as it was
 * (its name and classification), not by its ARN.
 */
import { describe, expect, it } from 'vitest';
import { renderComment } from '../../src/report/index.js';
import { review } from '../../src/review.js';
import { parseConfig } from '../../src/rules/index.js';

const A = '111122223333';
const template = {
  Resources: {
    Archive: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'Confidentiality', Value: 'Confidential' }] } },
    ArchivePolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Archive' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'Auditors', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/auditor` }, Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Archive.Arn}/*' } }],
        },
      },
    },
  },
};

describe('a resource the change deletes', () => {
  it('is described by its name and classification as they were', async () => {
    const base = JSON.stringify(template);
    const head = JSON.stringify({ Resources: {} });
    const result = await review({
      plans: [],
      templates: [{ base: { path: 'archive.json', content: base }, head: { path: 'archive.json', content: head } }],
      terraformSources: [],
      config: parseConfig({ accountId: A, region: 'eu-west-1' }, 'test config'),
      today: '2026-01-01',
    });
    const arn = result.delta.removed[0]!.resource;
    expect(result.delta.removed).toEqual([expect.objectContaining({ principal: `arn:aws:iam::${A}:role/auditor`, capability: 'read-data' })]);
    expect(result.resources).toEqual([expect.objectContaining({ arn, name: expect.stringMatching(/^archive-archive-[a-z0-9]{12}$/), classification: 'Confidential', after: [] })]);
    expect(renderComment(result)).toContain(`##### \`${result.resources[0]!.name}\` (AWS::S3::Bucket) · **Confidential**`);
  });
});
