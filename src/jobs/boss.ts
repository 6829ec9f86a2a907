import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Database, Queryable, SqlRow } from '../storage/db.js';
import { pruneJobRuns } from './job-runs.js';
import type { BatchHandler, JobHandler, JobOptions, JobQueue, WorkOptions } from './queue.js';
import { transactionExecutor } from './tx-sql.js';

/** pg-boss's schema; it creates and migrates it itself (under our lock, see installLock). */
export const JOBS_SCHEMA = 'pgboss';
/** Advisory-lock key serialising pg-boss's install/migration across nodes (migrate.ts uses …001). */
const INSTALL_LOCK_KEY = 7_210_731_002;

/** Defaults for every job: a few retries with backoff (5 s, ~10 s, ~20 s, …), 5 minutes per attempt. */
export const defaultJobOptions = {
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 300,
} satisfies JobOptions;

export interface JobQueueOptions {
  /** Run handlers in this process (the server). False: enqueue only, nothing keeps the process alive. */
  workers: boolean;
  /** How often an idle worker looks for jobs (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs (their worker died) are put back for retry and old jobs archived. */
  maintenanceIntervalSeconds?: number;
  /** How long stop() waits for running handlers before leaving their jobs to be retried. */
  stopTimeoutSeconds?: number;
  defaults?: JobOptions;
  onError?: (error: Error) => void;
}

/** Background jobs through pg-boss on Trygg's own database, PGlite or PostgreSQL alike. */
export function createJobQueue(database: Database, options: JobQueueOptions): JobQueue {
  const defaults = { ...defaultJobOptions, ...options.defaults };
  const onError = options.onError ?? ((error: Error) => console.error('[trygg] job queue:', error));
  const stopTimeoutMs = (options.stopTimeoutSeconds ?? 30) * 1000;

  // Everything pg-boss runs outside a caller's transaction goes through here, counted, so that
  // stop() can wait for the last completion write before the database is closed. On PostgreSQL
  // this is the runtime's pool: one pool per process, one set of connection settings.
  let queries = 0;
  const executeSql = async (text: string, values?: unknown[]): Promise<{ rows: SqlRow[] }> => {
    queries++;
    try {
      return await database.executeSql(text, values);
    } catch (error) {
      // pg-boss's worker records a job's outcome without awaiting it: a failure there would be
      // an unhandled rejection and take the process down. Report it instead; the job stays
      // active until it expires and is then retried, which idempotent handlers tolerate.
      if (outcomeWrites.has(text)) {
        onError(new Error(`Could not record a job's outcome (it will be retried after it expires): ${(error as Error).message}`));
        return { rows: [{ count: '0' }] };
      }
      throw error;
    } finally {
      queries--;
    }
  };

  const boss = new PgBoss({
    db: { executeSql },
    schema: JOBS_SCHEMA,
    migrate: true,
    supervise: options.workers,
    // No cron yet; it would add a polling worker to every process.
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    ...toBossOptions(defaults),
  });

  // Work in flight (handlers, pruning), also awaited by stop().
  let handlers = 0;
  const track = async <T>(fn: () => Promise<T>): Promise<T> => {
    handlers++;
    try {
      return await fn();
    } finally {
      handlers--;
    }
  };
  boss.on('error', (error: unknown) => onError(toError(error)));
  boss.on('maintenance', () => {
    track(() => pruneJobRuns(database.db)).catch((error: unknown) => onError(toError(error)));
  });

  const known = new Set<string>();
  const pending: { name: string; handler: BatchHandler<object>; options?: WorkOptions; batchSize: number }[] = [];
  let state: 'new' | 'starting' | 'started' | 'stopping' | 'stopped' = 'new';
  let starting: Promise<void> | undefined;

  const startWorker = async (name: string, handler: BatchHandler<object>, work: WorkOptions | undefined, batchSize: number) => {
    await boss.createQueue(name);
    known.add(name);
    if (!options.workers) return;
    const workOptions = { batchSize, ...(work?.pollingIntervalSeconds ? { pollingIntervalSeconds: work.pollingIntervalSeconds } : {}) };
    // pg-boss 10 runs one fetch at a time per worker: concurrency is more workers on the queue.
    for (let n = 0; n < Math.max(1, work?.concurrency ?? 1); n++) {
      let workerId: string | undefined;
      workerId = await boss.work<object>(name, workOptions, async (jobs) => {
        if (!jobs.length) return;
        // A job fetched while stopping fails fast; pg-boss retries it (here or on another node).
        if (state !== 'started') throw new Error('The job queue is stopping; the job will be retried');
        await track(() => handler(jobs.map((job) => ({ id: job.id, name: job.name, data: job.data }))));
        // There were jobs, so there may be more: fetch again at once instead of waiting out the
        // polling interval (otherwise a worker completes one fetch per interval).
        if (workerId) boss.notifyWorker(workerId);
      });
    }
  };

  const declare = async (name: string, handler: BatchHandler<object>, work: WorkOptions | undefined, batchSize: number) => {
    if (state === 'new' || state === 'starting') pending.push({ name, handler, options: work, batchSize });
    else if (state === 'started') await startWorker(name, handler, work, batchSize);
    else throw new Error(`Cannot work ${name}: the job queue is stopped`);
  };

  /** Jobs matching `where`, counted by queue. */
  const jobsByQueue = async (where: string, values?: unknown[]): Promise<Record<string, number>> => {
    const { rows } = await executeSql(`SELECT name, count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE ${where} GROUP BY name`, values);
    return Object.fromEntries(rows.map((r) => [r.name as string, Number(r.n)]));
  };

  const queue: JobQueue = {
    runsWorkers: options.workers,

    start: () =>
      (starting ??= (async () => {
        state = 'starting';
        await installLock(database, () => boss.start().then(() => undefined));
        const { rows } = await executeSql(`SELECT name FROM ${JOBS_SCHEMA}.queue`);
        for (const row of rows) known.add(row.name as string);
        state = 'started';
        for (const w of pending.splice(0)) await startWorker(w.name, w.handler, w.options, w.batchSize);
      })()),

    async stop() {
      await starting?.catch(() => {});
      if (state !== 'started') return;
      state = 'stopping';
      await boss.stop({ graceful: true, wait: true, timeout: stopTimeoutMs });
      // pg-boss returns while its last fetch or completion may still be in flight.
      const deadline = Date.now() + stopTimeoutMs;
      while ((queries > 0 || handlers > 0) && Date.now() < deadline) await sleep(20);
      state = 'stopped';
    },

    async enqueue(tx, name, data, jobOptions = {}) {
      if (state !== 'started') throw new Error(`Cannot enqueue ${name}: the job queue is not started`);
      const db = transactionExecutor(tx);
      // pg-boss drops jobs for unknown queues silently; create it with the job if needed.
      if (!known.has(name)) await createQueueIn(db, name);
      const id = await boss.send(name, data, { ...toBossOptions(jobOptions), db });
      if (!id) {
        known.delete(name);
        throw new Error(`Job ${name} was not enqueued: its queue does not exist`);
      }
      return id;
    },

    // Due or running: a job scheduled for later (the daily purge, a retry's back-off) is not behind.
    backlog: () => jobsByQueue(`state = 'active' OR (state IN ('created', 'retry') AND start_after <= now())`),

    dueWithin: (seconds) =>
      jobsByQueue(`state IN ('created', 'retry') AND start_after > now() AND start_after <= now() + $1 * interval '1 second'`, [seconds]),

    work: (name, handler, work) => declare(name, (jobs) => (handler as JobHandler<object>)(jobs[0]!), work, 1),

    workBatch: (name, handler, work) => declare(name, handler as BatchHandler<object>, work, Math.max(1, Math.floor(work.batchSize))),
  };
  return queue;
}

