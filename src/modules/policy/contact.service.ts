import { Counter, type Registry } from 'prom-client';
import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import { ageOn, decideContact, ymdInZone, type ContactDecision, type ContactKind, type ContactParty } from './contact-decision.js';
import type { ContactChanges } from './contact.changes.js';
import { DenialWriter, type Denial } from './contact.denials.js';
import { ContactFactsCache, type CachedAccount, type CachedMember, type LoadedFacts } from './contact.facts.js';
import { ContactFactsLoader } from './contact.loader.js';
import { pairKey, type ContactRepo } from './contact.repo.js';
import type { PolicyDocument } from './policy.document.js';
import type { PolicyService, PolicyVersion } from './policy.service.js';

export interface ContactQuestion {
  from: string;
  to: string;
  kind: ContactKind;
}

export interface PartyFacts {
  known: boolean;
  age: number | null;
  minor: boolean;
  ageVerified: boolean;
  restricted: boolean;
}

export interface ContactAnswer extends ContactDecision {
  policyVersion: number;
  from: PartyFacts;
  to: PartyFacts;
  /** Assumptions the policy made, e.g. for an account Trygg has not seen. */
  notes: string[];
}

/** The most single decisions answered by one round trip (the batch endpoint's own limit). */
const MAX_COALESCED = 1000;
const unknownParty: ContactParty = { known: false, birthYmd: 0, ageVerified: false, restricted: false };
const wroteFirst = Object.freeze({ youngerWroteFirst: true });
const notWroteFirst = Object.freeze({ youngerWroteFirst: false });

/** Rounds of reads one batch may need: members, then pairs of a prolific writer, once more for a new policy. */
const MAX_ROUNDS = 4;

export class ContactDecisionService {
  private readonly decisions: Counter<'rule' | 'allow'>;
  private readonly counters = new Map<string, ReturnType<Counter<'rule' | 'allow'>['labels']>>();
  /** Members and "wrote first" facts kept in memory: a warm decision reads no database. */
  readonly cache = new ContactFactsCache();
  private readonly loader: ContactFactsLoader;
  private readonly denials: DenialWriter;

  constructor(
    database: Database,
    repo: ContactRepo,
    private readonly policies: PolicyService,
    private readonly clock: Clock,
    metrics: Registry,
    jobs?: JobQueue,
    /** How this node hears of changes to the facts it caches (read by tests of the lease protocol). */
    readonly changes?: ContactChanges,
  ) {
    this.decisions = new Counter({
      name: 'trygg_contact_decisions_total', help: 'Contact decisions by the rule that decided', labelNames: ['rule', 'allow'], registers: [metrics],
    });
    this.loader = new ContactFactsLoader(database, repo, this.cache);
    this.denials = new DenialWriter(database, repo, jobs, {
      failures: new Counter({ name: 'trygg_contact_denial_write_failures_total', help: 'Failed writes of denial records (retried)', registers: [metrics] }),
      dropped: new Counter({ name: 'trygg_contact_denials_dropped_total', help: 'Denial records dropped: the retry backlog was full', registers: [metrics] }),
    });
    changes?.subscribe(this.cache);
    // Each time the listener is (again) live the cache starts empty: fill it ahead of decisions.
    changes?.subscribe({ forget: () => {}, reset: (live) => void (live && this.loader.warm()) });
  }

  /** Starts listening for changes (and so caching and warming); decisions do it themselves otherwise. */
  async start(): Promise<void> {
    await this.changes?.start();
  }

  /** Fills the cache with registered members (also done whenever the listener connects). */
  warm(): Promise<void> {
    return this.loader.warm();
  }

  /** Whether answers are kept in memory: only while this node hears of every change. */
  get caching(): boolean {
    return this.changes?.listening ?? false;
  }

