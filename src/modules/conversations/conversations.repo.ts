import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { messages } from '../events/events.schema.js';
import { staff } from '../staff/staff.schema.js';

export type MessageRow = typeof messages.$inferSelect;

/** The platform's id for a message: its own message id, or the event id it arrived with. */
export const messageIdOf = (m: MessageRow): string => m.messageId ?? m.eventId;

// Messages in a conversation are ordered by time, then event id: a stable order for equal times.
const before = (m: MessageRow): SQL =>
  or(lt(messages.sentAt, m.sentAt), and(eq(messages.sentAt, m.sentAt), lt(messages.eventId, m.eventId)))!;
const after = (m: MessageRow): SQL =>
  or(gt(messages.sentAt, m.sentAt), and(eq(messages.sentAt, m.sentAt), gt(messages.eventId, m.eventId)))!;

/** Reads messages (sealed text included) for the conversation-access service; nothing else reads the text column. */
export class ConversationsRepo {
  async messagesById(db: Queryable, ids: string[]): Promise<MessageRow[]> {
    if (!ids.length) return [];
    return db
      .select()
      .from(messages)
      .where(or(inArray(messages.messageId, ids), and(isNull(messages.messageId), inArray(messages.eventId, ids))));
  }

  /** The last message of a conversation at or before a time: the anchor of a whole-conversation report. */
  async lastAtOrBefore(db: Queryable, conversationId: string, at: Date): Promise<MessageRow | undefined> {
    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), lte(messages.sentAt, at)))
      .orderBy(desc(messages.sentAt), desc(messages.eventId))
      .limit(1);
    if (row) return row;
    // Reported before any message arrived (events can trail reports): the first one instead.
    const [first] = await db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.sentAt), asc(messages.eventId)).limit(1);
    return first;
  }

  /** Up to `count` messages on one side of the anchor, plus one more to tell whether more exist. */
  async beside(db: Queryable, anchor: MessageRow, side: 'before' | 'after', count: number): Promise<MessageRow[]> {
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, anchor.conversationId), side === 'before' ? before(anchor) : after(anchor)))
      .orderBy(...(side === 'before' ? [desc(messages.sentAt), desc(messages.eventId)] : [asc(messages.sentAt), asc(messages.eventId)]))
      .limit(count + 1);
    return side === 'before' ? rows.reverse() : rows;
  }

  async staffEmails(db: Queryable, ids: string[]): Promise<Map<string, { email: string; role: string }>> {
    if (!ids.length) return new Map();
    const rows = await db.select({ id: staff.id, email: staff.email, role: staff.role }).from(staff).where(inArray(staff.id, ids));
    return new Map(rows.map((r) => [r.id, { email: r.email, role: r.role }]));
  }

  /**
   * Forgets the text of messages sent by these members (retention after account deletion; the
   * metadata stays). For the retention job; it must skip members under legal hold.
   */
  async forgetTextOf(db: Queryable, senderExternalIds: string[]): Promise<number> {
    if (!senderExternalIds.length) return 0;
    const rows = await db
      .update(messages)
      .set({ textSealed: null })
      .where(and(inArray(messages.fromExternalId, senderExternalIds), sql`${messages.textSealed} IS NOT NULL`))
      .returning({ id: messages.eventId });
    return rows.length;
  }
}
