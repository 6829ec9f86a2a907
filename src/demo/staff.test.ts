import { describe, expect, it } from 'vitest';
import { KEY_PATTERN } from '../modules/apikeys/apikeys.service.js';
import { MIN_PASSWORD_LENGTH } from '../modules/staff/staff.service.js';
import { totpCode } from '../modules/staff/totp.js';
import { roles, rolesRequiringTwoFactor } from '../server/access.js';
import { DEMO_API_KEY, DEMO_API_KEY_PREFIX, DEMO_STAFF, demoTwoFactorCode } from './staff.js';

describe('demo staff and key', () => {
  it('has one member of staff in every role, each with a password long enough to be accepted', () => {
    expect(DEMO_STAFF.map((m) => m.role).sort()).toEqual([...roles].sort());
    for (const member of DEMO_STAFF) expect(member.password.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
  });

  it('pre-enrols two-factor exactly for the roles that require it', () => {
    for (const member of DEMO_STAFF) expect(Boolean(member.totpSecret)).toBe(rolesRequiringTwoFactor.has(member.role));
  });

  it('prints the code of the published secret, and refuses staff outside the demo or without two-factor', () => {
    const at = new Date('2026-03-01T20:00:00Z');
    const admin = DEMO_STAFF.find((m) => m.role === 'admin')!;
    expect(demoTwoFactorCode(' Admin@demo.trygg.test ', at)).toBe(totpCode(admin.totpSecret!, at));
    expect(() => demoTwoFactorCode('someone@example.test', at)).toThrow(/not a demo staff member/);
    expect(() => demoTwoFactorCode('moderator@demo.trygg.test', at)).toThrow(/without two-factor/);
  });

  it('publishes an API key in the form every key has', () => {
    expect(KEY_PATTERN.exec(DEMO_API_KEY)?.[1]).toBe(DEMO_API_KEY_PREFIX);
  });
});
