// A Trygg process that enqueues one job, starts working it and then hangs, so that a test can
// SIGKILL it mid-job. Run with `node --import tsx test/support/job-worker.ts '<json args>'`.
// It reports progress as JSON lines on stdout: enqueued {id}, then handler-started (its
// effect written but not committed) or effects-committed (committed, completion not recorded).
import { createJobQueue } from '../../src/jobs/boss.js';
import { runJobOnce } from '../../src/jobs/job-runs.js';
import { openDatabase } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';
import { createEffectsTable, fastWorkers, recordEffect } from './jobs.js';

export type CrashPoint = 'before-commit' | 'after-commit';

export interface JobWorkerArgs {
  url?: string;
  dataDir?: string;
  queue: string;
  crash: CrashPoint;
  /** Seconds an attempt may run before it counts as dead and is retried. */
  expireInSeconds: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as JobWorkerArgs;
const report = (event: string, extra: Record<string, unknown> = {}) => process.stdout.write(`${JSON.stringify({ event, ...extra })}\n`);
const hang = () => new Promise<never>(() => {});

const database = await openDatabase(args.url ? { url: args.url } : { dataDir: args.dataDir });
await migrate(database);
await createEffectsTable(database);
const jobs = createJobQueue(database, fastWorkers);
await jobs.start();

const id = await database.db.transaction((tx) =>
  jobs.enqueue(tx, args.queue, { purpose: 'crash test' }, { expireInSeconds: args.expireInSeconds, retryDelaySeconds: 1, retryLimit: 3 }),
);
report('enqueued', { id });

await jobs.work(args.queue, async (job) => {
  if (args.crash === 'before-commit') {
    await runJobOnce(database.db, job, async (tx) => {
      await recordEffect(tx, job, 'first attempt');
      report('handler-started', { id: job.id });
      await hang();
    });
  } else {
    await runJobOnce(database.db, job, (tx) => recordEffect(tx, job, 'first attempt'));
    report('effects-committed', { id: job.id });
    await hang();
  }
});
