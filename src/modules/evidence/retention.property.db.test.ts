import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDriver, type TestDatabase } from '../../../test/support/database.js';
import { ManualClock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { createServices, type Services } from '../../server/services.js';

const DAY = 86_400_000;
const RETENTION = 90;
const NCMEC_RETENTION = 365;

type Op =
  | { op: 'preserve'; account: number; inCase: number | null; bytes: number }
  | { op: 'hold'; scope: 'account' | 'case'; index: number }
  | { op: 'release'; index: number }
  | { op: 'delete'; account: number }
  | { op: 'report'; kase: number }
  | { op: 'advance'; days: number }
  | { op: 'purge' };

const preserveOp = fc.record({ op: fc.constant('preserve' as const), account: fc.nat(2), inCase: fc.option(fc.nat(1), { nil: null }), bytes: fc.nat(3) });
// Weighted toward the steps that make evidence eligible (deletions, time, purges) so runs reach them.
const ops: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: preserveOp, weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('hold' as const), scope: fc.constantFrom('account' as const, 'case' as const), index: fc.nat(2) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('release' as const), index: fc.nat(3) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), account: fc.nat(2) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('report' as const), kase: fc.nat(1) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), days: fc.oneof(fc.constantFrom(1, 89, 90, 91, 275, 365, 366), fc.nat(400)) }), weight: 3 },
  { arbitrary: fc.constant({ op: 'purge' as const }), weight: 3 },
);
/** Some evidence first, then random steps, then a last purge after a year: every run checks purges. */
const sequences = fc.tuple(fc.array(preserveOp, { minLength: 1, maxLength: 6 }), fc.array(ops, { minLength: 2, maxLength: 20 }))
  .map(([first, rest]): Op[] => [...first, ...rest, { op: 'purge' }, { op: 'advance', days: 366 }, { op: 'purge' }]);

interface ModelItem { id: string; sha: string; account: string; caseId: string | null }
interface ModelHold { id: string; scope: 'account' | 'case'; scopeId: string }

/**
 * For random sequences of preservations, holds placed and released, deletions, NCMEC marks, time
 * passing and purge runs: every purge run purges exactly the blobs whose items are all past
 * retention and unheld, and never one that an active hold covers.
 */
