import { Counter, type Registry } from 'prom-client';
import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import { ageOn, decideContact, ymdInZone, ymdOf, type ContactDecision, type ContactKind, type ContactParty } from './contact-decision.js';
import { requestSignals } from '../signals/signals.jobs.js';
import { pairKey, type ContactRepo, type PartyRow } from './contact.repo.js';
import type { PolicyService } from './policy.service.js';

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

export class ContactDecisionService {
  private readonly decisions: Counter<'rule' | 'allow'>;

  constructor(
    private readonly database: Database,
    private readonly repo: ContactRepo,
    private readonly policies: PolicyService,
    private readonly clock: Clock,
    metrics: Registry,
    private readonly jobs?: JobQueue,
  ) {
    this.decisions = new Counter({
      name: 'trygg_contact_decisions_total', help: 'Contact decisions by the rule that decided', labelNames: ['rule', 'allow'], registers: [metrics],
    });
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
   * requests) are answered together by one `decideMany`: one database round trip and at most one
   * denial transaction for all of them, instead of one each. Each answer is the one it would
   * have been alone; the only wait is the rest of the current turn.
   */
  decide(question: ContactQuestion): Promise<ContactAnswer> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ question, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting.splice(0, MAX_COALESCED);
    if (this.waiting.length) setImmediate(() => this.flush());
    this.decideMany(batch.map((w) => w.question)).then(
      (answers) => batch.forEach((w, i) => w.resolve(answers[i]!)),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  }

  /** Decides a batch with one database round trip; denials involving a minor are kept for the signals. */
  async decideMany(questions: ContactQuestion[]): Promise<ContactAnswer[]> {
    const now = this.clock.now();
    const facts = await this.repo.facts(this.database.db, questions, now);
    const { version, document } = await this.policies.current(facts.policyVersion);
    const today = ymdInZone(now, document.timeZone);
    const denials: Parameters<ContactRepo['recordDenials']>[1] = [];
    const answers: ContactAnswer[] = [];
    for (const q of questions) {
      const from = toParty(facts.parties.get(q.from));
      const to = toParty(facts.parties.get(q.to));
      const fromFacts = describe(from, today, document.minors.protectedAge, document.unknownAge.unknownAccount);
      const toFacts = describe(to, today, document.minors.protectedAge, document.unknownAge.unknownAccount);
      const fromIsYounger = from.known && to.known ? from.birthYmd > to.birthYmd : fromFacts.minor && !toFacts.minor;
      const youngerWroteFirst = fromIsYounger ? facts.wrote.has(pairKey(q.from, q.to)) : facts.wrote.has(pairKey(q.to, q.from));
      const decision = decideContact(document, today, from, to, q.kind, { youngerWroteFirst });
      const notes: string[] = [];
      for (const [side, party] of [['from', from], ['to', to]] as const) {
        if (!party.known) notes.push(`${side} (${q[side]}) is unknown to Trygg: policy unknownAge.unknownAccount = ${document.unknownAge.unknownAccount}`);
      }
      this.decisions.inc({ rule: decision.rule, allow: String(decision.allow) });
      if (!decision.allow) {
        const minorInvolved = fromFacts.minor || toFacts.minor;
        if (minorInvolved) {
          denials.push({
            id: newId(), fromExternalId: q.from, toExternalId: q.to, kind: q.kind, rule: decision.rule, policyVersion: version, minorInvolved, decidedAt: now,
          });
        }
      }
      answers.push({ ...decision, policyVersion: version, from: fromFacts, to: toFacts, notes });
    }
    if (denials.length) {
      await this.database.db.transaction(async (tx) => {
        await this.repo.recordDenials(tx, denials);
        await requestSignals(this.jobs, tx, denials.map((d) => d.fromExternalId));
      });
    }
    return answers;
  }
}

function toParty(row: PartyRow | undefined): ContactParty {
  if (!row) return unknownParty;
  return { known: true, birthYmd: ymdOf(row.birthDate), ageVerified: row.ageVerified, restricted: row.restricted };
}

function describe(p: ContactParty, today: number, protectedAge: number, unknownAs: string): PartyFacts {
  const age = p.known ? ageOn(p.birthYmd, today) : null;
  return { known: p.known, age, minor: age === null ? unknownAs === 'minor' : age < protectedAge, ageVerified: p.ageVerified, restricted: p.restricted };
}
