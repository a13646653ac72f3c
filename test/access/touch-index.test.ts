import { describe, expect, it } from 'vitest';
import { TouchIndex, type TouchTarget } from '../../src/access/touch-index.js';

const bucket = (name: string): TouchTarget => ({ services: new Set(['s3']), requestArns: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`] });
const table: TouchTarget = { services: new Set(['dynamodb']), requestArns: ['arn:aws:dynamodb:eu-west-1:111111111111:table/orders', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders/index/*'] };
const index = new TouchIndex([bucket('acme-data'), bucket('acme-logs'), bucket('other'), table]);
const touched = (services: string[] | null, resources: string[] | null) => Object.fromEntries(index.touchedBy(services, resources));

describe('the pruning index', () => {
  it('finds the targets a pattern can touch, with the request ARNs it meets (bit mask)', () => {
    // In IAM a * in the resource part spans slashes: acme-* also matches acme-data/key.
    expect(touched(['s3'], ['arn:aws:s3:::acme-*'])).toEqual({ 0: 0b11, 1: 0b11 });
    expect(touched(['s3'], ['arn:aws:s3:::acme-data'])).toEqual({ 0: 0b01 });
    expect(touched(['s3'], ['arn:aws:s3:::acme-*/*'])).toEqual({ 0: 0b10, 1: 0b10 });
    expect(touched(['s3'], ['arn:aws:s3:::acme-data', 'arn:aws:s3:::other/*'])).toEqual({ 0: 0b01, 2: 0b10 });
  });

  it('finds a request pattern a narrower statement pattern falls in', () => {
    expect(touched(['s3'], ['arn:aws:s3:::acme-data/reports/*'])).toEqual({ 0: 0b10 });
    expect(touched(['dynamodb'], ['arn:aws:dynamodb:eu-west-1:111111111111:table/orders/index/by-date'])).toEqual({ 3: 0b10 });
  });

  it('keeps only the targets one of the statement services acts on', () => {
    expect(touched(['dynamodb'], ['*'])).toEqual({ 3: 0b11 });
    expect(touched(['sqs'], ['*'])).toEqual({});
    expect(Object.keys(touched(null, null))).toEqual(['0', '1', '2', '3']);
  });

  it('reads a policy variable and what follows it as a wildcard (an over-approximation)', () => {
    expect(touched(['s3'], ['arn:aws:s3:::acme-${aws:username}/*'])).toEqual({ 0: 0b11, 1: 0b11 });
  });

  it('matches ARN parts one by one: a * does not cross into the account or region', () => {
    expect(touched(null, ['arn:aws:*:eu-west-1:111111111111:table/*'])).toEqual({ 3: 0b11 });
    expect(touched(null, ['arn:aws:s3:*:111111111111:*'])).toEqual({});
  });
});
