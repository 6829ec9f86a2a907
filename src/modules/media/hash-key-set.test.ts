import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashKeySet } from './hash-key-set.js';

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

describe('the hash keys an import has seen', () => {
  it('says a key is new exactly when no earlier hash shared its first 16 hex digits, through growth', () => {
    fc.assert(
      fc.property(fc.array(hex64, { maxLength: 3000 }), fc.array(fc.nat(2999), { maxLength: 20 }), (hashes, repeatAt) => {
        const sequence = [...hashes];
        for (const i of repeatAt) if (hashes.length) sequence.push(hashes[i % hashes.length]!);
        const keys = new HashKeySet();
        const seen = new Set<string>();
        for (const hash of sequence) {
          const fresh = !seen.has(hash.slice(0, 16));
          seen.add(hash.slice(0, 16));
          if (!keys.repeated) expect(keys.add(hash)).toBe(fresh);
        }
        expect(keys.repeated).toBe(seen.size < sequence.length);
      }),
    );
  });

  it('treats hashes sharing a key but differing after it as a possible repeat, and the all-zero key like any other', () => {
    const keys = new HashKeySet();
    expect(keys.add(`0123456789abcdef${'0'.repeat(48)}`)).toBe(true);
    expect(keys.add(`0123456789abcdef${'f'.repeat(48)}`)).toBe(false);
    expect(keys.repeated).toBe(true);
    const zeros = new HashKeySet();
    expect(zeros.add('0'.repeat(64))).toBe(true);
    expect(zeros.add(`${'0'.repeat(16)}${'1'.repeat(16)}`)).toBe(false);
    expect(zeros.repeated).toBe(true);
  });

  it('keeps 1,000,000 distinct keys in 16 MiB of table and finds each again', () => {
    const keys = new HashKeySet();
    const hex = (i: number) => `${(Math.imul(i, 2654435761) >>> 0).toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}`;
    for (let i = 0; i < 1_000_000; i++) keys.add(hex(i));
    expect([keys.size, keys.repeated]).toEqual([1_000_000, false]);
    expect(keys.bytes).toBeLessThanOrEqual(16 * 2 ** 20);
    expect(keys.add(hex(123_456))).toBe(false);
  });
});
