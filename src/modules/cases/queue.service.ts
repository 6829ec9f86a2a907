import type { Clock } from '../../lib/clock.js';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import type { Role } from '../../server/access.js';
import { TryggError, badRequest, notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CommunityService } from '../community/community.service.js';
import type { ReportsRepo } from '../reports/reports.repo.js';
import { OPEN_STATUSES, type CaseRow, type CaseStatus, type CasesRepo } from './cases.repo.js';
import type { QueueRepo } from './queue.repo.js';
import type { ActionType } from '../actions/actions.statement.js';
import type { ActionStatus } from '../actions/actions.types.js';

export interface StaffActor {
  id: string;
  role: Role;
}

export interface QueueQuery {
  status?: string[];
  category?: string[];
  assignee?: string;
  overdue?: boolean;
  cursor?: string;
  limit: number;
}

const SUPERVISORS: ReadonlySet<Role> = new Set(['senior_moderator', 'admin']);

export const caseView = (c: CaseRow, now: Date) => ({
  id: c.id,
  subject: { type: c.subjectType, id: c.subjectId },
  category: c.category,
  status: c.status as CaseStatus,
  priority: c.priority,
  minorInvolved: c.minorInvolved,
  trustedFlagger: c.trustedFlagger,
  reporters: c.reporters,
  signals: c.signals,
  assigneeId: c.assigneeId,
  openedAt: c.openedAt.toISOString(),
  slaDueAt: c.slaDueAt?.toISOString() ?? null,
  overdue: c.slaDueAt !== null && c.slaDueAt < now && OPEN_STATUSES.includes(c.status),
  resolution: c.resolution,
});
export type CaseView = ReturnType<typeof caseView>;

const encodeCursor = (c: CaseRow) => encodeTimeCursor(c.queueKey!, c.id);
function decodeCursor(cursor: string): { queueKey: Date; id: string } {
  const position = decodeTimeCursor(cursor);
  if (!position) throw badRequest('querystring.cursor', 'is not a cursor from this queue');
  return { queueKey: position.at, id: position.id };
}

/** The moderation queue: priority order, claiming with a lock, pulling the next case, the case view. */
export class QueueService {
  constructor(
    private readonly database: Database,
    private readonly repo: QueueRepo,
    private readonly cases: CasesRepo,
    private readonly reports: ReportsRepo,
    private readonly community: CommunityService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** Throws when the id is not an active member of staff who can work cases. */
    private readonly checkAssignee: (staffId: string) => Promise<void>,
  ) {}

  async list(q: QueueQuery): Promise<{ items: CaseView[]; nextCursor: string | null }> {
    const now = this.clock.now();
    const rows = await this.repo.page(this.database.db, {
      statuses: q.status?.length ? q.status : OPEN_STATUSES, categories: q.category, assignee: q.assignee,
      overdueAt: q.overdue ? now : undefined, after: q.cursor ? decodeCursor(q.cursor) : undefined, limit: q.limit,
    });
    return { items: rows.map((c) => caseView(c, now)), nextCursor: rows.length === q.limit ? encodeCursor(rows[rows.length - 1]!) : null };
  }

  async claim(staff: StaffActor, id: string): Promise<CaseView> {
    return this.database.db.transaction(async (tx) => {
      const now = this.clock.now();
      const claimed = await this.repo.claim(tx, id, staff.id, now);
      if (!claimed) {
        const existing = await this.cases.byId(tx, id);
        if (!existing) throw notFound('Case');
        if (!OPEN_STATUSES.includes(existing.status)) throw new TryggError(409, 'case-closed', 'The case is resolved');
        throw new TryggError(409, 'case-claimed', 'Another moderator has claimed this case');
      }
      await this.audit.record(tx, { actor: { type: 'staff', id: staff.id }, type: 'case.claimed', subject: { type: 'case', id } });
      return caseView(claimed, now);
    });
  }

  /** Splits the queue: each moderator pulls the most urgent case nobody holds. */
  async next(staff: StaffActor, categories?: string[]): Promise<CaseView | null> {
    return this.database.db.transaction(async (tx) => {
      const now = this.clock.now();
      const claimed = await this.repo.claimNext(tx, staff.id, now, categories);
      if (!claimed) return null;
      await this.audit.record(tx, { actor: { type: 'staff', id: staff.id }, type: 'case.claimed', subject: { type: 'case', id: claimed.id }, payload: { via: 'next' } });
      return caseView(claimed, now);
    });
  }

