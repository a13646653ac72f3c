/**
 * A small, bounded ZIP reader for workflow artifacts (GitHub serves them as ZIP archives).
 *
 * It reads from memory only (nothing is extracted to disk, nothing is executed), supports the
 * two methods artifact uploads use (stored and deflated), checks every offset against the
 * buffer, and refuses archives beyond the given limits before inflating anything. Inflation
 * is capped at the declared size, and each entry's CRC-32 is verified, so a zip bomb or a
 * corrupt archive yields an `InputError`, never a crash or a truncated file read as complete.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { InputError } from '../model/errors.js';

export interface ZipLimits {
  /** Most entries (files and directories) the central directory may list. */
  maxEntries: number;
  /** Largest uncompressed size of one selected entry, in bytes. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all selected entries together, in bytes. */
  maxTotalBytes: number;
}

export interface ZipEntry {
  /** The entry's path inside the archive, `/`-separated. */
  name: string;
  content: Uint8Array;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const MAX_COMMENT_LENGTH = 0xffff;
const STORED = 0;
const DEFLATED = 8;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/**
 * Reads the entries of `archive` whose names `select` accepts (directories are never
 * selected). `archiveName` names the archive in error messages.
 * @throws InputError when the archive is corrupt, uses an unsupported feature, or exceeds `limits`.
 */
export function readZip(
  archive: Uint8Array,
  archiveName: string,
  limits: ZipLimits,
  select: (name: string) => boolean,
): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const fail = (place: string | undefined, problem: string): never => {
    throw new InputError(archiveName, place, problem);
  };
  const entries = readCentralDirectory(view, archive, limits, fail);
  const selected = entries.filter((entry) => !entry.name.endsWith('/') && select(entry.name));
  let total = 0;
  for (const entry of selected) {
    if (entry.size > limits.maxEntryBytes) {
      fail(entry.name, `${entry.size} bytes uncompressed, more than the limit of ${limits.maxEntryBytes}`);
    }
    total += entry.size;
  }
  if (total > limits.maxTotalBytes) {
    fail(undefined, `the selected entries hold ${total} bytes uncompressed, more than the limit of ${limits.maxTotalBytes}`);
  }
  return selected.map((entry) => ({ name: entry.name, content: readEntry(view, archive, entry, fail) }));
}

type Fail = (place: string | undefined, problem: string) => never;

function readCentralDirectory(view: DataView, archive: Uint8Array, limits: ZipLimits, fail: Fail): CentralEntry[] {
  const eocd = findEndOfCentralDirectory(view);
  if (eocd === undefined) fail(undefined, 'not a ZIP archive (no end of central directory record)');
  const diskNumber = view.getUint16(eocd! + 4, true);
  const entriesOnDisk = view.getUint16(eocd! + 8, true);
  const entryCount = view.getUint16(eocd! + 10, true);
  const directorySize = view.getUint32(eocd! + 12, true);
  const directoryOffset = view.getUint32(eocd! + 16, true);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    fail('end of central directory', 'ZIP64 archives are not supported');
  }
  if (diskNumber !== 0 || entriesOnDisk !== entryCount) fail('end of central directory', 'multi-part archives are not supported');
  if (entryCount > limits.maxEntries) fail(undefined, `${entryCount} entries, more than the limit of ${limits.maxEntries}`);
  if (directoryOffset + directorySize > eocd!) fail('central directory', 'lies outside the archive (truncated or corrupt)');

  const entries: CentralEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    const place = `central directory entry ${index + 1}`;
    if (offset + CENTRAL_HEADER_SIZE > eocd! || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) {
      fail(place, 'bad header (truncated or corrupt)');
    }
    const flags = view.getUint16(offset + 8, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const nameEnd = offset + CENTRAL_HEADER_SIZE + nameLength;
    if (nameEnd > eocd!) fail(place, 'name runs past the central directory');
    const nameBytes = archive.subarray(offset + CENTRAL_HEADER_SIZE, nameEnd);
    entries.push({
      name: new TextDecoder(flags & FLAG_UTF8 ? 'utf-8' : 'latin1').decode(nameBytes),
      flags,
      method: view.getUint16(offset + 10, true),
      crc: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    });
    offset = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/** The offset of the end-of-central-directory record, searched backwards over a possible comment. */
function findEndOfCentralDirectory(view: DataView): number | undefined {
  const last = view.byteLength - EOCD_SIZE;
  const first = Math.max(0, last - MAX_COMMENT_LENGTH);
  for (let offset = last; offset >= first; offset--) {
    if (view.getUint32(offset, true) === EOCD_SIGNATURE && offset + EOCD_SIZE + view.getUint16(offset + 20, true) === view.byteLength) {
      return offset;
    }
  }
  return undefined;
}

function readEntry(view: DataView, archive: Uint8Array, entry: CentralEntry, fail: Fail): Uint8Array {
  const place = entry.name;
  if (entry.flags & FLAG_ENCRYPTED) fail(place, 'encrypted entries are not supported');
  if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff) fail(place, 'ZIP64 entries are not supported');
  const header = entry.localHeaderOffset;
  if (header + LOCAL_HEADER_SIZE > archive.byteLength || view.getUint32(header, true) !== LOCAL_SIGNATURE) {
    fail(place, 'bad local header (truncated or corrupt)');
  }
  const dataStart = header + LOCAL_HEADER_SIZE + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > archive.byteLength) fail(place, 'data runs past the end of the archive (truncated)');
  const data = archive.subarray(dataStart, dataEnd);

  let content: Uint8Array;
  if (entry.method === STORED) {
    if (entry.compressedSize !== entry.size) fail(place, 'stored entry whose sizes disagree');
    content = data;
  } else if (entry.method === DEFLATED) {
    content = inflate(data, entry, fail);
  } else {
    content = fail(place, `compression method ${entry.method} is not supported (only stored and deflated)`);
  }
  if (crc32(content) !== entry.crc) fail(place, 'CRC-32 mismatch (corrupt archive)');
  return content;
}

function inflate(data: Uint8Array, entry: CentralEntry, fail: Fail): Uint8Array {
  let content: Uint8Array;
  try {
    // One byte of headroom tells "larger than declared" apart from "exactly declared".
    content = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
  } catch (error) {
    const tooLarge = error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    return fail(entry.name, tooLarge ? 'inflates beyond its declared size' : `cannot be inflated (${(error as Error).message})`);
  }
  if (content.byteLength !== entry.size) {
    fail(entry.name, `inflates to ${content.byteLength} bytes, not the declared ${entry.size}`);
  }
  return content;
}
