import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database, Queryable } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { isChildSafety, worseCategory } from './categories.js';
import { casePriority, queueKey, slaDue } from './cases.priority.js';
import type { CaseItemRow, CaseRow, CasesRepo } from './cases.repo.js';

export interface CaseContribution {
  subject: { type: string; id: string };
  category: string;
  minorInvolved: boolean;
  trustedFlagger: boolean;
  /** The least priority the case may have from now on (a victim's takedown request is top priority). */
  priorityFloor?: number;
}

/** Preserves a member's evidence when their case becomes a child-safety case (the evidence module). */
export interface CasePreservation {
  onChildSafetyCase(tx: Queryable, kase: CaseRow, cause: 'case_opened' | 'category_changed'): Promise<void>;
}

export interface CaseSignal extends CaseContribution {
  kind: string;
  dedupeKey: string;
  evidence: Record<string, unknown>;
}

/**
 * One open case per subject: reports and signals on the same subject merge into it, and each
 * merge recomputes its category (the most severe), counters, priority, queue key and timer.
 */
export class CasesService {
  constructor(
    private readonly database: Database,
    private readonly repo: CasesRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly preservation?: CasePreservation,
  ) {}

  /** Opens the subject's case or returns its open one, locked, in the caller's transaction. */
  async openOrJoin(tx: Queryable, actor: Actor, c: CaseContribution): Promise<{ kase: CaseRow; opened: boolean }> {
    await this.repo.lockSubject(tx, c.subject.type, c.subject.id);
    const existing = await this.repo.openFor(tx, c.subject.type, c.subject.id);
    if (existing) return { kase: existing, opened: false };
    const now = this.clock.now();
    const minor = c.minorInvolved || isChildSafety(c.category);
    const priority = Math.max(casePriority({ category: c.category, minorInvolved: minor, trustedFlagger: c.trustedFlagger, reporters: 0, signals: 0 }), c.priorityFloor ?? 0);
    const kase = await this.repo.insert(tx, {
      id: newId(), subjectType: c.subject.type, subjectId: c.subject.id, category: c.category, status: 'open', priority,
      queueKey: queueKey(now, priority), slaDueAt: slaDue(now, c.category), minorInvolved: minor, trustedFlagger: c.trustedFlagger,
      openedAt: now, updatedAt: now,
    });
    await this.audit.record(tx, {
      actor, type: 'case.opened', subject: { type: 'case', id: kase.id },
      payload: { subject: c.subject, category: c.category, priority },
    });
    if (isChildSafety(kase.category)) await this.preservation?.onChildSafetyCase(tx, kase, 'case_opened');
    return { kase, opened: true };
  }

  /** Folds a new report or signal into the case: worse category, counters, priority, timer. */
  async refresh(tx: Queryable, kase: CaseRow, c: CaseContribution): Promise<CaseRow> {
    const now = this.clock.now();
    const category = worseCategory(kase.category, c.category);
    const minorInvolved = kase.minorInvolved || c.minorInvolved || isChildSafety(category);
    const trustedFlagger = kase.trustedFlagger || c.trustedFlagger;
    const { reporters, signals } = await this.repo.counts(tx, kase.id);
    // Never lower than a floor once set (the facts only grow, so this loses nothing else).
    const priority = Math.max(casePriority({ category, minorInvolved, trustedFlagger, reporters, signals }), c.priorityFloor ?? 0, kase.priority);
    const due = slaDue(now, category);
    const updated = await this.repo.update(tx, kase.id, {
      category, minorInvolved, trustedFlagger, reporters, signals, priority,
      queueKey: queueKey(kase.openedAt, priority),
      // A more severe category can only bring the deadline closer.
      slaDueAt: kase.slaDueAt && kase.slaDueAt < due ? kase.slaDueAt : due,
      updatedAt: now,
    });
    if (!isChildSafety(kase.category) && isChildSafety(category)) await this.preservation?.onChildSafetyCase(tx, updated, 'category_changed');
    return updated;
  }

  /** A behaviour signal: opens or joins the case and adds its evidence once (dedupe key). */
  async addSignal(tx: Queryable, actor: Actor, signal: CaseSignal): Promise<{ caseId: string; opened: boolean; added: boolean }> {
    const { kase, opened } = await this.openOrJoin(tx, actor, signal);
    const added = await this.repo.addItem(tx, {
      id: newId(), caseId: kase.id, kind: signal.kind, dedupeKey: signal.dedupeKey, evidence: signal.evidence, createdAt: this.clock.now(),
    });
    if (added) {
      await this.refresh(tx, kase, signal);
      await this.audit.record(tx, {
        actor, type: 'case.signal_added', subject: { type: 'case', id: kase.id }, payload: { kind: signal.kind, dedupeKey: signal.dedupeKey },
      });
    }
    return { caseId: kase.id, opened, added };
  }

  /** Signals already added (their dedupe keys, to the case they went to): adding them again would add nothing. */
  async signalsAdded(dedupeKeys: string[]): Promise<Map<string, string>> {
    return this.repo.itemsWithKeys(this.database.db, dedupeKeys);
  }

  async forSubject(subjectType: string, subjectId: string): Promise<(CaseRow & { items: CaseItemRow[] })[]> {
    const rows = await this.repo.forSubject(this.database.db, subjectType, subjectId);
    return Promise.all(rows.map(async (c) => ({ ...c, items: await this.repo.itemsFor(this.database.db, c.id) })));
  }
}