  async release(staff: StaffActor, id: string): Promise<CaseView> {
    return this.change(staff, id, 'case.released', (c) => {
      if (c.assigneeId !== staff.id && !SUPERVISORS.has(staff.role)) throw new TryggError(403, 'not-assignee', 'Only the assignee or a senior moderator can release this case');
      return { assigneeId: null, claimedAt: null, status: c.status === 'in_review' ? 'open' : c.status };
    });
  }

  async assign(staff: StaffActor, id: string, assigneeId: string): Promise<CaseView> {
    await this.checkAssignee(assigneeId);
    return this.change(staff, id, 'case.assigned', () => ({ assigneeId, claimedAt: this.clock.now() }), { assigneeId });
  }

  /** Hands the case to the senior queue: unassigned, status escalated. */
  async escalate(staff: StaffActor, id: string, reason: string): Promise<CaseView> {
    return this.change(staff, id, 'case.escalated', () => ({ status: 'escalated', assigneeId: null, claimedAt: null }), { reason });
  }

  async addNote(staff: StaffActor, id: string, text: string) {
    return this.database.db.transaction(async (tx) => {
      if (!(await this.cases.byId(tx, id))) throw notFound('Case');
      const note = await this.cases.insertNote(tx, { id: newId(), caseId: id, authorId: staff.id, text, createdAt: this.clock.now() });
      await this.audit.record(tx, { actor: { type: 'staff', id: staff.id }, type: 'case.note_added', subject: { type: 'case', id }, payload: { noteId: note.id } });
      return { id: note.id, authorId: note.authorId, text: note.text, createdAt: note.createdAt.toISOString() };
    });
  }

  /** Images stay blurred until someone reveals one on purpose; every reveal is on the record. */
  async reveal(staff: StaffActor, id: string, ref: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      if (!(await this.cases.byId(tx, id))) throw notFound('Case');
      await this.audit.record(tx, { actor: { type: 'staff', id: staff.id }, type: 'evidence.revealed', subject: { type: 'case', id }, payload: { ref } });
    });
  }

  /** Everything on the case, oldest first: reports, signals, notes, decisions and the case's own events. */
  async view(id: string) {
    const db = this.database.db;
    const kase = await this.cases.byId(db, id);
    if (!kase) throw notFound('Case');
    const [reports, items, notes, actions, events, account] = await Promise.all([
      this.reports.forCase(db, id), this.cases.itemsFor(db, id), this.cases.notesFor(db, id), this.repo.actionsFor(db, id),
      this.audit.list({ subjectType: 'case', subjectId: id, limit: 200 }),
      kase.subjectType === 'account' || kase.subjectType === 'profile' ? this.community.findByExternalId(kase.subjectId) : Promise.resolve(undefined),
    ]);
    return {
      case: caseView(kase, this.clock.now()),
      subjectAccount: account ?? null,
      reports: reports.map((r) => ({
        // The reporter's identity stays out of the case view: source and relation are what matter here.
        id: r.id, category: r.category, source: r.source, relation: r.relation, explanation: r.explanation, location: r.location,
        evidence: r.evidence as string[], minorInvolved: r.minorInvolved, duplicates: r.duplicates, outcome: r.outcome, receivedAt: r.receivedAt.toISOString(),
      })),
      signals: items.map((i) => ({ id: i.id, kind: i.kind, evidence: i.evidence, createdAt: i.createdAt.toISOString() })),
      notes: notes.map((n) => ({ id: n.id, authorId: n.authorId, text: n.text, createdAt: n.createdAt.toISOString() })),
      actions: actions.map((a) => ({
        id: a.id, action: a.action as ActionType, status: a.status as ActionStatus, reason: a.reason, decidedBy: a.decidedBy, decidedAt: a.decidedAt.toISOString(),
        endsAt: a.endsAt?.toISOString() ?? null,
      })),
      history: events.reverse().map((e) => ({ type: e.type, actorType: e.actorType, actorId: e.actorId, occurredAt: e.occurredAt.toISOString(), payload: e.payload })),
    };
  }

  private async change(staff: StaffActor, id: string, type: string, patch: (c: CaseRow) => Partial<CaseRow>, payload: Record<string, unknown> = {}): Promise<CaseView> {
    return this.database.db.transaction(async (tx) => {
      const kase = await this.cases.byId(tx, id, true);
      if (!kase) throw notFound('Case');
      if (!OPEN_STATUSES.includes(kase.status)) throw new TryggError(409, 'case-closed', 'The case is resolved');
      const now = this.clock.now();
      const updated = await this.cases.update(tx, id, { ...patch(kase), updatedAt: now });
      await this.audit.record(tx, { actor: { type: 'staff', id: staff.id }, type, subject: { type: 'case', id }, payload });
      return caseView(updated, now);
    });
  }
}