describe(`evidence retention property (${testDriver})`, () => {
  let t: TestDatabase;
  let s: Services;
  const clock = new ManualClock(new Date('2026-02-01T00:00:00Z'));
  const system = { type: 'system' as const, id: 'property' };
  const legal = newId();

  beforeAll(async () => {
    t = await createTestDatabase();
    s = createServices({
      database: t.database, secretKey: Buffer.alloc(32, 4), clock, publicUrl: 'https://trygg.test',
      evidence: { retention: { days: RETENTION, ncmecDays: NCMEC_RETENTION } },
    });
  });
  afterAll(() => t.drop());

  async function purgedShas(shas: string[]): Promise<Set<string>> {
    if (!shas.length) return new Set();
    const { rows } = await t.database.executeSql(`SELECT sha256 FROM evidence_blobs WHERE sealed IS NULL AND sha256 = ANY($1::text[])`, [shas]);
    return new Set(rows.map((r) => r.sha256 as string));
  }

  it('never purges what an active hold covers, and purges everything eligible', async () => {
    await fc.assert(fc.asyncProperty(sequences, async (sequence) => {
      const run = randomUUID().slice(0, 8);
      const accounts = [0, 1, 2].map((i) => `p-${run}-${i}`);
      const at = () => clock.now().toISOString();
      await s.events.ingest(accounts.map((a) => ({ id: `reg-${a}`, type: 'account.registered', accountId: a, birthDate: '1985-05-05', occurredAt: at(), ip: '192.0.2.1' })), null);
      const cases: { id: string; account: string }[] = [];
      for (const account of accounts.slice(0, 2)) {
        const kase = await t.database.db.transaction((tx) =>
          s.cases.openOrJoin(tx, system, { subject: { type: 'account', id: account }, category: 'spam', minorInvolved: false, trustedFlagger: false }));
        cases.push({ id: kase.kase.id, account });
      }
      const items: ModelItem[] = [];
      const holds: ModelHold[] = [];
      const deletedAt = new Map<string, number>();
      const reported = new Set<string>();
      const purged = new Set<string>();

      const held = (i: ModelItem) => holds.some((h) => (h.scope === 'account' ? h.scopeId === i.account : h.scopeId === i.caseId));
      const eligible = (i: ModelItem, now: number) => {
        const deleted = deletedAt.get(i.account);
        if (deleted === undefined || held(i)) return false;
        const days = i.caseId && reported.has(i.caseId) ? Math.max(RETENTION, NCMEC_RETENTION) : RETENTION;
        return deleted + days * DAY <= now;
      };
      const addItems = async (ids: string[], account: string, caseId: string | null) => {
        for (const id of ids) {
          const sha = (await s.evidence.describe(id)).sha256;
          items.push({ id, sha, account, caseId });
          purged.delete(sha);
        }
      };

      for (const step of sequence) {
        if (step.op === 'preserve') {
          const kase = step.inCase === null ? null : cases[step.inCase]!;
          const account = kase ? kase.account : accounts[step.account]!;
          const item = await t.database.db.transaction((tx) => s.evidence.preserve(tx, system, {
            kind: 'content', bytes: Buffer.from(`${run}:${step.bytes}`), contentType: 'text/plain',
            subject: { type: 'account', id: account }, caseId: kase?.id ?? null, reason: 'bank_match', provenance: {},
          }));
          await addItems([item.id], account, kase?.id ?? null);
        } else if (step.op === 'hold') {
          const target = step.scope === 'account' ? { id: accounts[step.index]!, account: accounts[step.index]!, caseId: null } : (() => {
            const c = cases[step.index % cases.length]!;
            return { id: c.id, account: c.account, caseId: c.id };
          })();
          if (holds.some((h) => h.scope === step.scope && h.scopeId === target.id)) continue;
          const hold = await s.legal.holds.place(legal, { scope: { type: step.scope, id: target.id }, reason: 'property test hold' });
          holds.push({ id: hold.id, scope: step.scope, scopeId: target.id });
          await addItems(hold.preservedItems ?? [], target.account, target.caseId);
        } else if (step.op === 'release') {
          if (!holds.length) continue;
          const [hold] = holds.splice(step.index % holds.length, 1);
          await s.legal.holds.release(legal, hold!.id, 'property test release');
        } else if (step.op === 'delete') {
          const account = accounts[step.account]!;
          if (deletedAt.has(account)) continue;
          deletedAt.set(account, clock.now().getTime());
          await s.events.ingest([{ id: `del-${account}`, type: 'account.deleted', accountId: account, occurredAt: at() }], null);
        } else if (step.op === 'report') {
          const kase = cases[step.kase]!;
          reported.add(kase.id);
          await t.database.db.transaction((tx) => s.legal.retention.markReportedToNcmec(tx, system, { caseId: kase.id }));
        } else if (step.op === 'advance') {
          clock.advance(step.days * DAY);
        } else {
          const shas = [...new Set(items.map((i) => i.sha))];
          const before = await purgedShas(shas);
          await s.legal.retention.purge();
          const after = await purgedShas(shas);
          const now = clock.now().getTime();
          for (const sha of shas) {
            const refs = items.filter((i) => i.sha === sha);
            if (refs.every((i) => eligible(i, now))) purged.add(sha);
            // Nothing an active hold covers is purged by this run.
            if (refs.some(held)) expect(after.has(sha), `held blob ${sha} purged`).toBe(before.has(sha));
          }
          expect([...after].sort()).toEqual([...purged].sort());
        }
      }
    }), { numRuns: 20 });
  }, 600_000);
});
