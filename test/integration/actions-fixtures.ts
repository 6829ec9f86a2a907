// Fixtures for the decisions tests: cases and reports are inserted directly (the report intake
// has its own tests), rules and actions go through the API.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { deriveKey, seal } from '../../src/lib/crypto.js';
import { newId } from '../../src/lib/ids.js';
import { cases } from '../../src/modules/cases/cases.schema.js';
import { reports } from '../../src/modules/reports/reports.schema.js';
import { TEST_SECRET, type SignedIn, type TestApp } from '../support/app.js';

export const emailKey = deriveKey(TEST_SECRET, 'email-addresses');

export interface CaseFixture {
  category?: string;
  subjectType?: string;
  subjectId?: string;
  status?: string;
  assigneeId?: string | null;
  openedAt?: Date;
}

export async function insertCase(t: TestApp, f: CaseFixture = {}): Promise<{ id: string; subjectId: string }> {
  const now = t.clock.now();
  const id = newId();
  const subjectId = f.subjectId ?? `member-${randomUUID().slice(0, 8)}`;
  await t.db.database.db.insert(cases).values({
    id, subjectType: f.subjectType ?? 'account', subjectId, category: f.category ?? 'sexual_harassment', status: f.status ?? 'open',
    priority: 50, openedAt: f.openedAt ?? now, updatedAt: now, assigneeId: f.assigneeId ?? null,
  });
  return { id, subjectId };
}

export interface ReportFixture {
  source?: 'member' | 'public' | 'trusted_flagger';
  reporterExternalId?: string | null;
  email?: string;
}

export async function insertReport(t: TestApp, caseId: string, f: ReportFixture = {}): Promise<{ id: string; receiptCode: string }> {
  const id = newId();
  const receiptCode = `R-${randomUUID().slice(0, 8).toUpperCase()}`;
  const { rows: [c] } = await t.db.database.executeSql('SELECT subject_type, subject_id, category FROM cases WHERE id = $1', [caseId]);
  const row = c as { subject_type: string; subject_id: string; category: string } | undefined;
  await t.db.database.db.insert(reports).values({
    id, caseId, subjectType: row?.subject_type ?? 'account', subjectId: row?.subject_id ?? 'x', category: row?.category ?? 'other',
    source: f.source ?? 'member', reporterKey: `k:${id}`, reporterExternalId: f.reporterExternalId === undefined ? `reporter-${id.slice(-6)}` : f.reporterExternalId,
    reporterEmailSealed: f.email ? seal(emailKey, f.email) : null, explanation: 'They asked my 14-year-old for pictures.', evidence: [],
    goodFaith: true, receiptCode, receivedAt: t.clock.now(),
  });
  return { id, receiptCode };
}

export async function createRule(
  t: TestApp,
  admin: SignedIn,
  over: Partial<{ code: string; ground: string; legalGround: string; title: string; description: string }> = {},
): Promise<{ id: string; code: string }> {
  const res = await t.app.inject({
    method: 'POST', url: '/v1/rules', headers: admin.headers(true),
    payload: {
      code: over.code ?? `rule-${randomUUID().slice(0, 8)}`, title: over.title ?? 'No sexual contact with minors',
      description: over.description ?? 'Members may not seek sexual contact with anyone under 18.',
      ground: over.ground ?? 'DECISION_GROUND_INCOMPATIBLE_CONTENT', ...(over.legalGround ? { legalGround: over.legalGround } : {}),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export const act = (t: TestApp, who: SignedIn, caseId: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/actions`, headers: who.headers(true), payload: body });

export async function sqlRows<T = Record<string, unknown>>(t: TestApp, text: string, values: unknown[] = []): Promise<T[]> {
  return (await t.db.database.executeSql(text, values)).rows as T[];
}

/** Webhook messages whose payload names the action (JSON containment works on both databases). */
export async function messagesFor(t: TestApp, key: string, value: string): Promise<{ event_type: string; payload: Record<string, unknown> }[]> {
  return sqlRows(t, `SELECT event_type, payload FROM webhook_messages WHERE payload->>'${key}' = $1 ORDER BY id`, [value]);
}
