import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/boss.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { newId } from '../../src/lib/ids.js';
import { DENIAL_LINGER_MS, DenialWriter, type Denial } from '../../src/modules/policy/contact.denials.js';
import { ContactRepo } from '../../src/modules/policy/contact.repo.js';
import { SIGNALS_QUEUE } from '../../src/modules/signals/signals.jobs.js';
import { migrate } from '../../src/storage/migrate.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../support/database.js';

const denial = (from: string, to = 'minor-1'): Denial => ({
  id: newId(), fromExternalId: from, toExternalId: to, kind: 'message', rule: 'age-gap', policyVersion: 0, minorInvolved: true, decidedAt: new Date(),
});

/** A repository whose denial inserts fail while `failing` is above zero (the database itself stays real). */
class FlakyRepo extends ContactRepo {
  failing = 0;
  override async recordDenials(...args: Parameters<ContactRepo['recordDenials']>): Promise<void> {
    if (this.failing > 0) {
      this.failing--;
      throw new Error('database away');
    }
    return super.recordDenials(...args);
  }
}

describe(`denial records (${testDriver})`, () => {
  let db: TestDatabase;
  let jobs: JobQueue;
  const metrics = () => {
    const registry = new Registry();
    return {
      registry,
      failures: new Counter({ name: 'failures', help: 'failures', registers: [registry] }),
      dropped: new Counter({ name: 'dropped', help: 'dropped', registers: [registry] }),
    };
  };
  const count = async (sql: string): Promise<number> => Number((await db.database.executeSql(sql)).rows[0]!.n);
  const denials = (from: string) => count(`SELECT count(*)::int AS n FROM contact_denials WHERE from_external_id = '${from}'`);
  const signalJobs = () => count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = '${SIGNALS_QUEUE}'`);

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await migrate(db.database);
    jobs = createJobQueue(db.database, { workers: false });
    await jobs.start();
  });
  afterAll(async () => {
    await jobs.stop();
    await db.drop();
  });

  it('gathers denials queued within the linger into one transaction and one signals job', async () => {
    const writer = new DenialWriter(db.database, new ContactRepo(), jobs, metrics());
    const jobsBefore = await signalJobs();
    for (let i = 0; i < 20; i++) writer.enqueue([denial('adult-a', `minor-${i}`)]);
    expect(await denials('adult-a')).toBe(0); // not yet: the linger has not passed
    await new Promise((resolve) => setTimeout(resolve, DENIAL_LINGER_MS * 4));
    await writer.flushed();
    expect(await denials('adult-a')).toBe(20);
    expect(await signalJobs()).toBe(jobsBefore + 1);
  });

  it('writes at once for a caller who waits, and resolves only after commit', async () => {
    const writer = new DenialWriter(db.database, new ContactRepo(), jobs, metrics());
    await writer.write([denial('adult-b'), denial('adult-b', 'minor-2')]);
    expect(await denials('adult-b')).toBe(2);
  });

  it('retries rows nobody waits for after a failed write, and tells a waiting caller of the failure', async () => {
    const repo = new FlakyRepo();
    const m = metrics();
    const writer = new DenialWriter(db.database, repo, jobs, m);
    repo.failing = 1;
    await expect(writer.write([denial('adult-c')])).rejects.toThrow('database away');
    repo.failing = 1;
    writer.enqueue([denial('adult-d')]);
    await writer.flushed(); // the first attempt fails: the row is kept
    expect(await denials('adult-d')).toBe(0);
    await writer.flushed(); // shutdown tries once more
    expect(await denials('adult-d')).toBe(1);
    expect(await denials('adult-c')).toBe(0); // the waiting caller was told; nothing retried behind its back
    expect(await m.registry.getSingleMetricAsString('failures')).toContain('failures 2');
  });

  it('drops (and counts) rows the database keeps refusing, so they cannot block the rest', async () => {
    const repo = new FlakyRepo();
    const m = metrics();
    const writer = new DenialWriter(db.database, repo, jobs, m);
    repo.failing = 5;
    writer.enqueue([denial('adult-e'), denial('adult-e', 'minor-3')]);
    for (let i = 0; i < 5; i++) await writer.flushed();
    writer.enqueue([denial('adult-f')]);
    await writer.flushed();
    expect(await denials('adult-e')).toBe(0);
    expect(await denials('adult-f')).toBe(1);
    expect(await m.registry.getSingleMetricAsString('dropped')).toContain('dropped 2');
  });

  it('keeps every column of every row as given, whatever characters the external ids hold', async () => {
    const writer = new DenialWriter(db.database, new ContactRepo(), jobs, metrics());
    const odd = ['adult "quoted", {braced}', 'back\\slash\\', 'NULL', '', 'ålder ⚠ 18', "o'brien"];
    const rows = odd.map((from, i): Denial => ({
      id: newId(), fromExternalId: `odd:${from}`, toExternalId: `minor:${odd[odd.length - 1 - i]}`, kind: i % 2 ? 'buff' : 'image',
      rule: i % 2 ? 'age-gap' : 'adult-media-to-minor', policyVersion: 40 + i, minorInvolved: i % 3 !== 0, decidedAt: new Date(Date.UTC(2026, 11, 2, 12, 0, i, 250)),
    }));
    await writer.write(rows);
    const { rows: stored } = await db.database.executeSql(
      `SELECT id, from_external_id, to_external_id, kind, rule, policy_version, minor_involved, decided_at FROM contact_denials WHERE from_external_id LIKE 'odd:%' ORDER BY policy_version`,
    );
    expect(stored.map((r) => [r.id, r.from_external_id, r.to_external_id, r.kind, r.rule, r.policy_version, r.minor_involved, new Date(r.decided_at as string).toISOString()]))
      .toEqual(rows.map((r) => [r.id, r.fromExternalId, r.toExternalId, r.kind, r.rule, r.policyVersion, r.minorInvolved, r.decidedAt.toISOString()]));
  });
});
