import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { moderationActions } from '../actions/actions.schema.js';
import { cases } from '../cases/cases.schema.js';
import { accountLogins, accounts } from '../community/community.schema.js';

/** How many logins one snapshot keeps (the most recent); a wave of logins must not stall a ban. */
export const LOGIN_HISTORY_LIMIT = 10_000;

/** What automatic preservation reads about a member: the account, its logins, the decisions on it. */
export class PreservationRepo {
  async account(db: Queryable, externalId: string) {
    const [row] = await db.select().from(accounts).where(eq(accounts.externalId, externalId));
    return row;
  }

  /** The most recent logins and registrations, oldest first. */
  async logins(db: Queryable, accountId: string) {
    const latest = await db.select().from(accountLogins).where(eq(accountLogins.accountId, accountId))
      .orderBy(desc(accountLogins.occurredAt), desc(accountLogins.id)).limit(LOGIN_HISTORY_LIMIT);
    return latest.reverse();
  }

  async decisions(db: Queryable, externalId: string) {
    return db.select().from(moderationActions)
      .where(or(
        eq(moderationActions.affectedExternalId, externalId),
        and(inArray(moderationActions.subjectType, ['account', 'profile']), eq(moderationActions.subjectId, externalId)),
      ))
      .orderBy(asc(moderationActions.decidedAt), asc(moderationActions.id));
  }

  async caseById(db: Queryable, id: string) {
    const [row] = await db.select().from(cases).where(eq(cases.id, id));
    return row;
  }
}
