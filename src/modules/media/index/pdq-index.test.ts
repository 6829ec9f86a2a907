import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../../demo/random.js';
import { HashFormatError, PDQ_WORDS, pdqToHex } from './bits.js';
import { linearScan, neighbourOf, randomHashes, type Spread } from './hash-fixtures.js';
import { PdqIndex, type PdqIndexOptions } from './pdq-index.js';
import { balancedWidths, chooseLayout, layoutBytes } from './pdq-plan.js';

const allDistances = Array.from({ length: 64 }, (_, d) => d);

/**
 * Layouts forced on small banks (the choice by size would scan them): the 16×16 of mid-sized
 * banks, 8-bit slots, and random widths of 1..16 bits, which straddle words and mix radii.
 * The wide 11- and 12-slot layouts of 5M+ banks are in pdq-index.wide.test.ts (their offsets
 * are 128-470 MB, too big to rebuild per property run).
 */
const randomLayout = fc.array(fc.integer({ min: 3, max: 16 }), { minLength: 1, maxLength: 40 }).map((widths) => {
  const out: number[] = [];
  for (let i = 0, left = 256; left > 0; left -= out[i++]!) out.push(Math.min(widths[i % widths.length]!, left));
  return out;
});
const layouts: fc.Arbitrary<PdqIndexOptions> = fc.oneof(
  fc.constant({}),
  fc.constant({ layout: [] }),
  fc.constant({ layout: balancedWidths(16), scanFallback: false }),
  fc.constant({ layout: balancedWidths(32), scanFallback: false }),
  fc.constant({ layout: [1, 2, 13, ...Array<number>(15).fill(16)], scanFallback: false }),
  randomLayout.map((layout) => ({ layout, scanFallback: false })),
);

/**
 * A bank of random hashes plus, for each query, neighbours planted at every distance 0..40 and a
 * few beyond; in `clustered` banks the "random" part also sits 20-90 bits from a query, so slot
 * buckets are crowded and entries turn up in many slots at once (as with real, similar images).
 */
function plantedBank(seed: number, randoms: number, queryCount: number, spread: Spread, clustered: boolean, idPool: number) {
  const rng = new Random(seed);
  const queries = randomHashes(rng, queryCount);
  const rows: Uint32Array[] = [];
  for (let q = 0; q < queryCount; q++) {
    const query = queries.subarray(q * PDQ_WORDS, (q + 1) * PDQ_WORDS);
    for (let d = 0; d <= 40; d++) rows.push(neighbourOf(query, d, rng, spread));
    for (let extra = 0; extra < 5; extra++) rows.push(neighbourOf(query, rng.int(41, 70), rng, spread));
  }
  const other = randomHashes(rng, randoms);
  for (let i = 0; i < randoms; i++) {
    const own = other.subarray(i * PDQ_WORDS, (i + 1) * PDQ_WORDS);
    const near = queries.subarray(0, PDQ_WORDS);
    rows.push(clustered ? neighbourOf(near, rng.int(20, 90), rng, 'random') : own);
  }
  const hashes = new Uint32Array(rows.length * PDQ_WORDS);
  rows.forEach((row, i) => hashes.set(row, i * PDQ_WORDS));
  // Ids in shuffled order, and with a small pool several hashes share one id.
  const ids = Uint32Array.from(rows, () => (idPool > 0 ? rng.int(0, idPool - 1) : rng.int(0, 0xffffffff)));
  const probes: Uint32Array[] = [...Array(queryCount).keys()].map((q) => queries.slice(q * PDQ_WORDS, (q + 1) * PDQ_WORDS));
  probes.push(randomHashes(rng, 1));
  return { ids, hashes, probes };
}

