// npm run bench -- queue
// The moderation queue at scale: 100,000 open cases; the first page and the next (keyset) page of
// the queue, plain and filtered, timed in the server process (service call = query + mapping).
// Target (issue 4): each page at most 200 ms on PostgreSQL. Env: BENCH_ADMIN_DATABASE_URL (an admin URL
// of a PostgreSQL server; default the local one), BENCH_CASES (100000), BENCH_ROUNDS (100),
// BENCH_PGLITE=1 to also run on PGlite.
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../src/lib/clock.js';
import { createServices } from '../src/server/services.js';
import { openDatabase, type Database } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { categoryIds } from '../src/modules/cases/categories.js';
import { createPostgresDatabase } from './support/databases.js';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.TRYGG_TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const TARGET_MS = 200;

/** Loads the cases in one statement: realistic category mix, priorities from the same formula as the service. */
async function loadCases(database: Database, count: number): Promise<number> {
  const started = performance.now();
  const cats = `ARRAY[${categoryIds.map((c) => `'${c}'`).join(',')}]`;
  await database.executeSql(`
    INSERT INTO cases (id, subject_type, subject_id, category, status, priority, queue_key, sla_due_at, minor_involved, trusted_flagger,
                       reporters, signals, assignee_id, opened_at, updated_at)
    SELECT gen_random_uuid(), 'account', 'm-' || g, c.category,
           CASE WHEN g % 10 = 0 THEN 'in_review' WHEN g % 37 = 0 THEN 'escalated' ELSE 'open' END,
           p.priority, o.opened_at - p.priority * interval '6 minutes',
           o.opened_at + CASE c.category WHEN 'csam' THEN interval '1 hour' WHEN 'grooming' THEN interval '4 hours'
                                          WHEN 'minor_selling_sexual_content' THEN interval '4 hours' WHEN 'underage_member' THEN interval '4 hours'
                                          ELSE interval '24 hours' END,
           g % 7 = 0, g % 50 = 0, 1 + g % 4, (g % 13 = 0)::int,
           CASE WHEN g % 10 = 0 THEN gen_random_uuid() END, o.opened_at, o.opened_at
      FROM generate_series(1::bigint, ${count}::bigint) g
      CROSS JOIN LATERAL (SELECT (${cats})[1 + (g * 7919) % ${categoryIds.length}] AS category) c
      CROSS JOIN LATERAL (SELECT (10 + (g * 31) % 90)::int AS priority) p
      CROSS JOIN LATERAL (SELECT now() - ((g * 104729) % (30 * 86400)) * interval '1 second' AS opened_at) o`);
  await database.executeSql('ANALYZE cases');
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function timePages(database: Database, label: string) {
  const services = createServices({ database, secretKey: Buffer.alloc(32, 1), clock: new ManualClock(new Date()), publicUrl: 'http://localhost:8080' });
  const variants: Record<string, Parameters<typeof services.queue.list>[0]> = {
    all: { limit: 50 },
    csam: { limit: 50, category: ['csam'] },
    unassigned: { limit: 50, assignee: 'none' },
    overdue: { limit: 50, overdue: true },
  };
  const results: Record<string, { firstP50: number; firstP99: number; nextP50: number; nextP99: number; rows: number }> = {};
  for (const [name, query] of Object.entries(variants)) {
    const first: number[] = [];
    const next: number[] = [];
    let rows = 0;
    // Warm-up (not measured): connections, plan cache and JIT, as on a server that has been running.
    for (let i = 0; i < 5; i++) await services.queue.list(query);
    for (let i = 0; i < ROUNDS; i++) {
      let t0 = performance.now();
      const page = await services.queue.list(query);
      first.push(performance.now() - t0);
      rows = page.items.length;
      if (!page.nextCursor) continue;
      t0 = performance.now();
      await services.queue.list({ ...query, cursor: page.nextCursor });
      next.push(performance.now() - t0);
    }
    first.sort((a, b) => a - b);
    next.sort((a, b) => a - b);
    const r = (x: number) => Math.round(x * 100) / 100;
    results[name] = { firstP50: r(percentile(first, 50)), firstP99: r(percentile(first, 99)), nextP50: r(percentile(next, 50) ?? 0), nextP99: r(percentile(next, 99) ?? 0), rows };
    console.log(`${label.padEnd(9)} ${name.padEnd(11)} first p50 ${results[name].firstP50} ms, p99 ${results[name].firstP99} ms | next p50 ${results[name].nextP50} ms, p99 ${results[name].nextP99} ms`);
  }
  return results;
}

async function run(label: 'postgres' | 'pglite') {
  const pgDb = label === 'postgres' ? await createPostgresDatabase(adminUrl) : undefined;
  const database = await openDatabase(pgDb ? { url: pgDb.url } : { dataDir: 'memory://' });
  try {
    await migrate(database);
    const loadMs = await loadCases(database, CASES);
    console.log(`${label}: loaded ${CASES} cases in ${Math.round(loadMs)} ms`);
    const plan = await database.executeSql(
      `EXPLAIN SELECT * FROM cases WHERE status IN ('open','in_review','escalated','waiting') ORDER BY queue_key, id LIMIT 50`,
    );
    console.log(plan.rows.map((r) => `  ${String(Object.values(r)[0])}`).join('\n'));
    return { loadMs: Math.round(loadMs), pages: await timePages(database, label) };
  } finally {
    await database.close();
    await pgDb?.drop();
  }
}

const summary: Record<string, unknown> = { benchmark: 'queue', cases: CASES, rounds: ROUNDS, targetMs: TARGET_MS, loadAverage: (await import('node:os')).loadavg()[0] };
summary.postgres = await run('postgres');
if (process.env.BENCH_PGLITE === '1') summary.pglite = await run('pglite');
const pgPages = (summary.postgres as { pages: Record<string, { firstP99: number; nextP99: number }> }).pages;
summary.meetsTarget = Object.values(pgPages).every((p) => p.firstP99 <= TARGET_MS && p.nextP99 <= TARGET_MS);
console.log(JSON.stringify(summary));