/** The exact texts of pg-boss's completion and failure writes (pg-boss 10 keeps them in src/plans.js). */
const bossPlans = createRequire(import.meta.url)('pg-boss/src/plans.js') as {
  completeJobs(schema: string): string;
  failJobsById(schema: string): string;
};
const outcomeWrites = new Set([bossPlans.completeJobs(JOBS_SCHEMA), bossPlans.failJobsById(JOBS_SCHEMA)]);

/** pg-boss emits plain objects for worker errors; keep the message and the queue. */
function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  const { message, queue } = (error ?? {}) as { message?: unknown; queue?: unknown };
  return new Error(`${String(message ?? error)}${queue ? ` (queue ${String(queue)})` : ''}`);
}

function toBossOptions(options: JobOptions): PgBoss.SendOptions {
  const out: PgBoss.SendOptions = {};
  if (options.retryLimit !== undefined) out.retryLimit = options.retryLimit;
  if (options.retryDelaySeconds !== undefined) out.retryDelay = options.retryDelaySeconds;
  if (options.retryBackoff !== undefined) out.retryBackoff = options.retryBackoff;
  if (options.expireInSeconds !== undefined) out.expireInSeconds = options.expireInSeconds;
  if (options.startAfter !== undefined) out.startAfter = options.startAfter;
  return out;
}

/** pg-boss's create_queue is idempotent (ON CONFLICT DO NOTHING); in a transaction it commits with it. */
async function createQueueIn(db: ReturnType<typeof transactionExecutor>, name: string): Promise<void> {
  await db.executeSql(`SELECT ${JOBS_SCHEMA}.create_queue($1, $2)`, [name, { policy: 'standard' }]);
}

const pgliteInstalls = new WeakMap<Database, Promise<unknown>>();

/**
 * pg-boss checks "installed?" then creates its schema; two nodes doing that at once both try
 * to create it, and the loser's multi-statement transaction fails and leaves its connection
 * in an aborted transaction (on PGlite, the only connection). So installs take turns: across
 * PostgreSQL nodes under an advisory lock held by a transaction on a connection of its own
 * (so the pool needs at least two), on PGlite (one process per data directory) in process. pg-boss runs its own queries
 * meanwhile; the later node then finds the schema installed and current.
 */
async function installLock(database: Database, install: () => Promise<void>): Promise<void> {
  if (database.driver === 'postgres') {
    await database.db.transaction(async (tx: Queryable) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${INSTALL_LOCK_KEY})`);
      await install();
    });
    return;
  }
  const previous = pgliteInstalls.get(database) ?? Promise.resolve();
  const mine = previous.catch(() => {}).then(install);
  pgliteInstalls.set(database, mine);
  await mine;
}
