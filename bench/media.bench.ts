/**
 * `npm run bench -- media` (issue 5, point 8 and the import speed of point 3), in one run; the last
 * line of output is one JSON object.
 * (a) hashing: images/s on one core, bytes to hash, for the pixel-exact PNGs and synthetic
 *     1-megapixel JPEGs, beside sharp's decode-only rate on the same JPEGs (bench/media.hashing.ts);
 * (b) matching: a bank of random PDQ hashes with planted neighbours at distances 1-31: lookups/s,
 *     p50/p99, memory per hash, build time, recall, and the same look-ups by linear scan for the ratio
 *     (bench/media.matching.ts);
 * (c) bank import: `trygg bank import` of a plain file of random PDQ hashes into PostgreSQL
 *     (bench/media.import.ts).
 * Env: BENCH_HASHING_SECONDS (5), BENCH_JPEGS (20), BENCH_BANK_HASHES (10,000,000), BENCH_QUERIES
 * (1,000), BENCH_IMPORT_HASHES (1,000,000), BENCH_ADMIN_DATABASE_URL (a PostgreSQL URL allowed to
 * create databases; default TRYGG_TEST_DATABASE_URL or the local server), BENCH_PARTS ("hashing,matching,import").
 * Run with enough heap for 10M hashes: the index lives in typed arrays outside the JS heap.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { formatHashingReport, runHashingBench, type HashingFigures } from './media.hashing.js';
import { runImportBench } from './media.import.js';
import { runMatchingBench } from './media.matching.js';

const number = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 1) throw new Error(`${name} must be a positive number`);
  return value;
};
const parts = new Set((process.env.BENCH_PARTS ?? 'hashing,matching,import').split(',').map((p) => p.trim()));
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.TRYGG_TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const result: Record<string, unknown> = { benchmark: 'media', cpus: cpus().length, loadAverageAtStart: loadavg()[0] };

if (parts.has('hashing')) {
  const hashing = process.env.BENCH_HASHING_CPU === undefined ? hashingOnOneCpu() : null;
  const figures = hashing ?? (await runHashingBench({ seconds: number('BENCH_HASHING_SECONDS', 5), jpegCount: number('BENCH_JPEGS', 20) }));
  console.log(formatHashingReport(figures));
  result.hashing = figures;
}
if (parts.has('matching')) {
  const matching = await runMatchingBench({ hashes: number('BENCH_BANK_HASHES', 10_000_000), queries: number('BENCH_QUERIES', 1000) });
  console.log(
    `(b) matching, ${matching.hashes.toLocaleString('en')} hashes: p50 ${matching.p50Ms.toFixed(3)} ms, p99 ${matching.p99Ms.toFixed(3)} ms, ${Math.round(matching.lookupsPerSecond)} lookups/s, ` +
      `${matching.indexBytesPerHash.toFixed(1)} B/hash, build ${matching.buildSeconds.toFixed(1)} s, recall ${matching.recall}, ${Math.round(matching.speedup)}x the linear scan (${matching.scanMeanMs.toFixed(1)} ms a scan)`,
  );
  result.matching = matching;
}
if (parts.has('import')) {
  const imported = await runImportBench({ hashes: number('BENCH_IMPORT_HASHES', 1_000_000), adminUrl });
  console.log(`(c) bank import into PostgreSQL: ${imported.hashes.toLocaleString('en')} hashes into an empty bank (${imported.mode}) in ${imported.seconds} s (loading ${imported.loadSeconds} s) = ${imported.hashesPerSecond}/s (target ${imported.target.hashesPerSecond}/s: ${imported.target.met ? 'met' : 'NOT met'})`);
  const full = imported.intoFullBank;
  console.log(`    then ${full.hashes.toLocaleString('en')} more into the same bank (${full.mode}) in ${full.seconds} s = ${full.hashesPerSecond}/s`);
  const bare = imported.bareCopy;
  console.log('skipped' in bare
    ? `    PostgreSQL alone: skipped (${bare.skipped})`
    : `    PostgreSQL alone, the same rows COPYed into a bare table ${bare.copySeconds} s + key index and primary key ${bare.indexSeconds} s = ${bare.hashesPerSecond}/s; the import is at ${Math.round(bare.importShare * 100)}% of it`);
  result.import = imported;
}
result.loadAverageAtEnd = loadavg()[0];
console.log(JSON.stringify(result));

/**
 * "On one core", literally: the hashing part again in a child process that `taskset` keeps on one
 * CPU (the last), so neither pass borrows a second core (decoding alone does, through a libvips
 * thread, when it can: 0.61 by wall clock unpinned against 0.67 pinned). Null without taskset: then
 * this process measures, unpinned, and the figures say so.
 */
function hashingOnOneCpu(): HashingFigures | null {
  const cpu = String(cpus().length - 1);
  const child = spawnSync('taskset', ['-c', cpu, process.execPath, ...process.execArgv, process.argv[1]!, 'media'], {
    env: { ...process.env, BENCH_PARTS: 'hashing', BENCH_HASHING_CPU: cpu },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.error || child.status !== 0) {
    console.error(`hashing on one CPU: ${child.error?.message ?? `taskset exited ${child.status}`}; measuring unpinned`);
    return null;
  }
  const lines = child.stdout.trim().split('\n');
  return (JSON.parse(lines[lines.length - 1]!) as { hashing: HashingFigures }).hashing;
}
