import type { Clock } from '../../lib/clock.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Database } from '../../storage/db.js';
import type { CasesService } from '../cases/cases.service.js';
import { ageOn, ymdInZone, ymdOf } from '../policy/contact-decision.js';
import type { PolicyService } from '../policy/policy.service.js';
import { findSignals, type SignalFinding } from './signals.find.js';
import { requestSignals } from './signals.jobs.js';
import type { SignalsRepo } from './signals.repo.js';

export const SIGNAL_CATEGORY = 'grooming';
/** Born after this YYYYMMDD (today minus the protected age) is a minor today. */
const minorCutoff = (todayYmd: number, protectedAge: number): number => todayYmd - protectedAge * 10_000;
/** Members checked for candidacy in one statement. */
const CANDIDATES_AT_ONCE = 1_000;

export interface Evaluation {
  adult: string;
  findings: SignalFinding[];
  caseId: string | null;
}

export class SignalsService {
  constructor(
    private readonly database: Database,
    private readonly repo: SignalsRepo,
    private readonly policies: PolicyService,
    private readonly cases: CasesService,
    private readonly clock: Clock,
  ) {}

  /**
   * What the account page shows: contact statistics and the signals as they stand now (computed,
   * not recorded), with the member's cases.
   */
  async overview(externalId: string) {
    const now = this.clock.now();
    const { document } = await this.policies.current();
    const today = ymdInZone(now, document.timeZone);
    const activity = await this.repo.activity(this.database.db, externalId, today - document.minors.protectedAge * 10_000, now);
    const adult = activity.birthDate !== null && ageOn(ymdOf(activity.birthDate), today) >= document.minors.protectedAge;
    const dayAgo = now.getTime() - 86_400_000;
    return {
      statistics: {
        minorsContacted: activity.contactedMinors,
        minorsFirstContacted24h: activity.firstContacts.filter((c) => Date.parse(c.at) > dayAgo).length,
        minorsFirstContacted7d: activity.firstContacts.length,
        minorsWhoBlockedOrIgnored: activity.rejectingMinors.length,
        ageGapDenials24h: activity.ageGapDenials.length,
        buffsToMinors24h: activity.buffsToMinors.length,
      },
      signals: adult ? findSignals(activity, document.signals, now) : [],
      cases: (await this.cases.forSubject('account', externalId)).map((c) => ({
        id: c.id, category: c.category, status: c.status, priority: c.priority, openedAt: c.openedAt.toISOString(),
        items: c.items.map((i) => ({ kind: i.kind, createdAt: i.createdAt.toISOString(), evidence: i.evidence })),
      })),
    };
  }

  /**
   * Evaluates those of the members whose activity could cross a threshold (see
   * SignalsRepo.candidates); the rest cannot, and cost no evaluation. Returns the evaluations made.
   */
  async evaluateMany(members: string[]): Promise<Evaluation[]> {
    const { document } = await this.policies.current();
    const now = this.clock.now();
    const cutoff = minorCutoff(ymdInZone(now, document.timeZone), document.minors.protectedAge);
    const evaluations: Evaluation[] = [];
    for (let i = 0; i < members.length; i += CANDIDATES_AT_ONCE) {
      const candidates = await this.repo.candidates(this.database.db, members.slice(i, i + CANDIDATES_AT_ONCE), cutoff, now);
      for (const adult of candidates) evaluations.push(await this.evaluate(adult));
    }
    return evaluations;
  }

  /** Asks for these members to be evaluated at `at`, whatever their pacing window says (see SignalsPacing). */
  async evaluateLater(jobs: JobQueue, members: string[], at: Date): Promise<void> {
    await requestSignals(jobs, this.database.db, members, { at });
  }

  /** Computes one member's signals; each threshold crossed opens a case or adds to it, once a day. */
  async evaluate(adult: string): Promise<Evaluation> {
    const now = this.clock.now();
    const { document } = await this.policies.current();
    const today = ymdInZone(now, document.timeZone);
    const cutoff = minorCutoff(today, document.minors.protectedAge);
    const activity = await this.repo.activity(this.database.db, adult, cutoff, now);
    // Signals are about adults approaching minors; a minor's activity is not judged this way.
    if (!activity.birthDate || ageOn(ymdOf(activity.birthDate), today) < document.minors.protectedAge) {
      return { adult, findings: [], caseId: null };
    }
    const findings = findSignals(activity, document.signals, now);
    if (!findings.length) return { adult, findings, caseId: null };
    const day = now.toISOString().slice(0, 10);
    const dedupeKey = (f: SignalFinding) => `${f.kind}:${adult}:${day}`;
    // An adult who keeps trying is evaluated after every denial: once today's signals are in a
    // case, a read says so, instead of a transaction that locks the subject to add nothing.
    const added = await this.cases.signalsAdded(findings.map(dedupeKey));
    const fresh = findings.filter((f) => !added.has(dedupeKey(f)));
    if (!fresh.length) return { adult, findings, caseId: added.get(dedupeKey(findings.at(-1)!)) ?? null };
    const caseId = await this.database.db.transaction(async (tx) => {
      let id = '';
      for (const f of fresh) {
        const result = await this.cases.addSignal(tx, { type: 'system', id: `signal:${f.kind}` }, {
          subject: { type: 'account', id: adult }, category: SIGNAL_CATEGORY, minorInvolved: true, trustedFlagger: false, kind: f.kind,
          dedupeKey: dedupeKey(f), evidence: { ...f.evidence, value: f.value, threshold: f.threshold },
        });
        id = result.caseId;
      }
      return id;
    });
    return { adult, findings, caseId };
  }
}
