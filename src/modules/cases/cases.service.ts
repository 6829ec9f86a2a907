import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database, Tx } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { CaseItemRow, CaseRow, CasesRepo } from './cases.repo.js';

export interface CaseSignal {
  subject: { type: string; id: string };
  category: string;
  priority: number;
  kind: string;
  dedupeKey: string;
  evidence: Record<string, unknown>;
}

/**
 * The minimum of cases that the behaviour signals need: one open case per subject, to which
 * signals add evidence. The reports-and-queue issue builds the rest on this same table.
 */
export class CasesService {
  constructor(
    private readonly database: Database,
    private readonly repo: CasesRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Opens a case for the subject or adds to its open one, in the caller's transaction. */
  async addSignal(tx: Tx, actor: Actor, signal: CaseSignal): Promise<{ caseId: string; opened: boolean; added: boolean }> {
    const now = this.clock.now();
    let current = await this.repo.openFor(tx, signal.subject.type, signal.subject.id);
    let opened = false;
    if (!current) {
      current = await this.repo.insert(tx, {
        id: newId(), subjectType: signal.subject.type, subjectId: signal.subject.id, category: signal.category,
        status: 'open', priority: signal.priority, openedAt: now, updatedAt: now,
      });
      opened = true;
      await this.audit.record(tx, {
        actor, type: 'case.opened', subject: { type: 'case', id: current.id },
        payload: { subject: signal.subject, category: signal.category, priority: signal.priority, cause: signal.kind },
      });
    }
    const added = await this.repo.addItem(tx, {
      id: newId(), caseId: current.id, kind: signal.kind, dedupeKey: signal.dedupeKey, evidence: signal.evidence, createdAt: now,
    });
    if (added) {
      if (!opened) await this.repo.touch(tx, current.id, { updatedAt: now, priority: Math.max(current.priority, signal.priority) });
      await this.audit.record(tx, {
        actor, type: 'case.signal_added', subject: { type: 'case', id: current.id }, payload: { kind: signal.kind, dedupeKey: signal.dedupeKey },
      });
    }
    return { caseId: current.id, opened, added };
  }

  async forSubject(subjectType: string, subjectId: string): Promise<(CaseRow & { items: CaseItemRow[] })[]> {
    const rows = await this.repo.forSubject(this.database.db, subjectType, subjectId);
    return Promise.all(rows.map(async (c) => ({ ...c, items: await this.repo.itemsFor(this.database.db, c.id) })));
  }
}
