import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5Hex } from './md5.js';

const nodeMd5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describe('md5Hex', () => {
  it('gives the RFC 1321 test-suite digests', () => {
    const text = (s: string) => md5Hex(new TextEncoder().encode(s));
    expect(text('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(text('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(text('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(text('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('agrees with node:crypto on random inputs of every length around the block boundaries', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => md5Hex(bytes) === nodeMd5(bytes)), { numRuns: 500 });
  });

  it('agrees with node:crypto on a file-sized input', () => {
    const bytes = new Uint8Array(3_000_017).map((_, i) => (i * 2654435761) >>> 24);
    expect(md5Hex(bytes)).toBe(nodeMd5(bytes));
  });
});
