import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { createJobQueue } from '../../src/jobs/boss.js';
import { runJobOnce } from '../../src/jobs/job-runs.js';
import { registerJobMetrics } from '../../src/jobs/metrics.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { openRuntime, type Runtime } from '../../src/server/runtime.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../support/database.js';
import { createEffectsTable, effectNotes, fastWorkers, jobRow, recordEffect, waitFor } from '../support/jobs.js';

interface Note {
  label: string;
}

describe('job queue', () => {
  let db: TestDatabase;
  const queues: JobQueue[] = [];
  const open = (options = fastWorkers, database = db.database) => {
    const queue = createJobQueue(database, options);
    queues.push(queue);
    return queue;
  };

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.stop();
    await db.drop();
  });

  it('never runs a job enqueued in a transaction that rolled back', async () => {
    const jobs = open();
    const handled: string[] = [];
    await jobs.work<Note>('notes', async (job) => void handled.push(job.data.label));
    await jobs.start();

    let rolledBackId: string | undefined;
    await expect(
      db.database.db.transaction(async (tx) => {
        rolledBackId = await jobs.enqueue<Note>(tx, 'notes', { label: 'rolled back' });
        throw new Error('the request failed after enqueueing');
      }),
    ).rejects.toThrow('the request failed');
    expect(rolledBackId).toBeDefined();

    // Four polling intervals with the worker running; then a committed job behind it.
    await sleep(2_000);
    await db.database.db.transaction((tx) => jobs.enqueue<Note>(tx, 'notes', { label: 'committed' }));
    await waitFor('the committed job to run', () => handled.includes('committed'));

    expect(handled).toEqual(['committed']);
    expect(await jobRow(db.database, rolledBackId!)).toBeNull();
  });

  it('runs a committed job exactly once and marks it completed', async () => {
    const jobs = open();
    const handled: string[] = [];
    await jobs.work<Note>('notes', async (job) => void handled.push(job.id));
    await jobs.start();

    const id = await db.database.db.transaction((tx) => jobs.enqueue<Note>(tx, 'notes', { label: 'once' }));
    await waitFor('the job to complete', async () => (await jobRow(db.database, id))?.state === 'completed');
    await sleep(1_500);

    expect(handled).toEqual([id]);
    expect(await jobRow(db.database, id)).toEqual({ state: 'completed', retryCount: 0 });
  });

  it('counts the backlog by queue for /metrics, down to none once the jobs ran', async () => {
    const producer = open({ ...fastWorkers, workers: false });
    await producer.start();
    await db.database.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await producer.enqueue<Note>(tx, 'waiting', { label: `w${i}` });
      // Scheduled for later: not behind, so not counted.
      await producer.enqueue<Note>(tx, 'later', { label: 'tomorrow' }, { startAfter: new Date(Date.now() + 86_400_000) });
      await producer.enqueue<Note>(tx, 'soon', { label: 'in half a minute' }, { startAfter: new Date(Date.now() + 30_000) });
    });
    const registry = new Registry();
    registerJobMetrics(registry, producer);
    expect(await producer.backlog()).toEqual({ waiting: 3 });
    expect(await registry.getSingleMetricAsString('trygg_jobs_backlog')).toContain('trygg_jobs_backlog{queue="waiting"} 3');
    // Those falling due within the minute are counted apart (the benchmark waits for them too); tomorrow's is not.
    expect(await producer.dueWithin(60)).toEqual({ soon: 1 });
    expect(await registry.getSingleMetricAsString('trygg_jobs_due_within_minute')).toContain('trygg_jobs_due_within_minute{queue="soon"} 1');

    const worker = open();
    await worker.work<Note>('waiting', async () => {});
    await worker.start();
    await waitFor('the backlog to drain', async () => Object.keys(await producer.backlog()).length === 0);
    expect(await registry.getSingleMetricAsString('trygg_jobs_backlog')).not.toContain('queue="waiting"');
  });

  it('drains a backlog without waiting a polling interval between jobs', async () => {
    // Polling every 2 s: one job per interval would need 80 s for 40 jobs.
    const jobs = open({ ...fastWorkers, pollingIntervalSeconds: 2 });
    const handled = new Set<string>();
    await jobs.work<Note>('backlog', async (job) => void handled.add(job.id));
    await jobs.start();
    await db.database.db.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await jobs.enqueue<Note>(tx, 'backlog', { label: `n${i}` });
    });
    await waitFor('40 jobs to be handled well inside 20 polling intervals', () => handled.size === 40, 40_000);
    expect(handled.size).toBe(40);
  });

  it('hands a batch worker the jobs due together in one call, and retries all of a batch whose handler failed', async () => {
    const jobs = open();
    const calls: string[][] = [];
    await jobs.workBatch<Note>('batched', async (batch) => {
      calls.push(batch.map((job) => job.data.label));
      if (calls.length === 1) throw new Error('temporary failure');
    }, { batchSize: 4 });
    // Enqueued before the worker starts, so the first fetch finds them all due.
    const producer = open({ ...fastWorkers, workers: false });
    await producer.start();
    const ids = await db.database.db.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) out.push(await producer.enqueue<Note>(tx, 'batched', { label: `b${i}` }, { retryDelaySeconds: 1 }));
      return out;
    });
    await jobs.start();
    await waitFor('every job to complete', async () => (await Promise.all(ids.map((id) => jobRow(db.database, id)))).every((r) => r?.state === 'completed'));

    // At most 4 a call; the 4 of the failed call ran again (each once more), the other 2 once.
    expect(calls.every((c) => c.length >= 1 && c.length <= 4)).toBe(true);
    expect(calls[0]).toHaveLength(4);
    const runs = new Map<string, number>();
    for (const label of calls.flat()) runs.set(label, (runs.get(label) ?? 0) + 1);
    expect([...runs.values()].sort()).toEqual([1, 1, 2, 2, 2, 2]);
    for (const label of calls[0]!) expect(runs.get(label)).toBe(2);
    const rows = await Promise.all(ids.map((id) => jobRow(db.database, id)));
    expect(rows.filter((r) => r?.retryCount === 1)).toHaveLength(4);
  });

  it('retries a job whose handler failed, with the same job id', async () => {
    const jobs = open();
    const attempts: string[] = [];
    await jobs.work<Note>('flaky', async (job) => {
      attempts.push(job.id);
      if (attempts.length === 1) throw new Error('temporary failure');
    });
    await jobs.start();

    const id = await db.database.db.transaction((tx) => jobs.enqueue<Note>(tx, 'flaky', { label: 'x' }, { retryDelaySeconds: 1 }));
    await waitFor('the retry to complete', async () => (await jobRow(db.database, id))?.state === 'completed');

    expect(attempts).toEqual([id, id]);
    expect(await jobRow(db.database, id)).toEqual({ state: 'completed', retryCount: 1 });
  });

  it('survives a failed completion write: no crash, the job is retried after it expires', async () => {
    const real = db.database.executeSql;
    let connectionDown = true;
    // Fault injection: the write that records a job's completion fails once, as on a lost connection.
    const flaky = { ...db.database, executeSql: async (text: string, values?: unknown[]) => {
      if (connectionDown && text.includes("state = 'completed'")) throw new Error('connection lost');
      return real(text, values);
    } };
    const errors: string[] = [];
    const jobs = open({ ...fastWorkers, onError: (error) => errors.push(error.message) }, flaky);
    const runs: string[] = [];
    await jobs.work('notes', async (job) => void runs.push(job.id));
    await jobs.start();

    const id = await db.database.db.transaction((tx) => jobs.enqueue(tx, 'notes', { n: 1 }, { expireInSeconds: 1, retryDelaySeconds: 0, retryBackoff: false }));
    await waitFor('the failed completion to be reported', () => errors.length > 0);
    connectionDown = false;
    await waitFor('the retry to complete', async () => (await jobRow(db.database, id))?.state === 'completed');

    expect(errors[0]).toMatch(/Could not record a job's outcome/);
    expect(runs).toEqual([id, id]);
  });

  it('creates a queue nobody declared together with its first job, and a rollback undoes both', async () => {
    const jobs = open({ workers: false });
    await jobs.start();
    const queueExists = async () =>
      (await db.database.executeSql(`SELECT 1 FROM pgboss.queue WHERE name = $1`, ['undeclared'])).rows.length === 1;

    await expect(
      db.database.db.transaction(async (tx) => {
        await jobs.enqueue(tx, 'undeclared', { n: 1 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await queueExists()).toBe(false);

    const id = await db.database.db.transaction((tx) => jobs.enqueue(tx, 'undeclared', { n: 2 }));
    expect(await queueExists()).toBe(true);
    expect(await jobRow(db.database, id)).toMatchObject({ state: 'created' });
  });

  it('only records handlers in a process without workers; the job waits for one that has them', async () => {
    const enqueuer = open({ workers: false });
    const handled: string[] = [];
    await enqueuer.work('notes', async (job) => void handled.push(job.id));
    await enqueuer.start();
    const id = await db.database.db.transaction((tx) => enqueuer.enqueue<Note>(tx, 'notes', { label: 'later' }));

    await sleep(1_000);
    expect(handled).toEqual([]);
    expect(await jobRow(db.database, id)).toMatchObject({ state: 'created' });

    const worker = open(fastWorkers, await db.openAnother());
    await worker.work('notes', async (job) => void handled.push(job.id));
    await worker.start();
    await waitFor('the worker process to run the job', () => handled.length === 1);
    expect(handled).toEqual([id]);
  });

  it('installs pg-boss once when two nodes start at once, leaving every connection usable', async () => {
    const other = await db.openAnother();
    const a = open({ workers: false });
    const b = open({ workers: false }, other);
    // Both connected already, so both ask "installed?" at the same moment.
    await Promise.all([db.database.executeSql('SELECT 1', []), other.executeSql('SELECT 1', [])]);
    await Promise.all([a.start(), b.start()]);

    // More concurrent queries than each pool has connections: a connection left inside an
    // aborted transaction by a lost install race would fail here.
    const probes = [db.database, other].flatMap((database) =>
      Array.from({ length: 12 }, () => database.executeSql(`SELECT pg_sleep(0.02), 1 AS ok`, [])),
    );
    const results = await Promise.all(probes);
    expect(results.every((r) => r.rows[0]?.ok === 1)).toBe(true);
    const { rows } = await db.database.executeSql(`SELECT count(*)::int AS n FROM pgboss.version`);
    expect(rows[0]?.n).toBe(1);
  });
});

describe('runJobOnce', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
    await createEffectsTable(db.database);
  });
  afterEach(() => db.drop());

  const job = { id: '0194f3a2-7c1e-7000-8000-000000000001', name: 'notes' };

  it('writes the effects once however often the same job is delivered', async () => {
    const first = await runJobOnce(db.database.db, job, (tx) => recordEffect(tx, job, 'one'));
    const second = await runJobOnce(db.database.db, job, (tx) => recordEffect(tx, job, 'two'));
    expect([first, second]).toEqual([true, false]);
    expect(await effectNotes(db.database, job.id)).toEqual(['one']);
  });

  it('leaves no trace when the effects fail, so the retry runs them', async () => {
    await expect(
      runJobOnce(db.database.db, job, async (tx) => {
        await recordEffect(tx, job, 'half done');
        throw new Error('crashed halfway');
      }),
    ).rejects.toThrow('crashed halfway');
    expect(await runJobOnce(db.database.db, job, (tx) => recordEffect(tx, job, 'retry'))).toBe(true);
    expect(await effectNotes(db.database, job.id)).toEqual(['retry']);
  });
});

