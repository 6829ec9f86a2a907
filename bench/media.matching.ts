/**
 * Benchmark 8b: known-image matching in memory. A bank of N random PDQ hashes (default 10M) in
 * which, for every query, one neighbour is planted at each distance 1..31, so recall is measurable:
 * a third of the queries with their flips anywhere, a third spread evenly over 16-bit words, and
 * a third spread evenly over the slots of the layout the index uses (MIH's hardest case).
 *
 * Reports the layout the index chose for N (slot widths, radii at d = 31, estimated probes and
 * candidates per lookup), build time (wall and CPU), memory per hash (typed arrays, and RSS/heap deltas for honesty), lookups/s
 * and p50/p99 per lookup at d = 31, recall on the planted neighbours, and a linear scan over the
 * same typed arrays for a sample of queries (slow at 10M) with the index-vs-scan speed ratio.
 * Run with --expose-gc for steadier memory figures.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Random } from '../src/demo/random.js';
import { PDQ_WORDS } from '../src/modules/media/index/bits.js';
import { fillRandomHashes, plantedBits, spreadOverSlots, writeFlipped } from '../src/modules/media/index/hash-fixtures.js';
import { PdqIndex, type PdqIndexOptions, type PdqMatch } from '../src/modules/media/index/pdq-index.js';
import { chooseLayout, volume } from '../src/modules/media/index/pdq-plan.js';

export const PLANTED_DISTANCES = 31; // one neighbour at each distance 1..31
const DISTANCE = 31;

export interface MatchingWorkload {
  /** Bank hashes, 8 words each; the bank entry at position i has id i. */
  bank: Uint32Array;
  /** Query hashes, 8 words each (not themselves in the bank). */
  queries: Uint32Array;
  /** Bank position of query q's neighbour at distance j + 1: plantedAt(q, j). */
  plantedAt: (query: number, j: number) => number;
}

/**
 * The seeded workload. Planted neighbours are spread evenly through the bank rather than stored
 * together, so the index cannot profit from their locality.
 */
export function matchingWorkload(options: { hashes: number; queries: number; seed: number; layout?: readonly number[] }): MatchingWorkload {
  const { hashes: n, queries: q } = options;
  if (n < q * PLANTED_DISTANCES) throw new RangeError(`a bank of ${n} hashes cannot hold ${q * PLANTED_DISTANCES} planted neighbours`);
  const rng = new Random(options.seed);
  const bank = new Uint32Array(n * PDQ_WORDS);
  fillRandomHashes(rng, bank, n);
  const queries = new Uint32Array(q * PDQ_WORDS);
  fillRandomHashes(rng, queries, q);
  const planted = q * PLANTED_DISTANCES;
  const plantedAt = (query: number, j: number): number => Math.floor(((query * PLANTED_DISTANCES + j) * n) / planted);
  for (let query = 0; query < q; query++) {
    const kind = query % 3;
    for (let j = 0; j < PLANTED_DISTANCES; j++) {
      const bits = kind === 2 && options.layout?.length ? spreadOverSlots(rng, j + 1, options.layout) : plantedBits(rng, j + 1, kind === 1 ? 'even' : 'random');
      writeFlipped(queries, query * PDQ_WORDS, bits, bank, plantedAt(query, j) * PDQ_WORDS);
    }
  }
  return { bank, queries, plantedAt };
}

/** The value at quantile `p` (0..1) of ascending `sorted` (nearest rank). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** How many of query q's planted neighbours a result holds, each at its planted distance. */
export function plantedFound(matches: readonly PdqMatch[], query: number, plantedAt: MatchingWorkload['plantedAt']): number {
  const byId = new Map(matches.map((m) => [m.id, m.distance]));
  let found = 0;
  for (let j = 0; j < PLANTED_DISTANCES; j++) if (byId.get(plantedAt(query, j)) === j + 1) found++;
  return found;
}

export interface MatchingFigures {
  hashes: number;
  queries: number;
  seed: number;
  distance: number;
  generateSeconds: number;
  buildSeconds: number;
  buildCpuSeconds: number;
  /** The layout chosen for N: slot widths in bits, and how a lookup at d = 31 uses it. */
  layout: {
    slots: number;
    widths: string;
    radii: string;
    /** Per lookup, from the layout: bucket probes Σ V(b, r) and expected candidates Σ V(b, r) N / 2^b. */
    probes: number;
    expectedCandidates: number;
    scans: boolean;
  };
  /** Sum of the index's typed-array byteLengths / N. */
  indexBytesPerHash: number;
  /** Process RSS growth over the build / N (garbage and allocator slack included). */
  rssBytesPerHash: number;
  /** Growth of ArrayBuffer memory and of the JS heap over the build / N. */
  arrayBufferBytesPerHash: number;
  heapBytesPerHash: number;
  lookupsPerSecond: number;
  /** Wall-clock time per lookup (a busy machine inflates it: see cpuMeanMs and loadAverage). */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** This process's CPU time over all lookups / queries: less sensitive to other load than wall time. */
  cpuMeanMs: number;
  planted: number;
  plantedFound: number;
  recall: number;
  /** Matches that are not planted neighbours (random hashes within 31 bits: expected 0). */
  otherMatches: number;
  scanQueries: number;
  scanMeanMs: number;
  scanP50Ms: number;
  /** The scan returned exactly what the index returned on every sampled query. */
  scanAgrees: boolean;
  scanCpuMeanMs: number;
  /** Mean scan time / mean index lookup time (wall clock), and the same by CPU time. */
  speedup: number;
  cpuSpeedup: number;
  /** 1-minute load average and CPU count when the run ended: context for the timings. */
  loadAverage: number;
  cpus: number;
  targets: { p50UnderOneMs: boolean; fiftyTimesScan: boolean; atMost128BytesPerHash: boolean; fullRecall: boolean };
}

