import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../input-error.js';
import { readZip, type ZipLimits } from '../../src/github/zip.js';
import { buildZip } from './zip-builder.js';

const LIMITS: ZipLimits = { maxEntries: 100, maxEntryBytes: 1_000_000, maxTotalBytes: 2_000_000 };
const all = () => true;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');


describe('readZip', () => {
  it('reads an archive made by Info-ZIP, skipping directories and honouring the selection', () => {
    const archive = readFileSync(new URL('../fixtures/github/plan-artifact.zip', import.meta.url));
    const entries = readZip(archive, 'artifact plans', LIMITS, (name) => name.endsWith('.json'));
    expect(entries.map((e) => e.name)).toEqual(['plans/prod/tfplan.json']);
    expect(JSON.parse(text(entries[0]!.content))).toMatchObject({ format_version: '1.2', terraform_version: '1.9.8' });
    expect(readZip(archive, 'artifact plans', LIMITS, all).map((e) => e.name)).toEqual([
      'plans/README.txt',
      'plans/prod/tfplan.json',
    ]);
  });

  it('reads stored and deflated entries, UTF-8 names, and an archive comment', () => {
    const big = JSON.stringify({ resources: Array.from({ length: 500 }, (_, i) => ({ address: `aws_iam_role.r${i}` })) });
    const archive = buildZip(
      [
        { name: 'a.json', content: '{"stored":true}', method: 'stored' },
        { name: 'dir/é.json', content: big, method: 'deflated' },
      ],
      'uploaded by actions/upload-artifact',
    );
    const entries = readZip(archive, 'x', LIMITS, all);
    expect(entries.map((e) => [e.name, text(e.content)])).toEqual([
      ['a.json', '{"stored":true}'],
      ['dir/é.json', big],
    ]);
  });

  it('refuses data that is not a ZIP archive', () => {
    const error = inputErrorOf(() => readZip(Buffer.from('{"format_version":"1.2"}'), 'artifact plans', LIMITS, all));
    expect(error.message).toBe('artifact plans: not a ZIP archive (no end of central directory record)');
  });

  it('refuses a truncated archive', () => {
    const archive = buildZip([{ name: 'a.json', content: 'x'.repeat(1000), method: 'stored' }]);
    const truncated = Buffer.concat([archive.subarray(0, 500), archive.subarray(archive.length - 22 - 46 - 6)]);
    expect(inputErrorOf(() => readZip(truncated, 'art', LIMITS, all)).message).toMatch(/^art: central directory: lies outside the archive/);
  });

  it('refuses more entries than the limit before reading any', () => {
    const archive = buildZip([1, 2, 3].map((i) => ({ name: `${i}.json`, content: '{}' })));
    const error = inputErrorOf(() => readZip(archive, 'art', { ...LIMITS, maxEntries: 2 }, all));
    expect(error.message).toBe('art: 3 entries, more than the limit of 2');
  });

  it('refuses an entry larger than the per-entry limit, naming it', () => {
    const archive = buildZip([{ name: 'plan.json', content: 'x'.repeat(5000) }]);
    const error = inputErrorOf(() => readZip(archive, 'art', { ...LIMITS, maxEntryBytes: 4096 }, all));
    expect(error.message).toBe('art: plan.json: 5000 bytes uncompressed, more than the limit of 4096');
  });

  it('counts only selected entries against the total limit', () => {
    const archive = buildZip([
      { name: 'a.json', content: 'a'.repeat(3000) },
      { name: 'b.bin', content: 'b'.repeat(3000) },
    ]);
    const limits = { ...LIMITS, maxTotalBytes: 4000 };
    expect(readZip(archive, 'art', limits, (n) => n.endsWith('.json'))).toHaveLength(1);
    expect(inputErrorOf(() => readZip(archive, 'art', limits, all)).message).toBe(
      'art: the selected entries hold 6000 bytes uncompressed, more than the limit of 4000',
    );
  });

  it('stops a zip bomb that lies about its size at the declared size', () => {
    const archive = buildZip([{ name: 'bomb.json', content: Buffer.alloc(10_000_000), declaredSize: 1000 }]);
    expect(inputErrorOf(() => readZip(archive, 'art', LIMITS, all)).message).toBe('art: bomb.json: inflates beyond its declared size');
  });

  it('refuses an entry that inflates to less than declared', () => {
    const archive = buildZip([{ name: 'short.json', content: 'abc', declaredSize: 10 }]);
    expect(inputErrorOf(() => readZip(archive, 'art', LIMITS, all)).message).toBe(
      'art: short.json: inflates to 3 bytes, not the declared 10',
    );
  });

  it('detects corruption through the CRC-32', () => {
    const archive = buildZip([{ name: 'p.json', content: '{"a":1}', crc: 12345 }]);
    expect(inputErrorOf(() => readZip(archive, 'art', LIMITS, all)).message).toBe('art: p.json: CRC-32 mismatch (corrupt archive)');
  });

  it('refuses encrypted entries and unknown compression methods', () => {
    const encrypted = buildZip([{ name: 'e.json', content: '{}', method: 'stored' }]);
    // Set the encryption flag in the central directory header.
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    encrypted.writeUInt16LE(0x801, central + 8);
    expect(inputErrorOf(() => readZip(encrypted, 'art', LIMITS, all)).message).toBe('art: e.json: encrypted entries are not supported');

    const bzip = buildZip([{ name: 'b.json', content: '{}', method: 'stored' }]);
    const header = bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bzip.writeUInt16LE(12, header + 10);
    expect(inputErrorOf(() => readZip(bzip, 'art', LIMITS, all)).message).toBe(
      'art: b.json: compression method 12 is not supported (only stored and deflated)',
    );
  });

  it('refuses ZIP64 archives with a clear message', () => {
    const archive = buildZip([{ name: 'a.json', content: '{}' }]);
    archive.writeUInt32LE(0xffffffff, archive.length - 22 + 16);
    expect(inputErrorOf(() => readZip(archive, 'art', LIMITS, all)).message).toBe(
      'art: end of central directory: ZIP64 archives are not supported',
    );
  });

  it('refuses a local header offset that points outside the archive', () => {
    const archive = buildZip([{ name: 'a.json', content: '{}' }]);
    const central = archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    archive.writeUInt32LE(archive.length + 100, central + 42);
    expect(inputErrorOf(() => readZip(archive, 'art', LIMITS, all)).message).toBe(
      'art: a.json: bad local header (truncated or corrupt)',
    );
  });
});
