import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, deriveKey, seal, unseal } from './crypto.js';

describe('crypto helpers', () => {
  it('canonical JSON does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  it('sealed text opens only with the same key and fails when altered', () => {
    const key = deriveKey(Buffer.alloc(32, 7), 'test');
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(unseal(key, sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => unseal(deriveKey(Buffer.alloc(32, 8), 'test'), sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered!').toString('base64url');
    expect(() => unseal(key, parts.join('.'))).toThrow();
  });
});
