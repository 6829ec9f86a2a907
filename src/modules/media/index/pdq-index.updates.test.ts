import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../../demo/random.js';
import { PDQ_WORDS } from './bits.js';
import { linearScan, neighbourOf, randomHashes } from './hash-fixtures.js';
import { PdqIndex, type PdqIndexOptions } from './pdq-index.js';
import { balancedWidths } from './pdq-plan.js';

type Op =
  | { kind: 'add'; id: number; hash: number }
  | { kind: 'remove'; id: number }
  | { kind: 'compact' }
  | { kind: 'search'; probe: number; distance: number };

/** The choice by size (scan, for banks this small), and layouts forced on them. */
const layouts: PdqIndexOptions[] = [{}, { layout: balancedWidths(16), scanFallback: false }, { layout: [5, 19, 7, ...Array<number>(15).fill(15)], scanFallback: false }];

const IDS = 12;
const POOL = 24;

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), id: fc.nat(IDS - 1), hash: fc.nat(POOL - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.nat(IDS - 1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('search' as const), probe: fc.nat(POOL - 1), distance: fc.nat(63) }) },
);

/** Hashes 0..63 bits from one centre, so searches find several of them at once. */
function hashPool(seed: number): Uint32Array[] {
  const rng = new Random(seed);
  const centre = randomHashes(rng, 1);
  return Array.from({ length: POOL }, () => neighbourOf(centre, rng.int(0, 40), rng, rng.chance(0.5) ? 'even' : 'random'));
}

/** The live set as plain rows, and the linear scan over it: what the index must agree with. */
function scanLive(live: { id: number; hash: Uint32Array }[], query: Uint32Array, d: number) {
  const hashes = new Uint32Array(live.length * PDQ_WORDS);
  live.forEach((row, i) => hashes.set(row.hash, i * PDQ_WORDS));
  return linearScan(live.map((row) => row.id), hashes, query, d);
}

describe('PDQ index updates', () => {
  it('after any sequence of add, remove and compact, answers like a linear scan over the live set', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.nat(8),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        fc.array(op, { maxLength: 40 }),
        fc.constantFrom(...layouts),
        (seed, initial, deltaLimit, autoCompact, ops, layout) => {
          const pool = hashPool(seed);
          let live = Array.from({ length: initial }, (_, i) => ({ id: i % IDS, hash: pool[i]! }));
          const bulk = new Uint32Array(initial * PDQ_WORDS);
          live.forEach((row, i) => bulk.set(row.hash, i * PDQ_WORDS));
          const index = PdqIndex.build(live.map((row) => row.id), bulk, { deltaLimit, autoCompact, ...layout });
          for (const step of ops) {
            if (step.kind === 'add') {
              index.add(step.id, pool[step.hash]!);
              live.push({ id: step.id, hash: pool[step.hash]! });
            } else if (step.kind === 'remove') {
              const gone = live.filter((row) => row.id === step.id);
              expect(index.remove(step.id)).toBe(gone.length);
              live = live.filter((row) => row.id !== step.id);
              // A removed id never matches, not even its own hashes at the widest distance.
              for (const row of gone) expect(index.search(row.hash, 63).some((m) => m.id === step.id)).toBe(false);
            } else if (step.kind === 'compact') {
              index.compact();
            } else {
              const query = pool[step.probe]!;
              expect(index.search(query, step.distance)).toEqual(scanLive(live, query, step.distance));
            }
            expect(index.size).toBe(live.length);
          }
          for (const query of pool) expect(index.search(query, 63)).toEqual(scanLive(live, query, 63));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('matches a hash again once it is re-added after removal, as often as that happens', () => {
    const rng = new Random(3);
    const hash = randomHashes(rng, 1);
    const index = PdqIndex.build([5], hash, { autoCompact: false });
    for (let round = 0; round < 4; round++) {
      expect(index.remove(5)).toBe(1);
      expect(index.search(hash, 63)).toEqual([]);
      expect(index.remove(5)).toBe(0);
      index.add(5, hash);
      expect(index.search(hash)).toEqual([{ id: 5, distance: 0 }]);
      if (round % 2 === 1) index.compact();
    }
  });

  it('leaves compaction to the caller when autoCompact is off, and signals when it is due', () => {
    const rng = new Random(4);
    const index = new PdqIndex({ deltaLimit: 3, autoCompact: false });
    const hashes = randomHashes(rng, 3);
    for (let i = 0; i < 3; i++) index.add(i, hashes.subarray(i * PDQ_WORDS, (i + 1) * PDQ_WORDS));
    expect(index.needsCompaction).toBe(true);
    expect(index.search(hashes.subarray(0, PDQ_WORDS))).toEqual([{ id: 0, distance: 0 }]);
    index.compact();
    expect(index.needsCompaction).toBe(false);
    expect(index.search(hashes.subarray(0, PDQ_WORDS))).toEqual([{ id: 0, distance: 0 }]);
  });

  it('compacts by itself when the delta fills up, by default', () => {
    const rng = new Random(6);
    const index = new PdqIndex({ deltaLimit: 2 });
    const hashes = randomHashes(rng, 5);
    for (let i = 0; i < 5; i++) {
      index.add(i, hashes.subarray(i * PDQ_WORDS, (i + 1) * PDQ_WORDS));
      expect(index.needsCompaction).toBe(false);
    }
    expect(index.size).toBe(5);
  });
});
