/**
 * Which messages and conversations a case references: the only doors to message text. A case
 * references a message or conversation when its subject is one (the reports on it share that
 * subject) or when one of its signals names one in its evidence (`messageId`, `messageIds`,
 * `conversationId`). Pure, so every way in is tested directly.
 */
export interface CaseReferences {
  /** Message ids (the platform's), in the order found: the case subject first. */
  messageIds: string[];
  /** Conversations named directly (a report or signal about a whole conversation). */
  conversationIds: string[];
}

const stringsOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export function caseReferences(kase: { subjectType: string; subjectId: string }, itemEvidence: unknown[]): CaseReferences {
  const messageIds: string[] = [];
  const conversationIds: string[] = [];
  const add = (list: string[], ids: string[]) => ids.forEach((id) => (id && !list.includes(id) ? list.push(id) : undefined));
  if (kase.subjectType === 'message') add(messageIds, [kase.subjectId]);
  if (kase.subjectType === 'conversation') add(conversationIds, [kase.subjectId]);
  for (const evidence of itemEvidence) {
    if (!evidence || typeof evidence !== 'object') continue;
    const e = evidence as Record<string, unknown>;
    add(messageIds, [...stringsOf(e.messageId), ...stringsOf(e.messageIds)]);
    add(conversationIds, stringsOf(e.conversationId));
  }
  return { messageIds, conversationIds };
}

/** How far a view reaches around its anchor message. */
export const scopes = { around: 10, wide: 50, all: Number.POSITIVE_INFINITY } as const;
export type AccessScope = keyof typeof scopes;

/** The whole conversation is capped per answer: enough to judge, not a bulk export. */
export const ALL_CAP = 1000;

/** Roles that may widen a view beyond the default window. */
export const wideningRoles: ReadonlySet<string> = new Set(['senior_moderator', 'admin', 'legal']);
