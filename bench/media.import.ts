/**
 * Bank import speed (issue 5, point 3): `trygg bank import` parses a file of random PDQ hashes
 * (hex, one a line) and inserts it into a throwaway PostgreSQL database; target ≥ 200,000/s. The
 * bank starts empty, so it is loaded whole (bank-load.repo.ts); then a second file goes into the
 * same bank, which now holds the first, row by row, for the rate a growing bank sees.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { systemClock } from '../src/lib/clock.js';
import { createServices } from '../src/server/services.js';
import { openDatabase } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { createPostgresDatabase } from './support/databases.js';

export interface ImportFigures {
  hashes: number;
  fileMiB: number;
  seconds: number;
  hashesPerSecond: number;
  mode: string;
  /** The second file, into the bank holding the first: written row by row. */
  intoFullBank: { hashes: number; seconds: number; hashesPerSecond: number; mode: string };
  /** A rerun of the same file after an interruption: what it skipped and what it still did. */
  resume: { stoppedAfterLines: number; resumedFromByte: number; finishedLines: number; added: number };
  target: { hashesPerSecond: number; met: boolean };
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
    const result = await services.media.imports.importFile(actor, { bankName: 'bench', path: file, format: 'plain' });
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
    return {
      hashes: options.hashes, fileMiB: Math.round((bytes / 2 ** 20) * 10) / 10, seconds: Math.round(seconds * 100) / 100, hashesPerSecond, mode: result.mode,
      intoFullBank: { hashes: extra, seconds: Math.round(moreSeconds * 100) / 100, hashesPerSecond: Math.round(extra / moreSeconds), mode: intoFull.mode },
      resume: { stoppedAfterLines: first.lines, resumedFromByte: rest.resumedFrom, finishedLines: rest.lines, added: rest.added },
      target: { hashesPerSecond: 200_000, met: hashesPerSecond >= 200_000 },
    };
  } finally {
    await database.close();
    await pgdb.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
