import { join } from 'node:path';
import type { Env } from '../config/env.js';
import { loadSecretKey } from '../config/secret-key.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { openDatabase, type Database } from '../storage/db.js';
import { migrate } from '../storage/migrate.js';
import { createServices, type Services } from './services.js';

export interface Runtime {
  env: Env;
  database: Database;
  services: Services;
  clock: Clock;
  secretKey: Buffer;
  close(): Promise<void>;
}

/** Opens the database, applies migrations and wires the services: shared by the server and the CLI. */
export async function openRuntime(env: Env, options: { warn?: (message: string) => void; clock?: Clock } = {}): Promise<Runtime> {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const secret = loadSecretKey(env.TRYGG_SECRET_KEY, env.TRYGG_DATA_DIR);
  if (secret.generated) {
    warn(`TRYGG_SECRET_KEY is not set: generated one into ${secret.path}. Back it up; every node of a cluster needs the same key.`);
  }
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: join(env.TRYGG_DATA_DIR, 'pglite') });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const services = createServices({
    database, secretKey: secret.key, clock,
    authPolicy: { idleMinutes: env.TRYGG_SESSION_IDLE_MINUTES, maxHours: env.TRYGG_SESSION_MAX_HOURS },
  });
  return { env, database, services, clock, secretKey: secret.key, close: () => database.close() };
}