describe('PDQ index search', () => {
  it('returns exactly what a linear scan returns, for planted neighbours at 0..40 and every d in 0..63', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<Spread>('random', 'even'),
        fc.boolean(),
        fc.constantFrom(0, 40, 5000),
        layouts,
        (seed, randoms, queryCount, spread, clustered, idPool, options) => {
          const { ids, hashes, probes } = plantedBank(seed, randoms, queryCount, spread, clustered, idPool);
          const index = PdqIndex.build(ids, hashes, options);
          for (const probe of probes) {
            const within63 = linearScan(ids, hashes, probe, 63);
            for (const d of allDistances) expect(index.search(probe, d), `d = ${d}`).toEqual(within63.filter((m) => m.distance <= d));
            expect(index.scan(probe, 63)).toEqual(within63);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds a neighbour whose flips are spread evenly over the slots, at the pigeonhole limit d = 16k + 15', () => {
    const rng = new Random(5);
    const query = randomHashes(rng, 1);
    for (const d of [15, 31, 47, 63]) {
      const index = new PdqIndex({ layout: balancedWidths(16), scanFallback: false });
      index.add(7, neighbourOf(query, d, rng, 'even'));
      index.compact();
      expect(index.searchInfo(d).scans).toBe(false);
      expect(index.search(query, d)).toEqual([{ id: 7, distance: d }]);
      expect(index.search(query, d - 1)).toEqual([]);
    }
  });

  it('answers the same for a hash given as hex or as compact words', () => {
    const rng = new Random(9);
    const hashes = randomHashes(rng, 50);
    const index = PdqIndex.build([...Array(50).keys()], hashes);
    const probe = neighbourOf(hashes.subarray(8, 16), 12, rng);
    expect(index.search(pdqToHex(probe))).toEqual([{ id: 1, distance: 12 }]);
    expect(index.search(probe)).toEqual([{ id: 1, distance: 12 }]);
  });

  it('reports an id with several hashes once, at its smallest distance, nearest first', () => {
    const rng = new Random(11);
    const query = randomHashes(rng, 1);
    const index = new PdqIndex();
    index.add(3, neighbourOf(query, 20, rng));
    index.add(3, neighbourOf(query, 4, rng));
    index.add(1, neighbourOf(query, 9, rng));
    expect(index.search(query)).toEqual([{ id: 3, distance: 4 }, { id: 1, distance: 9 }]);
    index.compact();
    index.add(3, neighbourOf(query, 2, rng));
    expect(index.search(query)).toEqual([{ id: 3, distance: 2 }, { id: 1, distance: 9 }]);
    expect(index.remove(3)).toBe(3);
    expect(index.search(query)).toEqual([{ id: 1, distance: 9 }]);
  });
});

describe('PDQ index memory and layout', () => {
  it('holds 36 bytes and 1 bit per compacted hash, 4 per slot, the slot offsets and the small delta', () => {
    const n = 20_000;
    const index = PdqIndex.build([...Array(n).keys()], randomHashes(new Random(1), n));
    const widths = index.searchInfo().layout;
    const offsets = widths.reduce((sum, b) => sum + 4 * (2 ** b + 1), 0);
    const delta = 64 * (4 + 32 + 1);
    expect(index.byteLength).toBe(36 * n + n / 8 + 4 * widths.length * n + offsets + delta);
    expect(index.byteLength).toBe(layoutBytes(widths, n) + delta);
  });

  it('picks layouts that tile the 256 bits, within 128 bytes a hash (under 1M: + 4.5 MB), wider as banks grow', () => {
    let slots = Infinity;
    for (let n = 5000; n <= 3e7; n = Math.ceil(n * 1.1)) {
      const widths = chooseLayout(n);
      expect(widths.reduce((a, b) => a + b, 0)).toBe(256);
      expect(layoutBytes(widths, n)).toBeLessThanOrEqual(128 * n + (n < 1e6 ? 4.5 * 2 ** 20 : 0));
      expect(widths.length).toBeLessThanOrEqual(slots);
      slots = widths.length;
    }
    expect(chooseLayout(1e7)).toEqual(balancedWidths(11));
    expect(chooseLayout(10)).toEqual([]);
  });

  it('scans instead where the index would cost more: tiny banks, or wide slots at large d', () => {
    const hashes = randomHashes(new Random(2), 3);
    expect(PdqIndex.build([1, 2, 3], hashes).searchInfo(31).scans).toBe(true);
    const wide = PdqIndex.build([1, 2, 3], hashes, { layout: balancedWidths(12) });
    expect(wide.searchInfo(63).scans).toBe(true);
    expect(wide.search(hashes.subarray(0, PDQ_WORDS), 63)).toEqual([{ id: 1, distance: 0 }]);
  });
});

describe('bad input to the PDQ index', () => {
  const index = PdqIndex.fromHex(['0'.repeat(64)]);

  it('refuses hashes that are not 64 hex digits or 8 words', () => {
    expect(() => index.search('0'.repeat(63))).toThrow(/exactly 64 hex digits, got 63/);
    expect(() => index.search('0'.repeat(63) + 'x')).toThrow(/"x" at position 63/);
    expect(() => index.add(1, 'abc')).toThrow(HashFormatError);
    expect(() => index.search(new Uint32Array(7))).toThrow(/must be 8 words, got 7/);
    expect(() => PdqIndex.fromHex(['0'.repeat(64), 'nope'])).toThrow(HashFormatError);
    expect(index.size).toBe(1);
  });

  it('refuses distances outside 0..63 and ids that are not uint32', () => {
    for (const d of [-1, 64, 2.5, Number.NaN]) expect(() => index.search('0'.repeat(64), d)).toThrow(RangeError);
    for (const id of [-1, 2 ** 32, 1.5]) expect(() => index.add(id, '0'.repeat(64))).toThrow(/must be a uint32/);
    for (const layout of [[255], [128, 128, 1], [0, 256], [16.5, 239.5], [...Array(8).fill(32)]]) {
      expect(() => new PdqIndex({ layout })).toThrow(/slot widths of 1..28 bits summing to 256/);
    }
    expect(() => PdqIndex.build([1, -2], new Uint32Array(16))).toThrow(/must be a uint32, got -2/);
    expect(() => PdqIndex.build([1, 2], new Uint32Array(8))).toThrow(/8 words per id/);
  });
});
