/**
 * Bank import speed (issue 5, point 3): `trygg bank import` parses a file of random PDQ hashes
 * (hex, one a line) and inserts it into a throwaway PostgreSQL database; target ≥ 200,000/s. The
 * bank starts empty, so it is loaded whole (bank-load.repo.ts); then a second file goes into the
 * same bank, which now holds the first, row by row, for the rate a growing bank sees. Beside them,
 * in the same run, PostgreSQL alone: the same rows as Trygg stores them COPYed from a server-side
 * CSV file into a bare table, then the two indexes every bank needs built: what this server can do
 * with no parsing, no checks and no resumable batches (null when the server cannot read our files).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { systemClock } from '../src/lib/clock.js';
import { hashKey } from '../src/modules/media/banks.repo.js';
import { createServices } from '../src/server/services.js';
import { openDatabase, type Database } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { createPostgresDatabase } from './support/databases.js';

export interface ImportFigures {
  hashes: number;
  fileMiB: number;
  seconds: number;
  /** Of those, reading, parsing and loading the rows; the rest removes repeats, builds indexes and attaches. */
  loadSeconds: number;
  hashesPerSecond: number;
  mode: string;
  /** The second file, into the bank holding the first: written row by row. */
  intoFullBank: { hashes: number; seconds: number; hashesPerSecond: number; mode: string };
  /** A rerun of the same file after an interruption: what it skipped and what it still did. */
  resume: { stoppedAfterLines: number; resumedFromByte: number; finishedLines: number; added: number };
  target: { hashesPerSecond: number; met: boolean };
  /** PostgreSQL alone on the same rows: COPY into a bare table, then the key index and primary key. */
  bareCopy: { copySeconds: number; indexSeconds: number; hashesPerSecond: number; importShare: number } | { skipped: string };
}

async function writeHashes(path: string, count: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (let i = 0; i < count; i += 10_000) {
    const chunk = Array.from({ length: Math.min(10_000, count - i) }, () => randomBytes(32).toString('hex')).join('\n') + '\n';
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

export async function runImportBench(options: { hashes: number; adminUrl: string }): Promise<ImportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'trygg-bank-'));
  const pgdb = await createPostgresDatabase(options.adminUrl);
  const database = await openDatabase({ url: pgdb.url });
  try {
    await migrate(database);
    const services = createServices({ database, secretKey: randomBytes(32), clock: systemClock, publicUrl: 'http://localhost' });
    const actor = { type: 'system' } as const;
    await services.media.banks.create(actor, { name: 'bench', kind: 'test' });
    const file = join(dir, 'hashes.txt');
    const bytes = await writeHashes(file, options.hashes);
    const started = process.hrtime.bigint();
    let loaded = started;
    const result = await services.media.imports.importFile(actor, {
      bankName: 'bench', path: file, format: 'plain', onIndexing: () => void (loaded = process.hrtime.bigint()),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.added !== options.hashes) throw new Error(`imported ${result.added} of ${options.hashes}`);

    const extra = Math.max(1, Math.round(options.hashes / 5));
    const more = join(dir, 'more.txt');
    await writeHashes(more, extra);
    const moreStarted = process.hrtime.bigint();
    const intoFull = await services.media.imports.importFile(actor, { bankName: 'bench', path: more, format: 'plain' });
    const moreSeconds = Number(process.hrtime.bigint() - moreStarted) / 1e9;
    if (intoFull.added !== extra) throw new Error(`imported ${intoFull.added} of ${extra} into the full bank`);

    // Interrupt a second file after its first batch, then run it again: it resumes.
    await services.media.banks.create(actor, { name: 'bench-resume', kind: 'test' });
    const second = join(dir, 'resume.txt');
    await writeHashes(second, 100_000);
    const stop = new AbortController();
    const first = await services.media.imports.importFile(actor, {
      bankName: 'bench-resume', path: second, format: 'plain', batchLines: 20_000, signal: stop.signal, onProgress: () => stop.abort(),
    });
    const rest = await services.media.imports.importFile(actor, { bankName: 'bench-resume', path: second, format: 'plain' });
    const hashesPerSecond = Math.round(options.hashes / seconds);
    const bare = await bareCopy(database, dir, file, options.hashes);
    return {
      hashes: options.hashes, fileMiB: Math.round((bytes / 2 ** 20) * 10) / 10, seconds: Math.round(seconds * 100) / 100,
      loadSeconds: Math.round(Number(loaded - started) / 1e7) / 100, hashesPerSecond, mode: result.mode,
      intoFullBank: { hashes: extra, seconds: Math.round(moreSeconds * 100) / 100, hashesPerSecond: Math.round(extra / moreSeconds), mode: intoFull.mode },
      resume: { stoppedAfterLines: first.lines, resumedFromByte: rest.resumedFrom, finishedLines: rest.lines, added: rest.added },
      target: { hashesPerSecond: 200_000, met: hashesPerSecond >= 200_000 },
      bareCopy: 'skipped' in bare ? bare : { ...bare, importShare: Math.round((hashesPerSecond / bare.hashesPerSecond) * 100) / 100 },
    };
  } finally {
    await database.close();
    await pgdb.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows a bulk import stores, as CSV for COPY: same bank id, type, hash, key, source and time. */
async function writeRows(hashesFile: string, path: string): Promise<void> {
  const out = createWriteStream(path);
  const prefix = `${'0193a0e4-0000-7000-8000-000000000001'},pdq,`;
  const suffix = `,,import:0193a0e4-0000-7000-8000-000000000002,${new Date().toISOString()}\n`;
  let chunk = '';
  for await (const hash of createInterface({ input: createReadStream(hashesFile), crlfDelay: Infinity })) {
    chunk += `${prefix}${hash},${hashKey(hash)}${suffix}`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function bareCopy(database: Database, dir: string, hashesFile: string, count: number): Promise<{ copySeconds: number; indexSeconds: number; hashesPerSecond: number } | { skipped: string }> {
  const rows = join(dir, 'rows.csv');
  await writeRows(hashesFile, rows);
  chmodSync(dir, 0o755); // the server process reads the file
  chmodSync(rows, 0o644);
  await database.db.execute(sql`CREATE TABLE bare_rows (LIKE bank_hashes INCLUDING DEFAULTS)`);
  try {
    const started = process.hrtime.bigint();
    await database.db.execute(sql.raw(`COPY bare_rows (bank_id, hash_type, hash, hash_key, label, source, added_at) FROM '${rows.replace(/'/g, "''")}' (FORMAT csv)`));
    const copied = process.hrtime.bigint();
    await database.db.execute(sql`CREATE INDEX ON bare_rows (hash_key)`);
    await database.db.execute(sql`ALTER TABLE bare_rows ADD PRIMARY KEY (id, bank_id)`);
    const seconds = (from: bigint, to: bigint) => Math.round(Number(to - from) / 1e7) / 100;
    const done = process.hrtime.bigint();
    return { copySeconds: seconds(started, copied), indexSeconds: seconds(copied, done), hashesPerSecond: Math.round(count / (Number(done - started) / 1e9)) };
  } catch (error) {
    return { skipped: `the server could not COPY from ${rows}: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await database.db.execute(sql`DROP TABLE bare_rows`);
  }
}
