import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { systemClock } from '../../src/lib/clock.js';
import { newId } from '../../src/lib/ids.js';
import { createServices } from '../../src/server/services.js';
import { openDatabase, type DatabaseOptions } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';
import type { BenchMember } from '../contact.workload.js';

/** A throwaway database on a PostgreSQL server; drop() removes it even with sessions open. */
export async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `trygg_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * Counts the cases in a PostgreSQL database the server is using, for how many cases the signals
 * opened during a measurement (their jobs run in the server's process, beside the decisions).
 */
export async function caseCounter(url: string): Promise<{ count(): Promise<number>; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    count: async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0]!.n),
    close: () => client.end(),
  };
}

export interface Loaded {
  apiKey: string;
  accounts: number;
  contactPairs: number;
  seconds: number;
}

/**
 * Fills a fresh database through the services, in this process, before the server starts:
 * members in bulk (CommunityService.importMembers, the backfill path) and the messages that make
 * the younger side "wrote first" (EventsService.ingest, batches of 1,000). No job queue here, so
 * the load enqueues no signal evaluations for the server to chew on during the measurement.
 */
export async function loadBenchData(
  target: DatabaseOptions,
  secretKey: Buffer,
  data: { members: BenchMember[]; messages: { from: string; to: string }[]; now: Date },
  say: (message: string) => void,
): Promise<Loaded> {
  const started = performance.now();
  const database = await openDatabase(target);
  try {
    await migrate(database);
    const services = createServices({ database, secretKey, clock: systemClock, publicUrl: 'http://localhost:8080' });
    const { now } = data;
    const registeredAt = new Date(now.getTime() - 30 * 86_400_000);
    const chunk = 2_000; // 15 columns a row: well under PostgreSQL's 65,535 parameters
    for (let i = 0; i < data.members.length; i += chunk) {
      await services.community.importMembers(data.members.slice(i, i + chunk).map((m) => ({
        account: {
          id: newId(), externalId: m.externalId, displayName: m.externalId, birthDate: m.birthDate, registeredAt, updatedAt: registeredAt,
          ageVerifiedAt: m.ageVerified ? registeredAt : null, ageVerificationMethod: m.ageVerified ? 'bank-id' : null,
          restriction: m.restricted ? 'restricted_from_minors' : null,
        },
        logins: [],
      })));
    }
    say(`  ${data.members.length.toLocaleString('en-US')} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const sentAt = new Date(now.getTime() - 3_600_000).toISOString();
    for (let i = 0; i < data.messages.length; i += 1_000) {
      const events = data.messages.slice(i, i + 1_000).map((m, j) => ({
        id: `bench-wrote-${i + j}`, type: 'message.sent', occurredAt: sentAt, conversationId: `c-${m.from}-${m.to}`, from: m.from, to: m.to,
      }));
      const result = await services.events.ingest(events, null);
      if (result.rejected.length) throw new Error(`load: ${result.rejected.length} messages rejected: ${JSON.stringify(result.rejected[0])}`);
    }
    const { key } = await services.apiKeys.create({ type: 'system', id: 'bench' }, 'contact benchmark', ['decisions:read', 'events:write']);
    return {
      apiKey: key, accounts: await services.community.count(), contactPairs: data.messages.length,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
  } finally {
    await database.close();
  }
}
