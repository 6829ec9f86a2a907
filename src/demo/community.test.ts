import { describe, expect, it } from 'vitest';
import { ageOn } from '../modules/community/community.service.js';
import { DEMO_MEMBERS, DEMO_SEED, MIN_REGISTRATION_AGE, birthDateForAge, generateCommunity } from './community.js';

const asOf = new Date('2026-03-01T00:00:00Z');
const community = generateCommunity({ seed: DEMO_SEED, members: DEMO_MEMBERS, asOf });
const ages = community.map((m) => ageOn(m.account.birthDate, asOf));

const inRanges = (ip: string): boolean => /^(10\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/.test(ip);

describe('demo community generator', () => {
  it('gives identical data for the same seed and different data for another', () => {
    expect(generateCommunity({ seed: DEMO_SEED, members: DEMO_MEMBERS, asOf })).toEqual(community);
    const other = generateCommunity({ seed: DEMO_SEED + 1, members: DEMO_MEMBERS, asOf });
    expect(other.map((m) => m.account.displayName)).not.toEqual(community.map((m) => m.account.displayName));
  });

  it('makes at least 2,000 members with unique ids and external ids like m-000123', () => {
    expect(community.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(community.map((m) => m.account.id)).size).toBe(community.length);
    expect(new Set(community.map((m) => m.account.externalId)).size).toBe(community.length);
    expect(community[122]!.account.externalId).toBe('m-000123');
  });

  it('has no member under the minimum registration age and a mean age over 25', () => {
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(MIN_REGISTRATION_AGE);
    expect(Math.max(...ages)).toBeLessThanOrEqual(70);
    expect(ages.reduce((a, b) => a + b, 0) / ages.length).toBeGreaterThan(25);
  });

  it('has a thin tail of 15-17 year-olds (1-8%) and its bulk between 20 and 45', () => {
    const share = (test: (age: number) => boolean) => ages.filter(test).length / ages.length;
    const minors = share((a) => a <= 17);
    expect(minors).toBeGreaterThanOrEqual(0.01);
    expect(minors).toBeLessThanOrEqual(0.08);
    expect(share((a) => a >= 20 && a <= 45)).toBeGreaterThan(0.6);
  });

  it('spreads members over SE, NO and DK with matching locales', () => {
    const countries = new Set(community.map((m) => m.account.country));
    expect([...countries].sort()).toEqual(['DK', 'NO', 'SE']);
    for (const { account } of community) {
      expect(['sv', 'nb', 'da', 'en']).toContain(account.locale);
    }
  });

  it('registers members within the past three years, never before they were 15 nor after asOf', () => {
    const threeYearsAgo = new Date('2023-03-01T00:00:00Z');
    for (const { account } of community) {
      expect(account.registeredAt.getTime()).toBeGreaterThanOrEqual(threeYearsAgo.getTime());
      expect(account.registeredAt.getTime()).toBeLessThanOrEqual(asOf.getTime());
      expect(ageOn(account.birthDate, account.registeredAt)).toBeGreaterThanOrEqual(MIN_REGISTRATION_AGE);
    }
  });

  it('gives every member a registration and at least one login from synthetic addresses, in order', () => {
    for (const { account, logins } of community) {
      expect(logins[0]).toMatchObject({ kind: 'registration', accountId: account.id, occurredAt: account.registeredAt });
      expect(logins.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < logins.length; i++) {
        expect(logins[i]!.occurredAt.getTime()).toBeGreaterThanOrEqual(logins[i - 1]!.occurredAt.getTime());
        expect(logins[i]!.occurredAt.getTime()).toBeLessThanOrEqual(asOf.getTime());
      }
      for (const login of logins) {
        expect(inRanges(login.ip!)).toBe(true);
        expect(login.deviceId).toMatch(/^dev-[0-9a-f]{16}$/);
      }
    }
  });

  it('computes birth dates that give exactly the wanted age, leap days included', () => {
    for (const day of ['2026-03-01', '2028-02-29', '2026-12-31', '2027-01-01']) {
      const at = new Date(`${day}T00:00:00Z`);
      for (const age of [15, 16, 17, 18, 33, 70]) {
        for (const fraction of [0, 0.25, 0.5, 0.999999]) {
          expect(ageOn(birthDateForAge(age, at, fraction), at)).toBe(age);
        }
      }
    }
  });
});
