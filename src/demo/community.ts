import type { accountLogins, accounts } from '../modules/community/community.schema.js';
import { names, type Country } from './names.js';
import { Random } from './random.js';

export type DemoAccount = typeof accounts.$inferInsert & { id: string; externalId: string; birthDate: string; registeredAt: Date };
export type DemoLogin = typeof accountLogins.$inferInsert;

export interface DemoMember {
  account: DemoAccount;
  logins: DemoLogin[];
}

export interface CommunityOptions {
  seed: number;
  members: number;
  /** The moment the community is generated for: ages and "the past three years" count back from it. */
  asOf: Date;
}

export const DEMO_SEED = 2025;
export const DEMO_MEMBERS = 2400;
/** The platform's minimum registration age (PRODUCT.md: Kamrat's limit, Trygg's default). */
export const MIN_REGISTRATION_AGE = 15;

/** The platform id of the n-th member (1-based, in order of registration), e.g. m-000123. */
export const externalIdOf = (n: number): string => `m-${String(n).padStart(6, '0')}`;

const DAY_MS = 86_400_000;
const HISTORY_YEARS = 3;

/**
 * Age bands and their share of members. A thin tail of 15-17 year-olds, the bulk between 20
 * and 45, a long tail to 70: the mean lands around 32, above the "over 25" Kamrat reports.
 */
const ageBands: readonly (readonly [string, number])[] = [
  ['15-17', 4], ['18-19', 7], ['20-24', 20], ['25-29', 20], ['30-34', 15], ['35-39', 11],
  ['40-44', 8], ['45-49', 6], ['50-54', 4], ['55-59', 2.5], ['60-64', 1.5], ['65-70', 1],
];

const countries: readonly (readonly [Country, number])[] = [['SE', 55], ['NO', 25], ['DK', 20]];
const nativeLocale: Record<Country, string> = { SE: 'sv', NO: 'nb', DK: 'da' };
/** Synthetic home networks per country inside 10.0.0.0/8 (second octet: the calling code). */
const homeOctet: Record<Country, number> = { SE: 46, NO: 47, DK: 45 };
/** Documentation ranges (RFC 5737): travel, VPN and café logins. */
const documentationRanges = ['192.0.2', '198.51.100', '203.0.113'] as const;

const userAgents = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  'Kamrat/4.2 (Android 14; Mobile)',
  'Kamrat/4.2 (iOS 17.5; iPhone)',
];

const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** The same calendar day `years` earlier (29 February falls back to the 28th). */
function yearsBefore(at: Date, years: number): Date {
  const y = at.getUTCFullYear() - years;
  const day = Math.min(at.getUTCDate(), new Date(Date.UTC(y, at.getUTCMonth() + 1, 0)).getUTCDate());
  return new Date(Date.UTC(y, at.getUTCMonth(), day));
}

/** A birth date that makes someone exactly `age` on `asOf`; `fraction` picks where in that year. */
export function birthDateForAge(age: number, asOf: Date, fraction: number): string {
  const latest = yearsBefore(asOf, age); // turned `age` today at the latest
  const earliest = new Date(yearsBefore(asOf, age + 1).getTime() + DAY_MS); // one day short of `age + 1`
  const span = Math.round((latest.getTime() - earliest.getTime()) / DAY_MS);
  return isoDate(new Date(latest.getTime() - Math.floor(fraction * (span + 1)) * DAY_MS));
}

/** The day someone born on `birthDate` turns `age` (29 February: 1 March in other years). */
function birthdayAt(birthDate: string, age: number): Date {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + age, m - 1, d));
}

/** An age drawn from the demo community's age distribution (15 to 70, mean around 32). */
export function drawAge(rng: Random): number {
  const [low, high] = rng.weighted(ageBands).split('-').map(Number) as [number, number];
  return rng.int(low, high);
}

function displayName(rng: Random, country: Country, birthYear: number): string {
  const set = names[country];
  const first = rng.pick(set.firstNames);
  switch (rng.weighted([['first+digits', 4], ['nickname', 3], ['full', 3]] as const)) {
    case 'first+digits':
      return `${first}${rng.chance(0.5) ? String(birthYear % 100).padStart(2, '0') : rng.int(1, 999)}`;
    case 'nickname':
      return `${rng.pick(set.adjectives)}_${rng.pick(set.nouns)}${rng.chance(0.4) ? rng.int(1, 99) : ''}`;
    default:
      return `${first} ${rng.pick(set.surnames).slice(0, rng.chance(0.5) ? 1 : undefined)}`;
  }
}

