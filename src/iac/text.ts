/**
 * Turning an input file's bytes into text. Plans written by PowerShell (`terraform show -json >
 * plan.json`) are UTF-16 with a byte order mark; editors add UTF-8 BOMs; Windows tools may
 * write Windows-1252. Every file that is not plain UTF-8 says so in a notice.
 */
import { InputError } from '../model/errors.js';
import type { InputFile } from '../model/input.js';
import type { Notice } from '../model/inventory.js';

export interface DecodedText {
  text: string;
  /** `utf-8`, `utf-8 with BOM`, `utf-16le with BOM`, ... */
  encoding: string;
  notices: Notice[];
}

export function decodeInput(file: InputFile): DecodedText {
  const { content } = file;
  if (typeof content === 'string') {
    return content.startsWith('\uFEFF')
      ? { text: content.slice(1), encoding: 'utf-8 with BOM', notices: [] }
      : { text: content, encoding: 'utf-8', notices: [] };
  }
  const bytes = content;
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff]) || startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    throw new InputError(file.path, undefined, 'UTF-32 text is not supported; save the file as UTF-8 or UTF-16');
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return utf8(file, bytes.subarray(3), 'utf-8 with BOM');
  if (startsWith(bytes, [0xff, 0xfe])) return utf16(file, bytes.subarray(2), 'le', 'utf-16le with BOM');
  if (startsWith(bytes, [0xfe, 0xff])) return utf16(file, bytes.subarray(2), 'be', 'utf-16be with BOM');
  // Without a BOM, UTF-16 text of ASCII-range JSON/YAML has a zero in every other byte.
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return utf16(file, bytes, 'le', 'utf-16le without BOM');
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return utf16(file, bytes, 'be', 'utf-16be without BOM');
  return utf8(file, bytes, 'utf-8');
}

function utf8(file: InputFile, bytes: Uint8Array, encoding: string): DecodedText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding, notices: [] };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      encoding: 'windows-1252',
      notices: [
        {
          level: 'warning',
          message: `${file.path} is not valid UTF-8; it was read as Windows-1252, so non-ASCII characters may be wrong`,
          source: { file: file.path },
        },
      ],
    };
  }
}

function utf16(file: InputFile, bytes: Uint8Array, order: 'le' | 'be', encoding: string): DecodedText {
  if (bytes.length % 2 !== 0) {
    throw new InputError(file.path, undefined, `${encoding} text has an odd number of bytes (truncated file?)`);
  }
  const littleEndian = order === 'le' ? bytes : swapPairs(bytes);
  try {
    return { text: new TextDecoder('utf-16le', { fatal: true }).decode(littleEndian), encoding, notices: [] };
  } catch {
    throw new InputError(file.path, undefined, `invalid ${encoding} text (unpaired surrogate)`);
  }
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