  /**
   * "Try a decision" without real accounts: two ages, who wrote first, and a kind, under the
   * policy in force. Both members are born on today's date, so each is exactly the age given.
   */
  async simulate(input: { fromAge: number; toAge: number; kind: ContactKind; youngerWroteFirst: boolean }): Promise<ContactAnswer> {
    const now = this.clock.now();
    const { version, document } = await this.policies.current();
    const today = ymdInZone(now, document.timeZone);
    const party = (age: number): ContactParty => ({ known: true, birthYmd: today - age * 10_000, ageVerified: false, restricted: false });
    const [from, to] = [party(input.fromAge), party(input.toAge)];
    const decision = decideContact(document, today, from, to, input.kind, { youngerWroteFirst: input.youngerWroteFirst });
    const facts = (p: ContactParty) => describe(p, today, document.minors.protectedAge, document.unknownAge.unknownAccount);
    return { ...decision, policyVersion: version, from: facts(from), to: facts(to), notes: [] };
  }

  /** Single decisions waiting for the next flush (see `decide`). */
  private waiting: { question: ContactQuestion; resolve: (answer: ContactAnswer) => void; reject: (error: unknown) => void }[] = [];

  /**
   * One decision. Decisions asked for within the same turn of the event loop (concurrent HTTP
   * requests) are decided together: at most one database read for what the cache lacks. The
   * answer goes out at once; a denial involving a minor is recorded within DENIAL_LINGER_MS.
   */
  decide(question: ContactQuestion): Promise<ContactAnswer> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ question, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting.splice(0, MAX_COALESCED);
    if (this.waiting.length) setImmediate(() => this.flush());
    this.evaluate(batch.map((w) => w.question)).then(
      ({ answers, denials }) => {
        this.denials.enqueue(denials);
        batch.forEach((w, i) => w.resolve(answers[i]!));
      },
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  }

  /** Decides a batch; answers once the denials involving a minor are recorded for the signals. */
  async decideMany(questions: ContactQuestion[]): Promise<ContactAnswer[]> {
    const { answers, denials } = await this.evaluate(questions);
    await this.denials.write(denials);
    return answers;
  }

  /** Resolves once the denials of every answer given so far are recorded (shutdown; tests). */
  denialsRecorded(): Promise<void> {
    return this.denials.flushed();
  }

  private async evaluate(questions: ContactQuestion[]): Promise<{ answers: ContactAnswer[]; denials: Denial[] }> {
    // Every change committed before this batch began has reached the caches (and the policy):
    // under a lease with nothing coming it has; otherwise one round trip makes sure.
    if (!this.changes?.listening) void this.changes?.start();
    else if (!this.changes.current) await this.changes.caughtUp();
    const now = this.clock.now();
    const nowMs = now.getTime();
    let policy = await this.policies.current();
    const local: LoadedFacts = { members: new Map(), pairs: new Map() };
    const member = (id: string): CachedMember | undefined => local.members.get(id) ?? this.cache.member(id);
    const wrote = (from: string, to: string): boolean | undefined => {
      const mine = local.members.get(from);
      if (mine) return mine.wroteTo ? mine.wroteTo.has(to) : local.pairs.get(pairKey(from, to)) ?? this.cache.hasWritten(from, to);
      return local.pairs.get(pairKey(from, to)) ?? this.cache.hasWritten(from, to);
    };

    // What the cache lacks, read in one round trip; more only for a member who wrote to too many
    // to keep (asked pair by pair) or when the read found a newer policy.
    for (let round = 0; ; round++) {
      const today = ymdInZone(now, policy.document.timeZone);
      const ids = new Set<string>();
      const pairs: ContactQuestion[] = [];
      for (const q of questions) {
        const from = member(q.from);
        const to = member(q.to);
        if (!from) ids.add(q.from);
        if (!to) ids.add(q.to);
        if (!from || !to) continue;
        const [fromParty, toParty] = [party(from.account, nowMs), party(to.account, nowMs)];
        if (!needsWrote(policy.document, today, fromParty, toParty, q.kind)) continue;
        const [younger, older] = youngerFirst(policy.document, today, q, fromParty, toParty);
        if (wrote(younger, older) === undefined) pairs.push(q);
      }
      if (!ids.size && !pairs.length) break;
      if (round === MAX_ROUNDS) throw new Error('contact decision: facts kept changing while being read');
      const loaded = await this.loader.load([...ids], pairs);
      for (const [k, v] of loaded.facts.members) local.members.set(k, v);
      for (const [k, v] of loaded.facts.pairs) local.pairs.set(k, v);
      if (loaded.policyVersion !== policy.version) policy = await this.policies.current(loaded.policyVersion);
    }
    // Every member is known now; a "wrote first" fact is missing only where it cannot change the answer.
    const answers = this.answer(questions, policy, now, (id) => party(member(id)!.account, nowMs), (from, to) => wrote(from, to) ?? false);
    const denials: Denial[] = [];
    answers.forEach((a, i) => {
      if (a.allow || !(a.from.minor || a.to.minor)) return;
      const q = questions[i]!;
      denials.push({
        id: newId(), fromExternalId: q.from, toExternalId: q.to, kind: q.kind, rule: a.rule, policyVersion: a.policyVersion, minorInvolved: true, decidedAt: now,
      });
    });
    return { answers, denials };
  }

