import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactKinds, decideContact, ymdInZone, type ContactKind, type ContactParty } from './contact-decision.js';
import { defaultPolicy, policyDocument } from './policy.document.js';

const TODAY = 20260615;
/** A member whose birthday is `daysLater` days after today's date, `age` years ago. */
const bornYearsAgo = (age: number, daysLater = 0): ContactParty => {
  const d = new Date(Date.UTC(2026 - age, 5, 15 + daysLater));
  return { known: true, ageVerified: false, restricted: false, birthYmd: d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate() };
};

/** The rule as the Qruiser brief states it, for members born on the same day of the year. */
function expected(fromAge: number, toAge: number, kind: ContactKind, youngerWroteFirst: boolean): boolean {
  if (fromAge < 15 || toAge < 15) return false;
  const fromMinor = fromAge < 18;
  const toMinor = toAge < 18;
  if (!fromMinor && !toMinor) return true;
  if (!fromMinor && toMinor && (kind === 'image' || kind === 'video_call')) return false;
  if (fromAge - toAge > 5) return youngerWroteFirst || kind === 'buff';
  return true;
}

describe('the age-gap contact rule (default policy: minimum 15, minors under 18, gap 5)', () => {
  it('decides every pair of ages 13-70, every kind, both who-wrote-first states, as the brief states', () => {
    let cases = 0;
    const wrong: string[] = [];
    for (let fromAge = 13; fromAge <= 70; fromAge++) {
      for (let toAge = 13; toAge <= 70; toAge++) {
        for (const kind of contactKinds) {
          for (const youngerWroteFirst of [false, true]) {
            const d = decideContact(defaultPolicy, TODAY, bornYearsAgo(fromAge), bornYearsAgo(toAge), kind, { youngerWroteFirst });
            cases++;
            if (d.allow !== expected(fromAge, toAge, kind, youngerWroteFirst)) wrong.push(`${fromAge}->${toAge} ${kind} wroteFirst=${youngerWroteFirst}: ${d.rule}`);
          }
        }
      }
    }
    expect(cases).toBe(58 * 58 * 5 * 2);
    expect(wrong).toEqual([]);
  });

  it('allows a gap of exactly five years and denies five years and one day', () => {
    const minor = bornYearsAgo(16);
    expect(decideContact(defaultPolicy, TODAY, bornYearsAgo(21), minor, 'message', { youngerWroteFirst: false })).toMatchObject({ allow: true, rule: 'no-restriction' });
    const oneDayOlder = bornYearsAgo(21, -1);
    expect(decideContact(defaultPolicy, TODAY, oneDayOlder, minor, 'message', { youngerWroteFirst: false })).toMatchObject({ allow: false, rule: 'age-gap' });
  });

  it('changes the decision on an 18th birthday today', () => {
    const adult = bornYearsAgo(30);
    expect(decideContact(defaultPolicy, TODAY, adult, bornYearsAgo(18), 'message', { youngerWroteFirst: false }).allow).toBe(true);
    expect(decideContact(defaultPolicy, TODAY, adult, bornYearsAgo(18, 1), 'message', { youngerWroteFirst: false })).toMatchObject({ allow: false, rule: 'age-gap' });
  });

  it('treats the minimum age on the 15th birthday', () => {
    const peer = bornYearsAgo(16);
    expect(decideContact(defaultPolicy, TODAY, bornYearsAgo(15), peer, 'message', { youngerWroteFirst: false }).allow).toBe(true);
    expect(decideContact(defaultPolicy, TODAY, bornYearsAgo(15, 1), peer, 'message', { youngerWroteFirst: false })).toMatchObject({ allow: false, rule: 'minimum-age' });
  });

  it('lets a buff through but not a friend request', () => {
    const [older, minor] = [bornYearsAgo(40), bornYearsAgo(16)];
    expect(decideContact(defaultPolicy, TODAY, older, minor, 'buff', { youngerWroteFirst: false }).rule).toBe('age-gap-buff-allowed');
    expect(decideContact(defaultPolicy, TODAY, older, minor, 'friend_request', { youngerWroteFirst: false }).rule).toBe('age-gap');
    const noBuffs = policyDocument.parse({ ageGap: { buffsAllowed: false } });
    expect(decideContact(noBuffs, TODAY, older, minor, 'buff', { youngerWroteFirst: false }).rule).toBe('age-gap');
  });

  it('keeps restricted accounts away from minors even after the minor wrote first', () => {
    const restricted = { ...bornYearsAgo(19), restricted: true };
    const d = decideContact(defaultPolicy, TODAY, restricted, bornYearsAgo(17), 'message', { youngerWroteFirst: true });
    expect(d).toMatchObject({ allow: false, rule: 'restricted-sender' });
    expect(decideContact(defaultPolicy, TODAY, restricted, bornYearsAgo(30), 'message', { youngerWroteFirst: false }).allow).toBe(true);
  });

  it('applies the configured assumption to unknown accounts and says so', () => {
    const unknown: ContactParty = { known: false, birthYmd: 0, ageVerified: false, restricted: false };
    const adult = bornYearsAgo(35);
    expect(decideContact(defaultPolicy, TODAY, adult, unknown, 'message', { youngerWroteFirst: false }).rule).toBe('age-gap');
    const asAdult = policyDocument.parse({ unknownAge: { unknownAccount: 'adult' } });
    expect(decideContact(asAdult, TODAY, adult, unknown, 'message', { youngerWroteFirst: false }).allow).toBe(true);
    const deny = policyDocument.parse({ unknownAge: { unknownAccount: 'deny' } });
    expect(decideContact(deny, TODAY, adult, unknown, 'buff', { youngerWroteFirst: false }).rule).toBe('unknown-account');
  });

  it('can treat unverified ages as minors', () => {
    const cautious = policyDocument.parse({ unknownAge: { unverified: 'minor' } });
    const claimedAdult = bornYearsAgo(19);
    const verifiedOlder = { ...bornYearsAgo(45), ageVerified: true };
    expect(decideContact(cautious, TODAY, verifiedOlder, claimedAdult, 'message', { youngerWroteFirst: false }).rule).toBe('age-gap');
    expect(decideContact(cautious, TODAY, verifiedOlder, { ...claimedAdult, ageVerified: true }, 'message', { youngerWroteFirst: false }).allow).toBe(true);
  });
});

