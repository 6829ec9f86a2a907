import { and, desc, eq, gte, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { newId } from '../../lib/ids.js';
import { moderationEvents } from './audit.schema.js';
import { eventHash } from './audit.chain.js';
import { GENESIS_HASH, type ModerationEvent, type NewModerationEvent } from './audit.types.js';

/** Serialises appenders so each row links to the one committed before it. */
const CHAIN_LOCK_KEY = 7_210_731_002;

export interface EventFilter {
  actorType?: string;
  actorId?: string;
  type?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
  limit: number;
}

export class AuditRepo {
  /** Appends inside the caller's transaction: the event commits or rolls back with the change. */
  async append(tx: Queryable, event: NewModerationEvent, occurredAt: Date): Promise<ModerationEvent> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
    const [last] = await tx
      .select({ hash: moderationEvents.hash })
      .from(moderationEvents)
      .orderBy(desc(moderationEvents.seq))
      .limit(1);
    const row = {
      id: newId(),
      occurredAt,
      actorType: event.actor.type,
      actorId: event.actor.id ?? null,
      subjectType: event.subject?.type ?? null,
      subjectId: event.subject?.id ?? null,
      type: event.type,
      payload: event.payload ?? {},
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const [inserted] = await tx
      .insert(moderationEvents)
      .values({ ...row, hash: eventHash(row) })
      .returning();
    return inserted as ModerationEvent;
  }

  async list(db: Queryable, f: EventFilter): Promise<ModerationEvent[]> {
    const where: SQL[] = [];
    if (f.actorType) where.push(eq(moderationEvents.actorType, f.actorType));
    if (f.actorId) where.push(eq(moderationEvents.actorId, f.actorId));
    if (f.type) {
      where.push(f.type.endsWith('*') ? like(moderationEvents.type, `${f.type.slice(0, -1)}%`) : eq(moderationEvents.type, f.type));
    }
    if (f.subjectType) where.push(eq(moderationEvents.subjectType, f.subjectType));
    if (f.subjectId) where.push(eq(moderationEvents.subjectId, f.subjectId));
    if (f.from) where.push(gte(moderationEvents.occurredAt, f.from));
    if (f.to) where.push(lte(moderationEvents.occurredAt, f.to));
    if (f.beforeSeq !== undefined) where.push(lt(moderationEvents.seq, f.beforeSeq));
    const rows = await db
      .select()
      .from(moderationEvents)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(moderationEvents.seq))
      .limit(f.limit);
    return rows as ModerationEvent[];
  }

  /** Rows in chain order after `afterSeq`, a page at a time, for verification. */
  async page(db: Queryable, afterSeq: number, limit: number): Promise<ModerationEvent[]> {
    const rows = await db
      .select()
      .from(moderationEvents)
      .where(sql`${moderationEvents.seq} > ${afterSeq}`)
      .orderBy(moderationEvents.seq)
      .limit(limit);
    return rows as ModerationEvent[];
  }
}