/** Local hour (Nordic time) weights: members are most active in the evening. */
const hourWeights: readonly (readonly [number, number])[] = Array.from({ length: 24 }, (_, h) => [
  h,
  h < 6 ? 1 : h < 9 ? 2 : h < 16 ? 3 : h < 19 ? 5 : h < 23 ? 8 : 4,
] as const);

/**
 * A moment between two others, on a day leaning towards the later one (the community grows)
 * and at an hour leaning towards the evening.
 */
function momentBetween(rng: Random, from: Date, to: Date): Date {
  const span = Math.max(0, to.getTime() - from.getTime());
  const day = new Date(from.getTime() + Math.floor(span * rng.next() ** 0.8));
  const localHour = rng.weighted(hourWeights);
  const at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), localHour - 1, 0, 0) + rng.int(0, 3_599_999);
  return new Date(Math.min(Math.max(at, from.getTime()), to.getTime()));
}

function loginsFor(rng: Random, account: DemoAccount, country: Country, asOf: Date): DemoLogin[] {
  const homeIp = `10.${homeOctet[country]}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  const devices = Array.from({ length: rng.weighted([[1, 6], [2, 3], [3, 1]] as const) }, () => ({
    deviceId: `dev-${rng.hex(16)}`,
    userAgent: rng.pick(userAgents),
  }));
  const ipFor = (): string => {
    const where = rng.weighted([['home', 6], ['mobile', 3], ['elsewhere', 1]] as const);
    if (where === 'home') return homeIp;
    if (where === 'mobile') return `10.${rng.int(100, 119)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    return `${rng.pick(documentationRanges)}.${rng.int(1, 254)}`;
  };
  const registration: DemoLogin = {
    id: rng.uuidV7(account.registeredAt), accountId: account.id, kind: 'registration',
    ip: homeIp, deviceId: devices[0]!.deviceId, userAgent: devices[0]!.userAgent, occurredAt: account.registeredAt,
  };
  const count = rng.weighted([[1, 3], [2, 4], [3, 4], [4, 3], [5, 2], [8, 1], [12, 1]] as const);
  const moments = Array.from({ length: count }, () => momentBetween(rng, account.registeredAt, asOf)).sort((a, b) => a.getTime() - b.getTime());
  return [
    registration,
    ...moments.map((occurredAt): DemoLogin => {
      const device = rng.pick(devices);
      return { id: rng.uuidV7(occurredAt), accountId: account.id, kind: 'login', ip: ipFor(), ...device, occurredAt };
    }),
  ];
}

/** The synthetic demo community: the same options always give the same members, ids and logins. */
export function generateCommunity({ seed, members, asOf }: CommunityOptions): DemoMember[] {
  const rng = new Random(seed);
  const historyStart = yearsBefore(asOf, HISTORY_YEARS);
  const latestRegistration = new Date(asOf.getTime() - 60_000);
  const out: DemoMember[] = [];
  for (let n = 1; n <= members; n++) {
    const country = rng.weighted(countries);
    const age = drawAge(rng);
    const birthDate = birthDateForAge(age, asOf, rng.next());
    // Nobody registered before reaching the minimum age.
    const eligibleFrom = birthdayAt(birthDate, MIN_REGISTRATION_AGE);
    const from = eligibleFrom > historyStart ? eligibleFrom : historyStart;
    const registeredAt = from < latestRegistration ? momentBetween(rng, from, latestRegistration) : from;
    const account: DemoAccount = {
      id: rng.uuidV7(registeredAt),
      externalId: '', // numbered below, in order of registration as a platform would
      displayName: displayName(rng, country, Number(birthDate.slice(0, 4))),
      birthDate,
      country,
      locale: rng.chance(0.12) ? 'en' : nativeLocale[country],
      status: 'active',
      registeredAt,
    };
    out.push({ account, logins: loginsFor(rng, account, country, asOf) });
  }
  out.sort((a, b) => a.account.registeredAt.getTime() - b.account.registeredAt.getTime() || (a.account.id < b.account.id ? -1 : 1));
  out.forEach((member, i) => {
    member.account.externalId = externalIdOf(i + 1);
  });
  return out;
}
