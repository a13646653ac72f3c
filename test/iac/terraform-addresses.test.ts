import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/iac/index.js';
import { callerModule } from '../../src/iac/terraform/instances.js';
import { resource } from './helpers.js';

const A = '222222222222';

/** A planned resource of a plan, with or without the `mode` field (older plans). */
function planned(address: string, type: string, name: string, values: Record<string, unknown>, mode?: 'managed' | 'data'): Record<string, unknown> {
  return { address, ...(mode ? { mode } : {}), type, name, values, sensitive_values: {} };
}

const readerPolicy = (bucket: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Reader', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/reader` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

function plan(withMode: boolean): string {
  const mode = (m: 'managed' | 'data') => (withMode ? m : undefined);
  return JSON.stringify({
    format_version: '1.2',
    planned_values: {
      root_module: {
        child_modules: [
          {
            address: 'module.data',
            resources: [
              planned('module.data.aws_s3_bucket.archive', 'aws_s3_bucket', 'archive', { arn: 'arn:aws:s3:::archive', bucket: 'archive', tags: { Confidentiality: 'Confidential' } }, mode('managed')),
              planned('module.data.aws_s3_bucket_policy.archive', 'aws_s3_bucket_policy', 'archive', { bucket: 'archive', policy: readerPolicy('archive') }, mode('managed')),
              planned('module.data.data.aws_iam_policy_document.unused', 'aws_iam_policy_document', 'unused', { json: '{}' }, mode('data')),
            ],
            child_modules: [
              {
                address: 'module.data.module.data["eu"]',
                resources: [
                  planned('module.data.module.data["eu"].aws_s3_bucket.copy[0]', 'aws_s3_bucket', 'copy', { arn: 'arn:aws:s3:::archive-eu', bucket: 'archive-eu', tags: {} }, mode('managed')),
                ],
              },
            ],
          },
        ],
      },
    },
  });
}

describe('Terraform plan reader: addresses', () => {
  for (const withMode of [true, false]) {
    it(`keeps the managed resources of a module named "data" (${withMode ? 'mode given' : 'mode read from the address'})`, () => {
      const { after } = readTerraformPlan({ path: 'data-module.tfplan.json', content: plan(withMode) }, { accountId: A });
      const archive = resource(after, 'arn:aws:s3:::archive');
      expect(archive.tags).toEqual({ Confidentiality: 'Confidential' });
      expect(archive.source?.address).toBe('module.data.aws_s3_bucket.archive');
      expect(archive.policy?.source?.address).toBe('module.data.aws_s3_bucket_policy.archive');
      expect(JSON.stringify(archive.policy?.document)).toContain(`arn:aws:iam::${A}:role/reader`);
      expect(resource(after, 'arn:aws:s3:::archive-eu').source?.address).toBe('module.data.module.data["eu"].aws_s3_bucket.copy[0]');
      expect(after.resources.map((r) => r.arn).sort()).toEqual(['arn:aws:s3:::archive', 'arn:aws:s3:::archive-eu']);
    });
  }
});

describe('callerModule', () => {
  it('drops the last module instance of an address, with its key, quoted dots included', () => {
    expect(callerModule('module.a["x.module.y"].module.b[0]')).toBe('module.a["x.module.y"]');
    expect(callerModule('module.a.module.b')).toBe('module.a');
    expect(callerModule('module.a[3]')).toBe('');
    expect(callerModule('')).toBe('');
  });
});
