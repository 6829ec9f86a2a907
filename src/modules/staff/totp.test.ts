import { describe, expect, it } from 'vitest';
import { newTotpSecret, totpCode, totpStep } from './totp.js';

describe('TOTP', () => {
  const at = new Date('2026-03-01T10:00:15Z');
  const secret = newTotpSecret();

  it('accepts the current code and one step of drift, and tells the step', () => {
    const step = Math.floor(at.getTime() / 30_000);
    expect(totpStep(secret, totpCode(secret, at), at)).toBe(step);
    expect(totpStep(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
  });

  it('refuses codes two steps away, malformed codes and other secrets', () => {
    expect(totpStep(secret, totpCode(secret, new Date(at.getTime() - 90_000)), at)).toBeNull();
    expect(totpStep(secret, '12345', at)).toBeNull();
    expect(totpStep(secret, 'abcdef', at)).toBeNull();
    expect(totpStep(newTotpSecret(), totpCode(secret, at), at)).toBeNull();
  });
});
