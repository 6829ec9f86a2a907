import { describe, expect, it } from 'vitest';
import { canonicalEmail, canonicalPhone, keyedHash } from './identifiers.js';

describe('identifiers', () => {
  it('folds e-mail variants of one mailbox together', () => {
    expect(canonicalEmail(' A.N.Other+wave@GoogleMail.com')).toBe('another@gmail.com');
    expect(canonicalEmail('a.n.other@gmail.com')).toBe('another@gmail.com');
    expect(canonicalEmail('first.last+x@example.se')).toBe('first.last@example.se');
  });

  it('keeps only digits and a leading plus in phone numbers', () => {
    expect(canonicalPhone('+46 (70) 123-45 67')).toBe('+46701234567');
    expect(canonicalPhone('070-123 45 67')).toBe('0701234567');
  });

  it('hashes differently under different keys', () => {
    const a = keyedHash(Buffer.alloc(32, 1), 'x@example.se');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedHash(Buffer.alloc(32, 2), 'x@example.se')).not.toBe(a);
  });
});
