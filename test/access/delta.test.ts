import { describe, expect, it } from 'vitest';
import { diffAccess } from '../../src/access/delta.js';
import type { Grant } from '../../src/model/access.js';

const BUCKET = 'arn:aws:s3:::credit-applications';
const ANALYTICS = 'arn:aws:iam::111111111111:role/analytics';
const CI = 'arn:aws:iam::111111111111:role/ci';

function grant(overrides: Partial<Grant> = {}): Grant {
  return {
    principal: ANALYTICS,
    principalType: 'IAMRole',
    resource: BUCKET,
    resourceType: 'AWS::S3::Bucket',
    capability: 'read-data',
    actions: ['s3:GetObject', 's3:ListBucket'],
    conditional: false,
    conditions: [],
    via: [{ policy: `${BUCKET}#policy`, statement: 'AllowRestrictedReadData' }],
    ...overrides,
  };
}

describe('diffAccess', () => {
  it('reports grants only in the after side as added and only in the before side as removed', () => {
    const kept = grant({ principal: CI });
    const gained = grant();
    const lost = grant({ principal: CI, capability: 'delete-data', actions: ['s3:DeleteObject'] });
    const delta = diffAccess([kept, lost], [kept, gained]);
    expect(delta.added).toEqual([gained]);
    expect(delta.removed).toEqual([lost]);
    expect(delta.changed).toEqual([]);
  });

  it('reports conditional → unconditional with both sides', () => {
    const condition = { operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-1'], negated: false, policy: 'p', statement: 's' };
    const before = grant({ conditional: true, conditions: [condition] });
    const after = grant();
    const delta = diffAccess([before], [after]);
    expect(delta.changed).toEqual([{ before, after, changes: ['conditional → unconditional'] }]);
  });

  it('reports unconditional → conditional and changed conditions of a conditional grant', () => {
    const vpce = (id: string) => ({ operator: 'StringEquals', key: 'aws:SourceVpce', values: [id], negated: false, policy: 'p', statement: 's' });
    expect(diffAccess([grant()], [grant({ conditional: true, conditions: [vpce('a')] })]).changed[0]?.changes).toEqual(['unconditional → conditional']);
    expect(diffAccess([grant({ conditional: true, conditions: [vpce('a')] })], [grant({ conditional: true, conditions: [vpce('b')] })]).changed[0]?.changes).toEqual(['conditions changed']);
  });

  it('names the actions a grant gains and loses', () => {
    const before = grant({ actions: ['s3:GetObject', 's3:GetObjectVersion'] });
    const after = grant({ actions: ['s3:GetObject', 's3:ListBucket'] });
    expect(diffAccess([before], [after]).changed[0]?.changes).toEqual(['actions added: s3:ListBucket', 'actions removed: s3:GetObjectVersion']);
  });

  it('reports a new role-assumption path to the same capability', () => {
    const direct = grant({ principal: CI });
    const viaDeployer = grant({ principal: CI, path: [CI, 'arn:aws:iam::111111111111:role/deployer'] });
    expect(diffAccess([direct], [viaDeployer]).changed[0]?.changes).toEqual(['new path via ci → deployer']);
    expect(diffAccess([viaDeployer], [direct]).changed[0]?.changes).toEqual(['now direct (was via ci → deployer)']);
  });

  it('ignores differences that change no access (the statements that grant it)', () => {
    const before = grant();
    const after = grant({ via: [{ policy: 'other', statement: 'Renamed' }] });
    expect(diffAccess([before], [after])).toEqual({ added: [], removed: [], changed: [] });
  });

  it('marks grants that start or stop depending on values known only after apply', () => {
    expect(diffAccess([grant()], [grant({ unknown: true })]).changed[0]?.changes).toEqual(['now depends on values known only after apply']);
  });

  it('sorts its output by resource, principal and capability', () => {
    const a = grant({ resource: 'arn:aws:s3:::b', principal: CI });
    const b = grant({ resource: 'arn:aws:s3:::a', principal: CI, capability: 'write-data' });
    const c = grant({ resource: 'arn:aws:s3:::a', principal: CI, capability: 'read-data' });
    expect(diffAccess([], [a, b, c]).added).toEqual([c, b, a]);
  });

  it('refuses two grants with the same principal, resource and capability', () => {
    expect(() => diffAccess([grant(), grant()], [])).toThrow(/duplicate grant/);
  });
});
