import { describe, expect, it } from 'vitest';
import { Random } from '../src/demo/random.js';
import { PDQ_WORDS, hammingAt } from '../src/modules/media/index/bits.js';
import { plantedBits, spreadOverSlots } from '../src/modules/media/index/hash-fixtures.js';
import { balancedWidths } from '../src/modules/media/index/pdq-plan.js';
import { PLANTED_DISTANCES, matchingWorkload, plantedFound, quantile } from './media.matching.js';

describe('matching benchmark workload', () => {
  const workload = matchingWorkload({ hashes: 5_000, queries: 40, seed: 3 });

  it('plants, for every query, one neighbour at each distance 1..31, at distinct bank positions', () => {
    const positions = new Set<number>();
    for (let q = 0; q < 40; q++) {
      for (let j = 0; j < PLANTED_DISTANCES; j++) {
        const at = workload.plantedAt(q, j);
        positions.add(at);
        expect(hammingAt(workload.queries, q * PDQ_WORDS, workload.bank, at * PDQ_WORDS)).toBe(j + 1);
      }
    }
    expect(positions.size).toBe(40 * PLANTED_DISTANCES);
    expect(Math.max(...positions)).toBeLessThan(5_000);
  });

  it('keeps random bank hashes far from the queries (nothing but the planted within 31 bits)', () => {
    const planted = new Set(Array.from({ length: 40 * PLANTED_DISTANCES }, (_, i) => workload.plantedAt(Math.floor(i / PLANTED_DISTANCES), i % PLANTED_DISTANCES)));
    for (let q = 0; q < 40; q += 7) {
      for (let p = 0; p < 5_000; p++) {
        if (!planted.has(p)) expect(hammingAt(workload.queries, q * PDQ_WORDS, workload.bank, p * PDQ_WORDS)).toBeGreaterThan(31);
      }
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const same = (a: Uint32Array, b: Uint32Array): boolean => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
    expect(same(matchingWorkload({ hashes: 5_000, queries: 40, seed: 3 }).bank, workload.bank)).toBe(true);
    expect(same(matchingWorkload({ hashes: 5_000, queries: 40, seed: 4 }).bank, workload.bank)).toBe(false);
  });

  it('refuses a bank too small for its planted neighbours', () => {
    expect(() => matchingWorkload({ hashes: 100, queries: 4, seed: 1 })).toThrow(/cannot hold 124/);
  });
});

describe('planting', () => {
  it('flips exactly the stated number of distinct bits, evenly over the slots when asked', () => {
    const rng = new Random(2);
    for (let d = 0; d <= 256; d += 17) {
      for (const spread of ['random', 'even'] as const) {
        const bits = plantedBits(rng, d, spread);
        expect(new Set(bits).size).toBe(d);
        expect(bits.every((b) => b >= 0 && b < 256)).toBe(true);
        if (spread === 'even') {
          const perSlot = Array.from({ length: 16 }, (_, s) => bits.filter((b) => b >> 4 === s).length);
          expect(Math.max(...perSlot) - Math.min(...perSlot)).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

describe('planting over a layout', () => {
  it('flips exactly d distinct bits, dealt evenly over the slots of the layout', () => {
    const rng = new Random(4);
    const widths = balancedWidths(11);
    const starts = widths.map((_, s) => widths.slice(0, s).reduce((a, b) => a + b, 0));
    for (const d of [0, 1, 10, 11, 31, 63]) {
      const bits = spreadOverSlots(rng, d, widths);
      expect(new Set(bits).size).toBe(d);
      const perSlot = widths.map((w, s) => bits.filter((b) => b >= starts[s]! && b < starts[s]! + w).length);
      expect(perSlot.reduce((a, b) => a + b, 0)).toBe(d);
      expect(Math.max(...perSlot) - Math.min(...perSlot)).toBeLessThanOrEqual(1);
    }
  });
});

describe('benchmark figures', () => {
  it('counts a planted neighbour as found only at its planted distance', () => {
    const plantedAt = (q: number, j: number): number => q * 100 + j;
    expect(plantedFound([{ id: 0, distance: 1 }, { id: 1, distance: 2 }, { id: 2, distance: 9 }, { id: 77, distance: 1 }], 0, plantedAt)).toBe(2);
  });

  it('takes quantiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