const knownParty = (minAge: number) =>
  fc.record({
    age: fc.integer({ min: minAge, max: 90 }),
    // Born up to a year before the birthday `age` years ago: the member is exactly `age` today.
    dayOffset: fc.integer({ min: -364, max: 0 }),
    ageVerified: fc.boolean(),
  }).map(({ age, dayOffset, ageVerified }) => ({ ...bornYearsAgo(age, dayOffset), ageVerified, restricted: false }));
const policies = fc
  .record({ maxYears: fc.integer({ min: 0, max: 15 }), protectedAge: fc.integer({ min: 16, max: 18 }), buffsAllowed: fc.boolean() })
  .map(({ maxYears, protectedAge, buffsAllowed }) => policyDocument.parse({ ageGap: { maxYears, buffsAllowed }, minors: { protectedAge } }));

describe('contact rule properties', () => {
  it('a minor writing first opens the conversation for both sides', () => {
    fc.assert(
      fc.property(policies, knownParty(16), knownParty(16), (policy, a, b) => {
        const [older, younger] = a.birthYmd <= b.birthYmd ? [a, b] : [b, a];
        fc.pre(Math.floor((TODAY - younger.birthYmd) / 10_000) < policy.minors.protectedAge);
        expect(Math.floor((TODAY - older.birthYmd) / 10_000)).toBeGreaterThanOrEqual(16);
        for (const [from, to] of [[older, younger], [younger, older]] as const) {
          expect(decideContact(policy, TODAY, from, to, 'message', { youngerWroteFirst: true }).allow).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never denies anything between two adults', () => {
    fc.assert(
      fc.property(policies, knownParty(18), knownParty(18), fc.constantFrom(...contactKinds), fc.boolean(), (policy, a, b, kind, wrote) => {
        expect(Math.min(TODAY - a.birthYmd, TODAY - b.birthYmd)).toBeGreaterThanOrEqual(18_0000);
        const d = decideContact(policy, TODAY, a, b, kind, { youngerWroteFirst: wrote });
        expect(d).toMatchObject({ allow: true, rule: 'no-restriction' });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dates in the platform time zone', () => {
  it('moves to the next day at local midnight, not UTC midnight', () => {
    // 23:30 UTC on 14 June is already 15 June in Stockholm (UTC+2 in summer).
    expect(ymdInZone(new Date('2026-06-14T23:30:00Z'), 'Europe/Stockholm')).toBe(20260615);
    expect(ymdInZone(new Date('2026-06-14T23:30:00Z'), 'UTC')).toBe(20260614);
  });
});

describe('ymdInZone keeps its answer for the minute', () => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const fresh = (at: Date, timeZone: string) => {
    if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
    return Number(formats.get(timeZone)!.format(at).replaceAll('-', ''));
  };
  const zones = ['Europe/Stockholm', 'UTC', 'America/St_Johns', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Eucla', 'Pacific/Chatham', 'Africa/Monrovia'];

  it('gives the same day as formatting afresh, second by second across local midnight', () => {
    for (const timeZone of zones) {
      // Around the local midnight that starts 15 June 2026 in that zone, and across a DST change.
      for (const start of [Date.UTC(2026, 5, 14, 8), Date.UTC(2026, 2, 28, 20)]) {
        for (let ms = start; ms < start + 20 * 3_600_000; ms += 59_999) {
          expect(ymdInZone(new Date(ms), timeZone)).toBe(fresh(new Date(ms), timeZone));
        }
      }
    }
  });

  it('agrees with fresh formatting for any moment and zone, in any order (also before 1973, when offsets had seconds)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: -90_000, max: 90_000 }), (timeZone, ms, step) => {
        expect(ymdInZone(new Date(ms), timeZone)).toBe(fresh(new Date(ms), timeZone));
        expect(ymdInZone(new Date(ms + step), timeZone)).toBe(fresh(new Date(ms + step), timeZone));
      }),
      { numRuns: 3000 },
    );
    // Monrovia was UTC-0:44:30 until 1972: its midnight fell 30 s into a UTC minute.
    const midnight = Date.UTC(1970, 5, 15, 0, 44, 30);
    expect(ymdInZone(new Date(midnight - 10_000), 'Africa/Monrovia')).toBe(19700614);
    expect(ymdInZone(new Date(midnight + 10_000), 'Africa/Monrovia')).toBe(19700615);
  });
});
