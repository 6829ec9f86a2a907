import { join } from 'node:path';
import type { Env } from '../config/env.js';
import { loadSecretKey } from '../config/secret-key.js';
import { createJobQueue } from '../jobs/boss.js';
import type { JobQueue } from '../jobs/queue.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { publicUrlOf } from '../lib/public-links.js';
import { openDatabase, type Database } from '../storage/db.js';
import { migrate } from '../storage/migrate.js';
import { registerJobHandlers } from './job-handlers.js';
import { createServices, type Services } from './services.js';
import { loadTakedownConfig } from '../modules/takedowns/takedowns.config.js';

export interface Runtime {
  env: Env;
  database: Database;
  services: Services;
  /** Started; runs handlers only when the runtime was opened with `workers` and TRYGG_JOBS is on. */
  jobs: JobQueue;
  clock: Clock;
  secretKey: Buffer;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  warn?: (message: string) => void;
  clock?: Clock;
  /**
   * Run background-job handlers in this process (when TRYGG_JOBS is on too). Only the server
   * does: workers poll and would keep a CLI command alive. Without them jobs can still be
   * enqueued; a server runs them.
   */
  workers?: boolean;
}

/** Opens the database, applies migrations and wires the services: shared by the server and the CLI. */
export async function openRuntime(env: Env, options: RuntimeOptions = {}): Promise<Runtime> {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const secret = loadSecretKey(env.TRYGG_SECRET_KEY, env.TRYGG_DATA_DIR);
  if (secret.generated) {
    warn(`TRYGG_SECRET_KEY is not set: generated one into ${secret.path}. Back it up; every node of a cluster needs the same key.`);
  }
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: join(env.TRYGG_DATA_DIR, 'pglite') });
  const jobs = createJobQueue(database, { workers: (options.workers ?? false) && env.TRYGG_JOBS });
  try {
    await migrate(database);
    await jobs.start();
  } catch (error) {
    await database.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const services = createServices({
    database, secretKey: secret.key, clock, jobs, publicUrl: publicUrlOf(env),
    authPolicy: { idleMinutes: env.TRYGG_SESSION_IDLE_MINUTES, maxHours: env.TRYGG_SESSION_MAX_HOURS },
    evidence: { keys: env.TRYGG_EVIDENCE_KEYS, retention: { days: env.TRYGG_EVIDENCE_RETENTION_DAYS, ncmecDays: env.TRYGG_EVIDENCE_NCMEC_RETENTION_DAYS } },
    takedowns: loadTakedownConfig(env.TRYGG_TAKEDOWN_CONFIG),
  });
  await registerJobHandlers(jobs, services, env);
  const close = async () => {
    // Denials of answers already given are recorded, and handlers finish (or are left to be
    // retried), before their database goes away.
    await services.contact.denialsRecorded();
    await jobs.stop();
    await database.close();
  };
  return { env, database, services, jobs, clock, secretKey: secret.key, close };
}
