/**
 * IPv4 and IPv6 addresses and CIDR ranges for `IpAddress` / `NotIpAddress`.
 * An address is held as eight 16-bit words; IPv4 uses the last two.
 */

export interface IpRange {
  v6: boolean;
  words: Uint16Array;
  /** Prefix length in bits (32 or 128 for a single address). */
  prefix: number;
}

/** Parses `10.0.0.0/8`, `203.0.113.7`, `2001:db8::/32`, ...; null when malformed. */
export function parseIpRange(text: string): IpRange | null {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const v6 = address.includes(':');
  const words = v6 ? parseV6(address) : parseV4(address);
  if (!words) return null;
  const max = v6 ? 128 : 32;
  if (slash < 0) return { v6, words, prefix: max };
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return { v6, words, prefix: Number(bits) };
}

/** Is the address `ip` (a range of one address) inside `range`? */
export function ipInRange(ip: IpRange, range: IpRange): boolean {
  if (ip.v6 !== range.v6) return false;
  const offset = range.v6 ? 0 : 6 * 16;
  let remaining = range.prefix;
  for (let bit = offset; remaining > 0; bit += 16) {
    const word = bit >> 4;
    const take = Math.min(16, remaining);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((ip.words[word] as number) & mask) !== ((range.words[word] as number) & mask)) return false;
    remaining -= take;
  }
  return true;
}

function parseV4(text: string): Uint16Array | null {
  const octets = text.split('.');
  if (octets.length !== 4) return null;
  const bytes: number[] = [];
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return null;
    bytes.push(Number(octet));
  }
  const words = new Uint16Array(8);
  words[6] = ((bytes[0] as number) << 8) | (bytes[1] as number);
  words[7] = ((bytes[2] as number) << 8) | (bytes[3] as number);
  return words;
}

function parseV6(text: string): Uint16Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const words = new Uint16Array(8);
  for (let i = 0; i < 8; i++) {
    const group = groups[i] as string;
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    words[i] = parseInt(group, 16);
  }
  return words;
}
