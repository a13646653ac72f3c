import { describe, expect, it } from 'vitest';
import { bucket, findingsOf, grant, roleArn } from './scenario.js';

const confidential = bucket('credit-applications', { Confidentiality: 'Confidential' });
const BUCKET = confidential.arn;
const readers = (names: string[]) => names.map((n, i) => grant(roleArn(n), BUCKET, 'read-data', { line: 50 + i }));
const FOUR = ['admin', 'ci', 'cust-service', 'credit-processor'];

describe('max-principals', () => {
  it('fires when a change brings a Confidential resource above 5 principals with data capabilities', async () => {
    const findings = await findingsOf('max-principals', {
      before: { resources: [confidential] },
      after: { resources: [confidential] },
      beforeGrants: readers(FOUR),
      afterGrants: readers([...FOUR, 'analytics', 'fraud-model']),
    });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ rule: 'max-principals', severity: 'error', resource: BUCKET });
    expect(finding!.message).toBe(
      '6 principals hold read-data, write-data or delete-data on the Confidential bucket `credit-applications` (at most 5 allowed; 4 before this change): `role/admin`, `role/analytics`, `role/ci`, `role/credit-processor`, `role/cust-service`, `role/fraud-model`.',
    );
    // Annotations point at the statements that grant the new holders' access.
    expect(finding!.locations).toEqual([
      { file: 'main.tf', line: 54 },
      { file: 'main.tf', line: 55 },
    ]);
    expect(finding!.remediation).toContain('waiver');
  });

  it('does not fire at the limit, on unclassified resources or on other classifications', async () => {
    const five = readers([...FOUR, 'analytics']);
    expect(await findingsOf('max-principals', { after: { resources: [confidential] }, afterGrants: five })).toEqual([]);
    const internal = bucket('credit-applications', { Confidentiality: 'Internal' });
    const six = readers([...FOUR, 'analytics', 'fraud-model']);
    expect(await findingsOf('max-principals', { after: { resources: [internal] }, afterGrants: six })).toEqual([]);
    expect(await findingsOf('max-principals', { after: { resources: [bucket('credit-applications')] }, afterGrants: six })).toEqual([]);
  });

  it('compares classification values without case, and reads the configured tag', async () => {
    const six = readers([...FOUR, 'analytics', 'fraud-model']);
    const lower = bucket('credit-applications', { Confidentiality: 'restricted' });
    expect(await findingsOf('max-principals', { after: { resources: [lower] }, afterGrants: six })).toHaveLength(1);
    const otherTag = bucket('credit-applications', { DataClass: 'Confidential' });
    expect(await findingsOf('max-principals', { after: { resources: [otherTag] }, afterGrants: six })).toHaveLength(0);
    expect(
      await findingsOf('max-principals', { after: { resources: [otherTag] }, afterGrants: six, config: { classification: { tag: 'DataClass' } } }),
    ).toHaveLength(1);
    expect(
      await findingsOf('max-principals', {
        after: { resources: [bucket('credit-applications')] },
        afterGrants: six,
        config: { classification: { untagged: 'Confidential' } },
      }),
    ).toHaveLength(1);
  });

  it('counts aggregate principals as unbounded', async () => {
    const other = grant(`arn:aws:iam::222222222222:root`, BUCKET, 'read-data', { principalType: 'Account' });
    const findings = await findingsOf('max-principals', {
      after: { resources: [confidential] },
      afterGrants: [...readers(['admin']), other],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/^An unbounded set of principals \(`account 222222222222 \(any principal it allows\)`\) holds read-data/);
  });

  it('does not count again the principals that reach the access through a role it already counts', async () => {
    const throughCi = (origin: string, type: 'Account' | 'WebIdentity') => ({
      ...grant(origin, BUCKET, 'read-data', { principalType: type }),
      path: [origin, roleArn('ci')],
    });
    const findings = await findingsOf('max-principals', {
      after: { resources: [confidential] },
      afterGrants: [
        ...readers(FOUR),
        throughCi(`arn:aws:iam::${'1'.repeat(12)}:root`, 'Account'),
        throughCi('arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', 'WebIdentity'),
      ],
    });
    expect(findings).toEqual([]);
  });

  it('applies min and per-capability-set limits', async () => {
    const config = {
      rules: {
        'max-principals': {
          limits: [
            { classification: ['Confidential'], capabilities: ['write-data'], max: 1 },
            { classification: ['Confidential'], capabilities: ['administer-resource'], min: 1 },
          ],
        },
      },
    };
    const writers = ['ci', 'credit-processor'].map((n) => grant(roleArn(n), BUCKET, 'write-data'));
    const admin = grant(roleArn('admin'), BUCKET, 'administer-resource');
    const change = { before: { resources: [confidential] }, after: { resources: [confidential] }, config };

    const tooManyWriters = await findingsOf('max-principals', { ...change, beforeGrants: [admin], afterGrants: [admin, ...readers(FOUR), ...writers] });
    expect(tooManyWriters.map((f) => f.message)).toEqual([
      '2 principals hold write-data on the Confidential bucket `credit-applications` (at most 1 allowed; 0 before this change): `role/ci`, `role/credit-processor`.',
    ]);

    const noAdmin = await findingsOf('max-principals', { ...change, beforeGrants: [admin], afterGrants: readers(FOUR) });
    expect(noAdmin.map((f) => f.message)).toEqual([
      'Only 0 principals hold administer-resource on the Confidential bucket `credit-applications` (at least 1 required).',
    ]);

    const publicAdmin = grant('*', BUCKET, 'administer-resource', { principalType: 'Public' });
    const minByAggregate = await findingsOf('max-principals', { ...change, afterGrants: [publicAdmin] });
    expect(minByAggregate).toEqual([]);
  });

  it('judges only the resources the change touches', async () => {
    const crowded = bucket('legacy-exports', { Confidentiality: 'Confidential' });
    const crowdedGrants = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => grant(roleArn(n), crowded.arn, 'read-data'));
    const findings = await findingsOf('max-principals', {
      before: { resources: [confidential, crowded] },
      after: { resources: [confidential, crowded] },
      beforeGrants: [...crowdedGrants, ...readers(['admin'])],
      afterGrants: [...crowdedGrants, ...readers(['admin', 'ci'])],
    });
    expect(findings).toEqual([]);
  });

  it('fires when a change classifies a resource that already has too many principals', async () => {
    const six = readers([...FOUR, 'analytics', 'fraud-model']);
    const findings = await findingsOf('max-principals', {
      before: { resources: [bucket('credit-applications', { Confidentiality: 'Internal' })] },
      after: { resources: [confidential] },
      beforeGrants: six,
      afterGrants: six,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('(at most 5 allowed; 6 before this change)');
    expect(findings[0]!.locations).toHaveLength(6);
  });

  it('is off when disabled', async () => {
    const findings = await findingsOf('max-principals', {
      after: { resources: [confidential] },
      afterGrants: readers([...FOUR, 'analytics', 'fraud-model']),
      config: { rules: { 'max-principals': { enabled: false } } },
    });
    expect(findings).toEqual([]);
  });
});