const seconds = (from: number): number => (performance.now() - from) / 1000;
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Slot widths as "8×23+3×24" (runs of equal widths). */
function describeWidths(widths: readonly number[]): string {
  const runs: string[] = [];
  for (let s = 0; s < widths.length; ) {
    let e = s;
    while (e < widths.length && widths[e] === widths[s]) e++;
    runs.push(`${e - s}×${widths[s]}`);
    s = e;
  }
  return runs.join('+') || 'scan only';
}

export async function runMatchingBench(options: {
  hashes: number;
  queries: number;
  seed?: number;
  scanQueries?: number;
  /** Index options, e.g. a forced `layout` to compare layouts on the same bank. */
  index?: PdqIndexOptions;
}): Promise<MatchingFigures> {
  const { hashes: n, queries: q } = options;
  const seed = options.seed ?? 8;
  let started = performance.now();
  const layout = options.index?.layout ?? chooseLayout(n);
  let workload: MatchingWorkload | undefined = matchingWorkload({ hashes: n, queries: q, seed, layout });
  const generateSeconds = seconds(started);
  const { queries, plantedAt } = workload;
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;

  gc();
  const before = process.memoryUsage();
  started = performance.now();
  const buildCpu = process.cpuUsage();
  const index = PdqIndex.build(ids, workload.bank, options.index);
  const buildSeconds = seconds(started);
  const buildCpuSeconds = cpuMs(process.cpuUsage(buildCpu)) / 1000;
  const info = index.searchInfo(DISTANCE);
  let probes = 0;
  let expectedCandidates = 0;
  info.layout.forEach((b, s) => {
    const r = info.radii[s]!;
    if (r < 0) return;
    probes += volume(b, r);
    expectedCandidates += (volume(b, r) * n) / 2 ** b;
  });
  workload = undefined; // the index holds its own copy: let the bank go before measuring
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  const after = process.memoryUsage();

  // Warm up the JIT on queries the measurement does not use.
  const warm = new Uint32Array(PDQ_WORDS * 200);
  fillRandomHashes(new Random(seed + 1), warm, 200);
  for (let w = 0; w < 200; w++) index.search(warm.subarray(w * PDQ_WORDS, (w + 1) * PDQ_WORDS), DISTANCE);

  const times: number[] = [];
  const results: PdqMatch[][] = [];
  let found = 0;
  let otherMatches = 0;
  const lookupsStarted = performance.now();
  const lookupsCpu = process.cpuUsage();
  for (let k = 0; k < q; k++) {
    const query = queries.subarray(k * PDQ_WORDS, (k + 1) * PDQ_WORDS);
    const t = performance.now();
    const matches = index.search(query, DISTANCE);
    times.push(performance.now() - t);
    results.push(matches);
  }
  const lookupSeconds = seconds(lookupsStarted);
  const cpuMeanMs = cpuMs(process.cpuUsage(lookupsCpu)) / q;
  for (let k = 0; k < q; k++) {
    const hits = plantedFound(results[k]!, k, plantedAt);
    found += hits;
    otherMatches += results[k]!.length - hits;
  }

  const scanQueries = Math.min(q, options.scanQueries ?? 20);
  const scanTimes: number[] = [];
  let scanAgrees = true;
  const scanCpu = process.cpuUsage();
  for (let k = 0; k < scanQueries; k++) {
    const query = queries.subarray(k * PDQ_WORDS, (k + 1) * PDQ_WORDS);
    const t = performance.now();
    const matches = index.scan(query, DISTANCE);
    scanTimes.push(performance.now() - t);
    scanAgrees &&= JSON.stringify(matches) === JSON.stringify(results[k]);
  }

  const scanCpuMeanMs = cpuMs(process.cpuUsage(scanCpu)) / scanQueries;
  const sorted = [...times].sort((a, b) => a - b);
  const meanMs = times.reduce((a, b) => a + b, 0) / q;
  const scanMeanMs = scanTimes.reduce((a, b) => a + b, 0) / scanQueries;
  const planted = q * PLANTED_DISTANCES;
  const figures = {
    hashes: n,
    queries: q,
    seed,
    distance: DISTANCE,
    generateSeconds,
    buildSeconds,
    buildCpuSeconds,
    layout: {
      slots: info.layout.length,
      widths: describeWidths(info.layout),
      radii: info.radii.join(''),
      probes,
      expectedCandidates: Math.round(expectedCandidates),
      scans: info.scans,
    },
    indexBytesPerHash: index.byteLength / n,
    rssBytesPerHash: (after.rss - before.rss) / n,
    arrayBufferBytesPerHash: (after.arrayBuffers - before.arrayBuffers) / n,
    heapBytesPerHash: (after.heapUsed - before.heapUsed) / n,
    lookupsPerSecond: q / lookupSeconds,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    meanMs,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    cpuMeanMs,
    planted,
    plantedFound: found,
    recall: found / planted,
    otherMatches,
    scanQueries,
    scanMeanMs,
    scanP50Ms: quantile([...scanTimes].sort((a, b) => a - b), 0.5),
    scanAgrees,
    scanCpuMeanMs,
    speedup: scanMeanMs / meanMs,
    cpuSpeedup: scanCpuMeanMs / cpuMeanMs,
    loadAverage: loadavg()[0]!,
    cpus: availableParallelism(),
  };
  return {
    ...figures,
    targets: {
      p50UnderOneMs: figures.p50Ms <= 1,
      fiftyTimesScan: figures.speedup >= 50,
      atMost128BytesPerHash: figures.indexBytesPerHash <= 128,
      fullRecall: found === planted,
    },
  };
}
