import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HashFormatError, assertHex, hamming, hammingAt, hammingHex, hammingWithin, hexToBytes, pdqFromHex, pdqToHex,
  popcount32, slotKey,
} from './bits.js';

const words = fc.uint32Array({ minLength: 8, maxLength: 8 });
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const bitsOf = (hex: string): string => [...hex].map((c) => parseInt(c, 16).toString(2).padStart(4, '0')).join('');
const naiveHamming = (a: string, b: string): number => {
  const [x, y] = [bitsOf(a), bitsOf(b)];
  return [...x].filter((bit, i) => bit !== y[i]).length;
};

describe('PDQ hash compact form', () => {
  it('round-trips any hash between hex and 8 words', () => {
    fc.assert(fc.property(hex64, (hex) => {
      expect(pdqToHex(pdqFromHex(hex))).toBe(hex);
    }));
    fc.assert(fc.property(words, (w) => {
      expect(pdqFromHex(pdqToHex(w))).toEqual(w);
    }));
  });

  it("keeps PDQ's bit numbering: bit k is bit k & 31 of word k >> 5, the last hex digit holds bit 0", () => {
    const lowest = pdqFromHex('0'.repeat(63) + '1');
    expect([...lowest]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    const highest = pdqFromHex('8' + '0'.repeat(63));
    expect(highest[7]).toBe(0x80000000);
    expect(pdqFromHex('0'.repeat(56) + '00010000')[0]).toBe(0x10000); // bit 16 = PDQ word 1, bit 0
  });

  it('reads slot j as PDQ word j, printed at hex digits (15 - j) * 4 onwards', () => {
    fc.assert(
      fc.property(hex64, fc.integer({ min: 0, max: 15 }), (hex, j) => {
        expect(slotKey(pdqFromHex(hex), 0, j)).toBe(parseInt(hex.slice((15 - j) * 4, (16 - j) * 4), 16));
      }),
    );
  });

  it('accepts upper-case hex and prints lower case', () => {
    const hex = 'f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95';
    expect(pdqToHex(pdqFromHex(hex.toUpperCase()))).toBe(hex);
  });
});

describe('Hamming distance', () => {
  it('counts the set bits of any 32-bit value', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (x) => {
      expect(popcount32(x)).toBe(x.toString(2).split('').filter((c) => c === '1').length);
    }));
  });

  it('equals a bit-by-bit count, on hex strings and on compact words', () => {
    fc.assert(
      fc.property(hex64, hex64, (a, b) => {
        const expected = naiveHamming(a, b);
        expect(hammingHex(a, b)).toBe(expected);
        expect(hamming(pdqFromHex(a), pdqFromHex(b))).toBe(expected);
      }),
    );
    expect(hammingHex('f'.repeat(64), '0'.repeat(64))).toBe(256);
  });

  it('reads hashes at any offset of a shared array', () => {
    fc.assert(
      fc.property(fc.uint32Array({ minLength: 24, maxLength: 24 }), (all) => {
        expect(hammingAt(all, 8, all, 16)).toBe(hamming(all.subarray(8, 16), all.subarray(16, 24)));
      }),
    );
  });

  it('stops early above the limit but is exact at or below it', () => {
    fc.assert(
      fc.property(words, words, fc.integer({ min: 0, max: 256 }), (a, b, limit) => {
        const exact = hamming(a, b);
        const bounded = hammingWithin(a, 0, b, 0, limit);
        if (exact <= limit) expect(bounded).toBe(exact);
        else expect(bounded).toBeGreaterThan(limit);
      }),
    );
  });
});

describe('bad hash input', () => {
  it('refuses a PDQ hash of the wrong length, naming the length', () => {
    expect(() => pdqFromHex('abc')).toThrow(new HashFormatError('PDQ hash must be exactly 64 hex digits, got 3 characters'));
    expect(() => pdqFromHex('0'.repeat(65))).toThrow(/exactly 64 hex digits, got 65/);
    expect(() => pdqFromHex('')).toThrow(HashFormatError);
  });

  it('refuses non-hex characters, naming the character and its position', () => {
    expect(() => pdqFromHex('0'.repeat(10) + 'g' + '0'.repeat(53))).toThrow(/"g" at position 10 is not one/);
    expect(() => pdqFromHex(' '.repeat(64))).toThrow(HashFormatError);
    expect(() => pdqFromHex('é'.repeat(64))).toThrow(HashFormatError);
    expect(() => hammingHex('0'.repeat(64), 'x'.repeat(64))).toThrow(HashFormatError);
  });

  it('refuses values that are not strings', () => {
    expect(() => pdqFromHex(42 as unknown as string)).toThrow(/got number/);
    expect(() => assertHex(null, 32, 'MD5 digest')).toThrow(/MD5 digest must be a string/);
  });

  it('checks digests of other lengths the same way', () => {
    expect([...hexToBytes('00ff10Aa', 8, 'digest')]).toEqual([0, 255, 16, 170]);
    expect(() => hexToBytes('00ff', 8, 'digest')).toThrow(/digest must be exactly 8 hex digits, got 4/);
    expect(() => hexToBytes('00ff10az', 8, 'digest')).toThrow(/"z" at position 7/);
  });
});
