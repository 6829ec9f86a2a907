/**
 * The contact benchmark's workload: members with the demo community's age distribution, contact
 * questions between them (every kind, both who-wrote-first states, a few unknown accounts) and
 * batches of community events. Pure and seeded: the same options give the same workload.
 */
import { birthDateForAge, drawAge } from '../src/demo/community.js';
import { Random } from '../src/demo/random.js';
import { ymdOf, type ContactKind, type ContactParty } from '../src/modules/policy/contact-decision.js';

export interface BenchMember {
  externalId: string;
  birthDate: string;
  ageVerified: boolean;
  restricted: boolean;
}

export interface BenchQuestion {
  from: string;
  to: string;
  kind: ContactKind;
  /** The younger of the two has written to the older one (a message from younger to older exists). */
  youngerWroteFirst: boolean;
}

export const memberId = (n: number): string => `m-${String(n).padStart(6, '0')}`;

/** How often each kind is asked about: mostly messages and buffs, a few images and video calls. */
export const kindWeights: readonly (readonly [ContactKind, number])[] = [
  ['message', 45], ['buff', 25], ['friend_request', 15], ['image', 10], ['video_call', 5],
];

/** Members m-000001 … with ages drawn like the demo's (15-70), a few verified or restricted. */
export function benchMembers(options: { count: number; seed: number; asOf: Date }): BenchMember[] {
  const rng = new Random(options.seed);
  return Array.from({ length: options.count }, (_, i) => ({
    externalId: memberId(i + 1),
    birthDate: birthDateForAge(drawAge(rng), options.asOf, rng.next()),
    ageVerified: rng.chance(0.1),
    restricted: rng.chance(0.01),
  }));
}

export function partyOf(member: BenchMember | undefined): ContactParty {
  if (!member) return { known: false, birthYmd: 0, ageVerified: false, restricted: false };
  return { known: true, birthYmd: ymdOf(member.birthDate), ageVerified: member.ageVerified, restricted: member.restricted };
}

/**
 * Questions between random members. `wroteShare` of them have the younger member writing first;
 * `unknownShare` name an account Trygg has never seen. The who-wrote-first state of every
 * question is then made consistent with the messages returned, exactly as Trygg derives it
 * (the younger side by birth date; on equal birth dates the recipient counts as the younger), so
 * the in-process answer and the HTTP answer over a database holding those messages agree.
 */
export function benchQuestions(options: {
  count: number;
  members: BenchMember[];
  seed: number;
  wroteShare?: number;
  unknownShare?: number;
}): { questions: BenchQuestion[]; messages: { from: string; to: string }[] } {
  const { members } = options;
  if (members.length < 2) throw new Error('need at least two members');
  const rng = new Random(options.seed);
  const byId = new Map(members.map((m) => [m.externalId, m]));
  const wrote = new Set<string>();
  const messages: { from: string; to: string }[] = [];
  const younger = (a: string, b: string): [string, string] => {
    const [ma, mb] = [byId.get(a)!, byId.get(b)!];
    return ma.birthDate > mb.birthDate ? [a, b] : [b, a];
  };
  const questions: BenchQuestion[] = [];
  for (let n = 0; n < options.count; n++) {
    const from = rng.pick(members).externalId;
    let to = from;
    while (to === from) to = rng.pick(members).externalId;
    const unknown = rng.chance(options.unknownShare ?? 0.005);
    const kind = rng.weighted(kindWeights);
    const wroteFirst = rng.chance(options.wroteShare ?? 0.25);
    if (unknown) {
      questions.push({ from, to: `unknown-${n}`, kind, youngerWroteFirst: false });
      continue;
    }
    if (wroteFirst) {
      const [y, o] = younger(from, to);
      const key = `${y}\u0000${o}`;
      if (!wrote.has(key)) {
        wrote.add(key);
        messages.push({ from: y, to: o });
      }
    }
    questions.push({ from, to, kind, youngerWroteFirst: false });
  }
  for (const q of questions) {
    if (!byId.has(q.to)) continue;
    const [y, o] = younger(q.from, q.to);
    q.youngerWroteFirst = wrote.has(`${y}\u0000${o}`);
  }
  return { questions, messages };
}

/** The event mix of an ingestion batch (weights): what a community platform sends all day. */
export const eventMix = [
  ['account.registered', 10], ['login', 20], ['contact.attempted', 30], ['message.sent', 30], ['member.blocked', 5], ['member.ignored', 5],
] as const;

const texts = ['hej! hur mår du?', 'vad gör du ikväll?', 'haha ja precis', 'ses vi på lördag?', 'takk for sist!', 'god morgen :)', 'hvad laver du?'];
const agents = ['Kamrat/4.2 (Android 14; Mobile)', 'Kamrat/4.2 (iOS 17.5; iPhone)', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0'];
const countries = ['SE', 'NO', 'DK'] as const;

/**
 * Batch `index` of an ingestion run: `size` events of the mix above, about `existing` members
 * (m-000001 …) plus new registrations, timed within the hour before `now`. Ids are unique per
 * `runId` and index, so a run never collides with another and a replayed batch is a duplicate.
 */
export function ingestBatch(options: { runId: string; index: number; size: number; existing: number; now: Date; seed: number }): Record<string, unknown>[] {
  const { runId, index, size, existing, now } = options;
  if (existing < 2) throw new Error('need at least two existing members');
  const rng = new Random(options.seed * 1_000_003 + index);
  const member = () => memberId(rng.int(1, existing));
  const two = (): [string, string] => {
    const a = member();
    let b = a;
    while (b === a) b = member();
    return [a, b];
  };
  const events: Record<string, unknown>[] = [];
  for (let j = 0; j < size; j++) {
    const id = `${runId}-${index}-${j}`;
    const occurredAt = new Date(now.getTime() - rng.int(0, 3_599_999)).toISOString();
    const context = { ip: `10.${rng.int(45, 47)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, deviceId: `dev-${rng.hex(16)}`, userAgent: rng.pick(agents) };
    const type = rng.weighted(eventMix);
    switch (type) {
      case 'account.registered': {
        const accountId = `${runId}-r-${index}-${j}`;
        const country = rng.pick(countries);
        events.push({
          id, type, occurredAt, accountId, birthDate: birthDateForAge(drawAge(rng), now, rng.next()), displayName: `bench${rng.int(1, 99_999)}`,
          email: `${accountId}@example.test`, locale: country === 'SE' ? 'sv' : country === 'NO' ? 'nb' : 'da', country, ...context,
        });
        break;
      }
      case 'login':
        events.push({ id, type, occurredAt, accountId: member(), ...context });
        break;
      case 'contact.attempted': {
        const [from, to] = two();
        events.push({ id, type, occurredAt, from, to, kind: rng.weighted(kindWeights) });
        break;
      }
      case 'message.sent': {
        const [from, to] = two();
        const conversationId = from < to ? `c-${from}-${to}` : `c-${to}-${from}`;
        events.push({ id, type, occurredAt, conversationId, from, to, hasMedia: rng.chance(0.1), ...(rng.chance(0.3) && { text: rng.pick(texts) }) });
        break;
      }
      default: {
        const [by, whom] = two();
        events.push({ id, type, occurredAt, by, whom });
      }
    }
  }
  return events;
}