describe('runtime', () => {
  let tmp: string;
  let db: TestDatabase | undefined;
  let runtime: Runtime | undefined;
  beforeEach(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'trygg-runtime-'));
    if (testDriver === 'postgres') db = await createTestDatabase();
  });
  afterEach(async () => {
    await runtime?.close();
    await db?.drop();
    rmSync(tmp, { recursive: true, force: true });
    runtime = db = undefined;
  });

  const env = (vars: Record<string, string> = {}) =>
    readEnv({ TRYGG_DATA_DIR: tmp, TRYGG_SECRET_KEY: 'ab'.repeat(32), ...(db?.url ? { DATABASE_URL: db.url } : {}), ...vars });

  it('runs job workers only when opened for them and TRYGG_JOBS is on; jobs can be enqueued either way', async () => {
    runtime = await openRuntime(env());
    expect(runtime.jobs.runsWorkers).toBe(false);
    const id = await runtime.database.db.transaction((tx) => runtime!.jobs.enqueue(tx, 'notes', { label: 'from the CLI' }));
    expect(await jobRow(runtime.database, id)).toMatchObject({ state: 'created' });
    await runtime.close();

    runtime = await openRuntime(env({ TRYGG_JOBS: 'false' }), { workers: true });
    expect(runtime.jobs.runsWorkers).toBe(false);
    await runtime.close();

    runtime = await openRuntime(env(), { workers: true });
    expect(runtime.jobs.runsWorkers).toBe(true);
    const handled: string[] = [];
    await runtime.jobs.work('notes', async (job) => void handled.push(job.id));
    await waitFor('the server runtime to run the job the CLI enqueued', () => handled.length === 1);
    expect(handled).toEqual([id]);
  });
});
