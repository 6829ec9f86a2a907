import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/boss.js';
import { runJobOnce } from '../../src/jobs/job-runs.js';
import { openDatabase, type Database } from '../../src/storage/db.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../support/database.js';
import type { CrashPoint, JobWorkerArgs } from '../support/job-worker.js';
import { createEffectsTable, effectNotes, fastWorkers, jobRow, recordEffect, waitFor } from '../support/jobs.js';

const repoRoot = join(import.meta.dirname, '..', '..');

/** Runs test/support/job-worker.ts in its own Node process and follows its progress lines. */
function startWorkerProcess(args: JobWorkerArgs) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/job-worker.ts', JSON.stringify(args)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const events: { event: string; id?: string }[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    events.push(JSON.parse(line) as { event: string; id?: string });
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    /** Resolves with the event once the worker reports it; rejects if the worker exits first. */
    next: (event: string) =>
      new Promise<{ event: string; id?: string }>((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.event === event);
          if (found) return resolve(found);
          waiters.push(check);
        };
        void exited.then(() => reject(new Error(`job worker exited before "${event}" (code ${child.exitCode})\n${stderr}`)));
        check();
      }),
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
      return child.signalCode;
    },
    exited,
  };
}

describe('a committed job survives its process being killed mid-job', () => {
  let tmp: string | undefined;
  let testDb: TestDatabase | undefined;
  let opened: Database | undefined;

  afterEach(async () => {
    await opened?.close();
    await testDb?.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = testDb = opened = undefined;
  });

  const crashAndRestart = async (crash: CrashPoint) => {
    // PGlite: a data directory on disk, opened by one process at a time. PostgreSQL: a fresh database.
    let target: { url?: string; dataDir?: string };
    if (testDriver === 'postgres') {
      testDb = await createTestDatabase();
      target = { url: testDb.url };
    } else {
      tmp = mkdtempSync(join(tmpdir(), 'trygg-jobs-'));
      target = { dataDir: join(tmp, 'pglite') };
    }
    const queue = `crash-${crash}`;
    const worker = startWorkerProcess({ ...target, queue, crash, expireInSeconds: 2 });
    try {
      const { id } = await worker.next('enqueued');
      await worker.next(crash === 'before-commit' ? 'handler-started' : 'effects-committed');
      expect(await worker.kill()).toBe('SIGKILL');
      if (!id) throw new Error('the worker reported no job id');

      // The restart: this process opens the same database and works the same queue.
      const database = testDb?.database ?? (opened = await openDatabase(target));
      await createEffectsTable(database);
      const jobs = createJobQueue(database, fastWorkers);
      const ranNow: string[] = [];
      await jobs.work(queue, async (job) => {
        if (await runJobOnce(database.db, job, (tx) => recordEffect(tx, job, 'after restart'))) ranNow.push(job.id);
      });
      await jobs.start();
      try {
        // The dead attempt expires after 2 s; maintenance puts it back and the worker retries it.
        await waitFor('the job to complete after the restart', async () => (await jobRow(database, id))?.state === 'completed', 30_000);
      } finally {
        await jobs.stop();
      }
      return { id, database, ranNow, job: await jobRow(database, id) };
    } finally {
      await worker.kill();
    }
  };

  it('runs the handler again when the process died before the effects committed, and the effect exists once', async () => {
    const { id, database, ranNow, job } = await crashAndRestart('before-commit');
    expect(await effectNotes(database, id)).toEqual(['after restart']);
    expect(ranNow).toEqual([id]);
    expect(job).toMatchObject({ state: 'completed' });
    expect(job!.retryCount).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('skips the effects on redelivery when the process died after they committed, and completes the job', async () => {
    const { id, database, ranNow, job } = await crashAndRestart('after-commit');
    expect(await effectNotes(database, id)).toEqual(['first attempt']);
    expect(ranNow).toEqual([]);
    expect(job).toMatchObject({ state: 'completed' });
    expect(job!.retryCount).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
