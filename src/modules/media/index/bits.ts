/**
 * PDQ hashes in compact form and their Hamming distance.
 *
 * A PDQ hash is 256 bits printed as 64 hex digits, PDQ word 15 first (see the PDQ README). In
 * compact form it is 8 uint32 words, least significant first: bit k of the hash is bit (k & 31)
 * of word k >> 5, so PDQ's 16-bit word j is half (j & 1) of word j >> 1. Keeping PDQ's own bit
 * numbering means slot j of the multi-index is PDQ word j, i.e. row j of the 16x16 DCT.
 */

export const PDQ_HEX_DIGITS = 64;
export const PDQ_WORDS = 8;
export const PDQ_BITS = 256;

/** A hash string that is not what its format requires (length, or a non-hex character). */
export class HashFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HashFormatError';
  }
}

// Char code → nibble, -1 for anything that is not a hex digit. Upper case is accepted.
const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) NIBBLE[48 + c] = c;
for (let c = 0; c < 6; c++) {
  NIBBLE[97 + c] = 10 + c;
  NIBBLE[65 + c] = 10 + c;
}

/** The nibble at `hex[i]`, or a HashFormatError naming the character and where it is. */
function nibbleAt(hex: string, i: number, label: string): number {
  const code = hex.charCodeAt(i);
  const value = code < 128 ? NIBBLE[code]! : -1;
  if (value < 0) {
    throw new HashFormatError(`${label} must be hex digits only: "${hex[i]}" at position ${i} is not one`);
  }
  return value;
}

/** Throws unless `hex` is a string of exactly `digits` hex digits. */
export function assertHex(hex: unknown, digits: number, label: string): asserts hex is string {
  if (typeof hex !== 'string') throw new HashFormatError(`${label} must be a string of ${digits} hex digits`);
  if (hex.length !== digits) {
    throw new HashFormatError(`${label} must be exactly ${digits} hex digits, got ${hex.length} characters`);
  }
  for (let i = 0; i < digits; i++) nibbleAt(hex, i, label);
}

/** The bytes of a hex string of exactly `digits` digits, validated (used for MD5/SHA-256 keys). */
export function hexToBytes(hex: unknown, digits: number, label: string): Uint8Array {
  assertHex(hex, digits, label);
  const out = new Uint8Array(digits >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (NIBBLE[hex.charCodeAt(2 * i)]! << 4) | NIBBLE[hex.charCodeAt(2 * i + 1)]!;
  return out;
}

/** Parses a PDQ hex string into `target` at word `offset` (no allocation: used for bulk loads). */
export function writePdqHex(hex: unknown, target: Uint32Array, offset = 0): void {
  if (typeof hex !== 'string' || hex.length !== PDQ_HEX_DIGITS) {
    const got = typeof hex === 'string' ? `${hex.length} characters` : typeof hex;
    throw new HashFormatError(`PDQ hash must be exactly ${PDQ_HEX_DIGITS} hex digits, got ${got}`);
  }
  for (let w = 0; w < PDQ_WORDS; w++) {
    const start = PDQ_HEX_DIGITS - 8 * (w + 1); // word 0 is printed last
    let value = 0;
    for (let i = start; i < start + 8; i++) value = (value << 4) | nibbleAt(hex, i, 'PDQ hash');
    target[offset + w] = value >>> 0;
  }
}

/** A PDQ hex string in compact form (8 words). */
export function pdqFromHex(hex: string): Uint32Array {
  const words = new Uint32Array(PDQ_WORDS);
  writePdqHex(hex, words);
  return words;
}

/** The 64 lowercase hex digits of the hash at word `offset` of `words`. */
export function pdqToHex(words: Uint32Array, offset = 0): string {
  let hex = '';
  for (let w = PDQ_WORDS - 1; w >= 0; w--) hex += words[offset + w]!.toString(16).padStart(8, '0');
  return hex;
}

/** PDQ's 16-bit word `slot` (0..15) of the hash at word `offset`: the multi-index key. */
export function slotKey(words: Uint32Array, offset: number, slot: number): number {
  return (words[offset + (slot >> 1)]! >>> ((slot & 1) << 4)) & 0xffff;
}

/** Set bits of a 32-bit value, by the usual SWAR bit tricks (no table, no allocation). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between the hashes at word offsets `ai` of `a` and `bi` of `b`. */
export function hammingAt(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  let d = 0;
  for (let w = 0; w < PDQ_WORDS; w++) d += popcount32(a[ai + w]! ^ b[bi + w]!);
  return d;
}

/**
 * Hamming distance between the hashes at `ai` and `bi`, or any value above `limit` as soon as the
 * running count passes it: most candidates are far away, so most checks stop after a few words.
 */
export function hammingWithin(a: Uint32Array, ai: number, b: Uint32Array, bi: number, limit: number): number {
  let d = 0;
  for (let w = 0; w < PDQ_WORDS; w++) {
    d += popcount32(a[ai + w]! ^ b[bi + w]!);
    if (d > limit) return d;
  }
  return d;
}

/** Hamming distance between two compact hashes. */
export function hamming(a: Uint32Array, b: Uint32Array): number {
  return hammingAt(a, 0, b, 0);
}

/** Hamming distance between two PDQ hex strings (validated). */
export function hammingHex(a: string, b: string): number {
  return hamming(pdqFromHex(a), pdqFromHex(b));
}
