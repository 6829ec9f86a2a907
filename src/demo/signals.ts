import type { ContactKind } from '../modules/policy/contact-decision.js';
import type { PolicyDocument } from '../modules/policy/policy.document.js';
import type { SignalKind } from '../modules/signals/signals.find.js';
import { Random } from './random.js';

/**
 * The demo's behaviour: ordinary contact among adults, and a handful of adults whose last days
 * cross one behaviour signal each (PRODUCT.md: Kamrat's "few very active men"). Pure: the same
 * cast, moment and thresholds give the same events with the same ids, so seeding twice stores
 * them once.
 */

/** The signals the demo shows, one adult each, in the order they are seeded. */
export const demoSignals = [
  'minor-first-contacts-24h',
  'minor-first-contacts-7d',
  'minors-reject',
  'age-gap-denials-24h',
  'buff-burst-to-minors',
] as const satisfies readonly SignalKind[];
export type DemoSignal = (typeof demoSignals)[number];

export const demoSignalLabels: Record<DemoSignal, string> = {
  'minor-first-contacts-24h': 'first contacts with many minors in 24 hours',
  'minor-first-contacts-7d': 'first contacts with many minors in 7 days',
  'minors-reject': 'most minors he contacted blocked or ignored him',
  'age-gap-denials-24h': 'repeatedly denied by the age-gap rule today',
  'buff-burst-to-minors': 'a burst of buffs to minors',
};

export interface DemoCast {
  /** Adults (30-55) to play the signal scenarios, one each, in `demoSignals` order. */
  adults: string[];
  /** Minors (15-17, not turning 18 within a week) whom the scenarios approach. */
  minors: string[];
  /** Ordinary adults who talk among themselves. */
  background: string[];
}

export interface DemoScenario {
  adult: string;
  signal: DemoSignal;
  /** Community events the platform sends about this adult (contacts, and minors' blocks). */
  events: Record<string, unknown>[];
  /** Contact questions to put to Trygg, each expected to be denied (the age-gap scenario). */
  denials: { from: string; to: string; kind: ContactKind }[];
}

