import type { PolicyDocument } from './policy.document.js';

export const contactKinds = ['message', 'buff', 'friend_request', 'image', 'video_call'] as const;
export type ContactKind = (typeof contactKinds)[number];

/** Every rule a decision can name; stable identifiers that platforms may switch on. */
export const contactRules = {
  'minimum-age': 'A member is younger than the minimum registration age',
  'unknown-account': 'An account is unknown to Trygg and the policy denies unknown accounts',
  'restricted-sender': 'The sender is suspended, banned or restricted from contacting minors',
  'adult-media-to-minor': 'Images and video calls from adults to minors are not allowed',
  'age-gap': 'The sender is more than the allowed number of years older than the minor and may not open the conversation',
  'age-gap-buff-allowed': 'A buff is allowed across the age gap',
  'age-gap-younger-opened': 'The younger member wrote first, so the conversation is open',
  'age-gap-younger-may-open': 'The younger member may open the conversation',
  'no-restriction': 'No rule restricts this contact',
} as const;
export type ContactRule = keyof typeof contactRules;

/** What the decision needs to know about one member, prepared once (birth date as YYYYMMDD). */
export interface ContactParty {
  /** false: Trygg has never seen this account. */
  known: boolean;
  /** Claimed birth date as a number YYYYMMDD (e.g. 20090415); 0 when unknown. */
  birthYmd: number;
  ageVerified: boolean;
  /** Suspended, banned or restricted from contacting minors. */
  restricted: boolean;
}

export interface ContactContext {
  /** The younger of the two has already written to the older one in their conversation. */
  youngerWroteFirst: boolean;
}

export interface ContactDecision {
  allow: boolean;
  rule: ContactRule;
  reason: string;
}

/** Decisions are constants: deciding allocates nothing, so millions a second fit on one core. */
const decisions = Object.fromEntries(
  (Object.keys(contactRules) as ContactRule[]).map((rule) => [
    rule,
    Object.freeze({ allow: rule.startsWith('age-gap-') || rule === 'no-restriction', rule, reason: contactRules[rule] }),
  ]),
) as Record<ContactRule, ContactDecision>;

/** Whole years from a YYYYMMDD birth date to a YYYYMMDD day. A 29 February birthday counts from 1 March. */
export const ageOn = (birthYmd: number, todayYmd: number): number => Math.floor((todayYmd - birthYmd) / 10_000);

const enum Age {
  Unknown = -1,
}

/**
 * Decides whether `from` may make contact of `kind` with `to`, under `policy`, on the given day
 * (YYYYMMDD in the platform's time zone). Pure: the HTTP endpoint and the embedded library both
 * call it, so they cannot disagree.
 */
export function decideContact(
  policy: PolicyDocument,
  todayYmd: number,
  from: ContactParty,
  to: ContactParty,
  kind: ContactKind,
  context: ContactContext,
): ContactDecision {
  const unknownAs = policy.unknownAge.unknownAccount;
  if ((!from.known || !to.known) && unknownAs === 'deny') return decisions['unknown-account'];

  const protectedAge = policy.minors.protectedAge;
  const fromAge = from.known ? ageOn(from.birthYmd, todayYmd) : Age.Unknown;
  const toAge = to.known ? ageOn(to.birthYmd, todayYmd) : Age.Unknown;
  const minimumAge = policy.registration.minimumAge;
  if ((fromAge !== Age.Unknown && fromAge < minimumAge) || (toAge !== Age.Unknown && toAge < minimumAge)) {
    return decisions['minimum-age'];
  }

  const treatUnverifiedAsMinor = policy.unknownAge.unverified === 'minor';
  const fromMinor = isMinor(from, fromAge, protectedAge, unknownAs, treatUnverifiedAsMinor);
  const toMinor = isMinor(to, toAge, protectedAge, unknownAs, treatUnverifiedAsMinor);
  if (!fromMinor && !toMinor) return decisions['no-restriction'];

  if (from.restricted && toMinor && !policy.restrictions.restrictedMayContactMinors) return decisions['restricted-sender'];
  if (!fromMinor && toMinor && (kind === 'image' || kind === 'video_call') && policy.media.adultToMinor === 'deny') {
    return decisions['adult-media-to-minor'];
  }

  if (!policy.ageGap.enabled) return decisions['no-restriction'];
  // Who is older, and by more than the gap? With an unknown birth date, assume the cautious answer:
  // an adult is older than a minor by more than the gap.
  let senderOlderBeyondGap: boolean;
  let recipientOlderBeyondGap: boolean;
  if (fromAge !== Age.Unknown && toAge !== Age.Unknown) {
    const gap = policy.ageGap.maxYears * 10_000;
    senderOlderBeyondGap = from.birthYmd + gap < to.birthYmd;
    recipientOlderBeyondGap = to.birthYmd + gap < from.birthYmd;
  } else {
    senderOlderBeyondGap = !fromMinor && toMinor;
    recipientOlderBeyondGap = fromMinor && !toMinor;
  }
  if (recipientOlderBeyondGap) return decisions['age-gap-younger-may-open'];
  if (!senderOlderBeyondGap) return decisions['no-restriction'];
  if (context.youngerWroteFirst) return decisions['age-gap-younger-opened'];
  if (kind === 'buff' && policy.ageGap.buffsAllowed) return decisions['age-gap-buff-allowed'];
  return decisions['age-gap'];
}

function isMinor(
  party: ContactParty,
  age: number,
  protectedAge: number,
  unknownAs: 'minor' | 'adult' | 'deny',
  treatUnverifiedAsMinor: boolean,
): boolean {
  if (!party.known) return unknownAs === 'minor';
  if (treatUnverifiedAsMinor && !party.ageVerified) return true;
  return age < protectedAge;
}

/**
 * YYYYMMDD of a moment in a time zone. Formatting costs microseconds and every decision asks, so
 * the answer is kept per zone for the UTC minute it was computed in: since 1973 every zone's
 * offset is a whole number of minutes, so a calendar date cannot change within a UTC minute.
 */
const zones = new Map<string, { format: Intl.DateTimeFormat; minute: number; ymd: number }>();
const WHOLE_MINUTE_OFFSETS_FROM = Date.UTC(1973, 0, 1);
export function ymdInZone(at: Date, timeZone: string): number {
  let zone = zones.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    zones.set(timeZone, (zone = { format, minute: Number.NaN, ymd: 0 }));
  }
  const ms = at.getTime();
  const minute = Math.floor(ms / 60_000);
  if (minute === zone.minute) return zone.ymd;
  const ymd = Number(zone.format.format(at).replaceAll('-', ''));
  if (ms >= WHOLE_MINUTE_OFFSETS_FROM) {
    zone.minute = minute;
    zone.ymd = ymd;
  }
  return ymd;
}

/** "2009-04-15" → 20090415. */
export const ymdOf = (isoDate: string): number => Number(isoDate.slice(0, 10).replaceAll('-', ''));
