import { describe, expect, it } from 'vitest';
import { blockingFindings } from '../../src/model/review.js';
import { bucket, grant, review, roleArn } from './scenario.js';

const data = bucket('credit-applications', { Confidentiality: 'Confidential' });
const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => grant(roleArn(n), data.arn, 'read-data'));
const partner = grant(roleArn('partner', '222222222222'), data.arn, 'read-data');
const overLimit = { after: { resources: [data] }, afterGrants: six };

const waiver = (fields: Record<string, string>) => ({
  rule: 'max-principals',
  reason: 'Fraud team onboarding, SEC-1234',
  approver: 'security-team',
  expires: '2026-12-31',
  ...fields,
});

describe('waivers', () => {
  it('mark the finding they cover, which keeps showing but no longer blocks', async () => {
    const findings = await review({ ...overLimit, config: { waivers: [waiver({ resource: 'arn:aws:s3:::credit-*' })] } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'max-principals', severity: 'error', waiver: { approver: 'security-team', expires: '2026-12-31' } });
    expect(blockingFindings(findings)).toEqual([]);
  });

  it('cover only their rule, resource and principal', async () => {
    const otherResource = await review({ ...overLimit, config: { waivers: [waiver({ resource: 'arn:aws:s3:::other-*' })] } });
    expect(blockingFindings(otherResource)).toHaveLength(1);
    const otherRule = await review({ ...overLimit, config: { waivers: [waiver({ rule: 'public-access' })] } });
    expect(blockingFindings(otherRule)).toHaveLength(1);
    // A max-principals finding concerns a resource, not one principal: a principal waiver does not cover it.
    const byPrincipal = await review({ ...overLimit, config: { waivers: [waiver({ principal: roleArn('f') })] } });
    expect(blockingFindings(byPrincipal)).toHaveLength(1);
    const external = await review({
      after: { resources: [data] },
      afterGrants: [partner],
      config: { waivers: [waiver({ rule: 'external-accounts', principal: 'arn:aws:iam::222222222222:role/*' })] },
    });
    expect(external.map((f) => [f.rule, f.waiver?.approver])).toEqual([['external-accounts', 'security-team']]);
  });

  it('apply through their expiry day', async () => {
    const findings = await review({ ...overLimit, today: '2026-12-31', config: { waivers: [waiver({})] } });
    expect(blockingFindings(findings)).toEqual([]);
  });

  it('fail once expired, and no longer cover their findings', async () => {
    const findings = await review({ ...overLimit, today: '2027-01-01', config: { waivers: [waiver({ resource: data.arn })] } });
    expect(findings.map((f) => [f.rule, f.severity, f.waiver === undefined])).toEqual([
      ['max-principals', 'error', true],
      ['waivers', 'error', true],
    ]);
    expect(findings[1]).toMatchObject({
      resource: data.arn,
      message:
        'The waiver of `max-principals` for resource `arn:aws:s3:::credit-applications` (approved by security-team: Fraud team onboarding, SEC-1234) expired on 2026-12-31.',
    });
    expect(blockingFindings(findings)).toHaveLength(2);
  });

  it('expired ones fail even when nothing else fires', async () => {
    const findings = await review({ today: '2027-01-01', config: { waivers: [waiver({})] } });
    expect(findings.map((f) => f.rule)).toEqual(['waivers']);
  });
});

describe('evaluateRules', () => {
  it('uses the configured severity and runs the rules in their documented order', async () => {
    const findings = await review({
      after: { resources: [data] },
      afterGrants: [...six, partner],
      config: { rules: { 'max-principals': { severity: 'warning' } } },
    });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['max-principals', 'warning'],
      ['external-accounts', 'error'],
    ]);
  });

  it('rejects a malformed date', async () => {
    await expect(review({ today: '31/12/2026' })).rejects.toThrow('today must be YYYY-MM-DD');
  });
});