  private answer(
    questions: ContactQuestion[], { version, document }: PolicyVersion, now: Date,
    party: (id: string) => ContactParty, wrote: (from: string, to: string) => boolean,
  ): ContactAnswer[] {
    const today = ymdInZone(now, document.timeZone);
    const { protectedAge } = document.minors;
    const unknownAs = document.unknownAge.unknownAccount;
    return questions.map((q) => {
      const from = party(q.from);
      const to = party(q.to);
      const [younger, older] = youngerFirst(document, today, q, from, to);
      const decision = decideContact(document, today, from, to, q.kind, wrote(younger, older) ? wroteFirst : notWroteFirst);
      const notes: string[] = [];
      if (!from.known) notes.push(`from (${q.from}) is unknown to Trygg: policy unknownAge.unknownAccount = ${unknownAs}`);
      if (!to.known) notes.push(`to (${q.to}) is unknown to Trygg: policy unknownAge.unknownAccount = ${unknownAs}`);
      this.count(decision);
      return {
        allow: decision.allow, rule: decision.rule, reason: decision.reason, policyVersion: version,
        from: describe(from, today, protectedAge, unknownAs), to: describe(to, today, protectedAge, unknownAs), notes,
      };
    });
  }

  /** Bound label children: looking labels up by object on every decision costs more than deciding. */
  private count(decision: ContactDecision): void {
    const key = decision.allow ? decision.rule : `!${decision.rule}`;
    let counter = this.counters.get(key);
    if (!counter) this.counters.set(key, (counter = this.decisions.labels(decision.rule, String(decision.allow))));
    counter.inc();
  }
}

/** Does who wrote first change this decision? Deciding twice costs less than asking the database. */
function needsWrote(document: PolicyDocument, today: number, from: ContactParty, to: ContactParty, kind: ContactKind): boolean {
  return decideContact(document, today, from, to, kind, wroteFirst) !== decideContact(document, today, from, to, kind, notWroteFirst);
}

/** [younger, older] of a question's two members, as the "wrote first" fact is asked. */
function youngerFirst(document: PolicyDocument, today: number, q: ContactQuestion, from: ContactParty, to: ContactParty): [string, string] {
  const { protectedAge } = document.minors;
  const unknownAs = document.unknownAge.unknownAccount;
  const fromIsYounger = from.known && to.known
    ? from.birthYmd > to.birthYmd
    : describe(from, today, protectedAge, unknownAs).minor && !describe(to, today, protectedAge, unknownAs).minor;
  return fromIsYounger ? [q.from, q.to] : [q.to, q.from];
}

function party(account: CachedAccount | null, nowMs: number): ContactParty {
  if (!account) return unknownParty;
  const restricted = account.restricted && (account.restrictedUntil === null || account.restrictedUntil > nowMs);
  return { known: true, birthYmd: account.birthYmd, ageVerified: account.ageVerified, restricted };
}

function describe(p: ContactParty, today: number, protectedAge: number, unknownAs: string): PartyFacts {
  const age = p.known ? ageOn(p.birthYmd, today) : null;
  return { known: p.known, age, minor: age === null ? unknownAs === 'minor' : age < protectedAge, ageVerified: p.ageVerified, restricted: p.restricted };
}