export interface DemoBehaviour {
  scenarios: DemoScenario[];
  background: Record<string, unknown>[];
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** How many minors each scenario needs under these thresholds (one more than the threshold). */
export function minorsNeeded(signal: DemoSignal, t: PolicyDocument['signals']): number {
  switch (signal) {
    case 'minor-first-contacts-24h':
      return t.distinctMinorsFirstContacted24h + 1;
    case 'minor-first-contacts-7d':
      return t.distinctMinorsFirstContacted7d + 1;
    case 'minors-reject':
      return t.minorRejectionMinContacts + 1;
    case 'age-gap-denials-24h':
      return t.ageGapDenials24h + 1;
    case 'buff-burst-to-minors':
      return Math.min(4, t.distinctMinorsFirstContacted24h - 1);
  }
}

/**
 * Plans the behaviour relative to `now`. A scenario whose threshold needs more minors than the
 * cast has is left out (a tiny community, or a policy with very high thresholds). Each scenario
 * stays under the other signals' thresholds, so every adult shows the one signal he stands for.
 */
export function planBehaviour(options: { seed: number; now: Date; cast: DemoCast; thresholds: PolicyDocument['signals'] }): DemoBehaviour {
  const { now, cast, thresholds: t } = options;
  const rng = new Random(options.seed ^ 0x5167_a15);
  // Event ids: one numbered series per scenario and one for the background.
  let id = (): string => '';
  const series = (name: string) => {
    let n = 0;
    id = () => `demo-${options.seed}-${name}-${++n}`;
  };
  const at = (msAgo: number) => new Date(now.getTime() - Math.round(msAgo)).toISOString();
  const attempt = (from: string, to: string, kind: ContactKind, msAgo: number) => ({ id: id(), type: 'contact.attempted', occurredAt: at(msAgo), from, to, kind });
  // Each scenario starts at a different place in the minors' list, so the minors vary.
  const minorsFrom = (offset: number, count: number) => Array.from({ length: count }, (_, i) => cast.minors[(offset + i) % cast.minors.length]!);

  const scenarios: DemoScenario[] = [];
  demoSignals.forEach((signal, index) => {
    const adult = cast.adults[index];
    const count = minorsNeeded(signal, t);
    if (!adult || count < 1 || count > cast.minors.length) return;
    const minors = minorsFrom(index * 3, count);
    // The adult is part of the ids: a resumed run that cast someone else stores his events too.
    series(`${signal}-${adult}`);
    const events: Record<string, unknown>[] = [];
    const denials: DemoScenario['denials'] = [];
    switch (signal) {
      case 'minor-first-contacts-24h':
        // Over the last 20 hours, one new minor after another.
        minors.forEach((minor, i) => events.push(attempt(adult, minor, i % 3 === 2 ? 'friend_request' : 'message', HOUR + (i * 19 * HOUR) / count)));
        break;
      case 'minor-first-contacts-7d':
        // Spread from 28 hours to 5 days ago: never enough in one day for the 24-hour signal.
        minors.forEach((minor, i) => events.push(attempt(adult, minor, i % 2 ? 'buff' : 'message', 28 * HOUR + (i * 92 * HOUR) / count)));
        break;
      case 'minors-reject': {
        // Contacts over four days; most of the minors block or ignore him a few hours later.
        const rejecting = Math.min(count, Math.ceil(count * t.minorRejectionShare) + 1);
        minors.forEach((minor, i) => {
          const ago = 30 * HOUR + (i * 66 * HOUR) / count;
          events.push(attempt(adult, minor, 'message', ago));
          if (i < rejecting) {
            events.push({ id: id(), type: i % 2 ? 'member.ignored' : 'member.blocked', occurredAt: at(ago - 2 * HOUR), by: minor, whom: adult });
          }
        });
        break;
      }
      case 'age-gap-denials-24h':
        // The platform asks before each message; Trygg denies every one (recorded at decision time).
        minors.forEach((minor, i) => denials.push({ from: adult, to: minor, kind: i % 2 ? 'friend_request' : 'message' }));
        break;
      case 'buff-burst-to-minors': {
        // Buffs in a burst three hours ago, round and round a few minors.
        const buffs = t.buffBurstToMinors + 4;
        const window = Math.min(45, t.buffBurstMinutes * 0.75) * MINUTE;
        for (let i = 0; i < buffs; i++) events.push(attempt(adult, minors[i % minors.length]!, 'buff', 3 * HOUR - (i * window) / buffs));
        break;
      }
    }
    scenarios.push({ adult, signal, events, denials });
  });

  // Ordinary adults: conversations that start with a contact and go back and forth, buffs,
  // friend requests, now and then an ignore or a block: about 400 events over the past week.
  const background: Record<string, unknown>[] = [];
  const people = cast.background;
  series('background');
  if (people.length >= 2) {
    const two = (): [string, string] => {
      const a = rng.pick(people);
      let b = a;
      while (b === a) b = rng.pick(people);
      return [a, b];
    };
    for (let c = 1; c <= 40; c++) {
      const [a, b] = two();
      let ago = rng.int(2 * HOUR, 160 * HOUR);
      background.push(attempt(a, b, 'message', ago));
      const conversationId = `demo-${options.seed}-conv-${c}`;
      const replies = rng.int(2, 9);
      for (let m = 0; m < replies && ago > MINUTE; m++) {
        const [from, to] = m % 2 ? [b, a] : [a, b];
        background.push({ id: id(), type: 'message.sent', occurredAt: at(ago), conversationId, from, to, hasMedia: rng.chance(0.08) });
        ago -= rng.int(MINUTE, 3 * HOUR);
      }
    }
    for (let i = 0; i < 30; i++) {
      const [a, b] = two();
      background.push(attempt(a, b, rng.chance(0.6) ? 'buff' : 'friend_request', rng.int(HOUR, 160 * HOUR)));
    }
    for (let i = 0; i < 4; i++) {
      const [a, b] = two();
      background.push({ id: id(), type: i === 0 ? 'member.blocked' : 'member.ignored', occurredAt: at(rng.int(HOUR, 100 * HOUR)), by: a, whom: b });
    }
  }
  return { scenarios, background };
}
