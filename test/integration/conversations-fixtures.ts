import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';

/** Every message text carries a distinctive token, so a leak anywhere can be searched for. */
export const token = (conversation: string, n: number) => `PRIVATE-TOKEN-${conversation}-${n}`;
export const TOKEN_PATTERN = /PRIVATE-TOKEN-[a-z0-9]+-\d+/;

export interface SeededConversations {
  platform: Record<string, string>;
  /** The case opened by a member's report on message m-15 of conversation "main". */
  messageCaseId: string;
  /** The case opened by a report on the whole conversation "other". */
  conversationCaseId: string;
  /** A case about an account: it references no conversation. */
  accountCaseId: string;
}

/**
 * An adult and a 14-year-old with 30 messages in conversation "main" (m-1 … m-30, each a minute
 * apart; m-7 without text, as a privacy setting would send it), 12 in "other", and reports on a
 * message, a conversation and an account.
 */
export async function seedConversations(t: TestApp): Promise<SeededConversations> {
  const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['events:write', 'reports:write']);
  const platform = { authorization: `Bearer ${key}` };
  const start = t.clock.now().getTime() - 3_600_000;
  const at = (minute: number) => new Date(start + minute * 60_000).toISOString();
  const events: Record<string, unknown>[] = [
    { id: 'reg-adult', type: 'account.registered', occurredAt: at(0), accountId: 'adult-7', birthDate: '1979-05-01' },
    { id: 'reg-kid', type: 'account.registered', occurredAt: at(0), accountId: 'kid-7', birthDate: `${new Date().getUTCFullYear() - 14}-02-01` },
  ];
  for (let n = 1; n <= 30; n++) {
    const [from, to] = n % 2 ? ['adult-7', 'kid-7'] : ['kid-7', 'adult-7'];
    events.push({
      id: `evt-main-${n}`, messageId: `m-${n}`, type: 'message.sent', occurredAt: at(n), conversationId: 'main', from, to,
      ...(n !== 7 && { text: `${token('main', n)} hello` }),
    });
  }
  for (let n = 1; n <= 12; n++) {
    events.push({ id: `o-${n}`, type: 'message.sent', occurredAt: at(n), conversationId: 'other', from: 'adult-7', to: 'kid-8', text: token('other', n) });
  }
  const ingest = await t.app.inject({ method: 'POST', url: '/v1/events', headers: platform, payload: { events } });
  expect(ingest.json()).toMatchObject({ accepted: events.length, rejected: [] });
  const report = async (subject: { type: string; id: string }) => {
    const res = await t.app.inject({
      method: 'POST', url: '/v1/reports', headers: platform,
      payload: { subject, category: 'grooming', explanation: 'Asks for pictures and to keep it secret', evidence: [], goodFaith: true, reporterId: 'kid-7' },
    });
    expect(res.statusCode).toBe(201);
    return (await t.services.cases.forSubject(subject.type, subject.id))[0]!.id;
  };
  return {
    platform,
    messageCaseId: await report({ type: 'message', id: 'm-15' }),
    conversationCaseId: await report({ type: 'conversation', id: 'other' }),
    accountCaseId: await report({ type: 'account', id: 'adult-7' }),
  };
}
