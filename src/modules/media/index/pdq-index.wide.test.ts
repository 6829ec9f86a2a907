import { describe, expect, it } from 'vitest';
import { Random } from '../../../demo/random.js';
import { PDQ_WORDS } from './bits.js';
import { linearScan, neighbourOf, randomHashes, spreadOverSlots, writeFlipped } from './hash-fixtures.js';
import { PdqIndex } from './pdq-index.js';
import { balancedWidths } from './pdq-plan.js';

/**
 * The wide layouts large banks get (12 slots of 21-22 bits from 5M, 11 of 23-24 bits from 10M),
 * forced onto a small bank: their offsets take 128-470 MB whatever the bank size, so each is
 * built once here rather than per property run. Neighbours are planted at every distance 0..63,
 * half with their flips dealt evenly over the slots (one flip per 23-24 bits is MIH's worst case).
 */

/** A neighbour at distance d with its flips dealt evenly over the slots of `widths`. */
function spreadOver(query: Uint32Array, d: number, widths: readonly number[], rng: Random): Uint32Array {
  const out = new Uint32Array(PDQ_WORDS);
  writeFlipped(query, 0, spreadOverSlots(rng, d, widths), out, 0);
  return out;
}

function bank(seed: number, widths: readonly number[]) {
  const rng = new Random(seed);
  const queries = randomHashes(rng, 3);
  const rows: Uint32Array[] = [];
  const probes = [0, 1, 2].map((q) => queries.slice(q * PDQ_WORDS, (q + 1) * PDQ_WORDS));
  for (const query of probes) {
    for (let d = 0; d <= 63; d++) rows.push(neighbourOf(query, d, rng, d % 2 ? 'even' : 'random'), spreadOver(query, d, widths, rng));
  }
  for (let i = 0; i < 300; i++) rows.push(neighbourOf(probes[0]!, rng.int(20, 90), rng));
  const hashes = new Uint32Array(rows.length * PDQ_WORDS);
  rows.forEach((row, i) => hashes.set(row, i * PDQ_WORDS));
  const ids = Uint32Array.from(rows, () => rng.int(0, 400));
  return { ids, hashes, probes };
}

describe.each([
  ['12 slots of 21-22 bits', balancedWidths(12)],
  ['11 slots of 23-24 bits', balancedWidths(11)],
])('PDQ index with %s', (_, layout) => {
  it('returns exactly what a linear scan returns for every d in 0..63, and after updates', () => {
    const { ids, hashes, probes } = bank(layout.length, layout);
    const index = PdqIndex.build(ids, hashes, { layout, scanFallback: false, autoCompact: false });
    expect(index.searchInfo(31).layout).toEqual(layout);
    // Every d for one probe; the others skip some large d, where each search probes ~500k keys.
    probes.forEach((probe, k) => {
      const within63 = linearScan(ids, hashes, probe, 63);
      for (let d = 0; d <= 63; d += k === 0 || d < 40 ? 1 : 7) {
        expect(index.search(probe, d), `d = ${d}`).toEqual(within63.filter((m) => m.distance <= d));
      }
    });
    // Remove some ids, add more hashes, compact: still the linear scan over what is left.
    const gone = new Set([ids[3]!, ids[70]!, ids[200]!]);
    for (const id of gone) index.remove(id);
    index.add(9999, neighbourOf(probes[1]!, 25, new Random(1)));
    index.compact();
    const keep = [...ids.keys()].filter((i) => !gone.has(ids[i]!));
    const liveIds = [...keep.map((i) => ids[i]!), 9999];
    const liveHashes = new Uint32Array(liveIds.length * PDQ_WORDS);
    keep.forEach((i, k) => liveHashes.set(hashes.subarray(i * PDQ_WORDS, (i + 1) * PDQ_WORDS), k * PDQ_WORDS));
    liveHashes.set(neighbourOf(probes[1]!, 25, new Random(1)), keep.length * PDQ_WORDS);
    for (const probe of probes) {
      for (const d of [0, 7, 21, 31, 32, 45]) expect(index.search(probe, d), `d = ${d}`).toEqual(linearScan(liveIds, liveHashes, probe, d));
    }
  }, 120_000);
});
