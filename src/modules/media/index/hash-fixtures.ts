/**
 * Seeded PDQ hashes for tests and the matching benchmark: random banks, neighbours planted at an
 * exact distance, and the linear scan every index answer is checked against.
 */
import { Random } from '../../../demo/random.js';
import { PDQ_BITS, PDQ_WORDS, hammingWithin } from './bits.js';
import type { PdqMatch } from './pdq-index.js';

/**
 * How a planted neighbour's flipped bits fall into the index's 16 slots: `random` anywhere, or
 * `even` dealt round-robin over the slots, the hardest case for multi-index hashing (at d = 31
 * fifteen slots differ by 2 bits and only one by 1, so only that one slot can find it).
 */
export type Spread = 'random' | 'even';

/** A uint32 from the seeded generator. */
export const randomWord = (rng: Random): number => (rng.next() * 4_294_967_296) >>> 0;

/** Fills `count` random hashes into `target` from word `offset` on. */
export function fillRandomHashes(rng: Random, target: Uint32Array, count: number, offset = 0): void {
  for (let i = offset; i < offset + count * PDQ_WORDS; i++) target[i] = randomWord(rng);
}

/** `count` random hashes, 8 words each. */
export function randomHashes(rng: Random, count: number): Uint32Array {
  const hashes = new Uint32Array(count * PDQ_WORDS);
  fillRandomHashes(rng, hashes, count);
  return hashes;
}

const scratchBits = new Uint16Array(PDQ_BITS);

/** The bit positions (0..255) a neighbour at `distance` flips: all distinct. */
export function plantedBits(rng: Random, distance: number, spread: Spread): number[] {
  if (!Number.isInteger(distance) || distance < 0 || distance > PDQ_BITS) {
    throw new RangeError(`a planted distance must be 0..${PDQ_BITS}, got ${distance}`);
  }
  const bits: number[] = [];
  if (spread === 'random') {
    // Partial Fisher-Yates over the 256 positions.
    for (let i = 0; i < PDQ_BITS; i++) scratchBits[i] = i;
    for (let i = 0; i < distance; i++) {
      const j = rng.int(i, PDQ_BITS - 1);
      const bit = scratchBits[j]!;
      scratchBits[j] = scratchBits[i]!;
      scratchBits[i] = bit;
      bits.push(bit);
    }
    return bits;
  }
  // Round r puts one bit in every slot, at that slot's random starting position + r.
  const first = rng.int(0, 15);
  const starts = Array.from({ length: 16 }, () => rng.int(0, 15));
  for (let i = 0; i < distance; i++) {
    const slot = (first + i) % 16;
    bits.push(slot * 16 + ((starts[slot]! + Math.floor(i / 16)) % 16));
  }
  return bits;
}

/**
 * The bit positions a neighbour at `distance` flips, dealt round-robin over the slots of a layout
 * (`widths` tiling the 256 bits), each slot from a random starting bit: MIH's hardest case for
 * that layout, as `even` is for 16 slots of 16 bits.
 */
export function spreadOverSlots(rng: Random, distance: number, widths: readonly number[]): number[] {
  const starts = widths.map((_, s) => widths.slice(0, s).reduce((a, b) => a + b, 0));
  const offsets = widths.map((w) => rng.int(0, w - 1));
  const first = rng.int(0, widths.length - 1);
  const bits: number[] = [];
  for (let i = 0; i < distance; i++) {
    const s = (first + i) % widths.length;
    bits.push(starts[s]! + ((offsets[s]! + Math.floor(i / widths.length)) % widths[s]!));
  }
  return bits;
}

/** Writes into `target` at `targetOffset` the hash at `sourceOffset` of `source` with `bits` flipped. */
export function writeFlipped(source: Uint32Array, sourceOffset: number, bits: readonly number[], target: Uint32Array, targetOffset: number): void {
  for (let w = 0; w < PDQ_WORDS; w++) target[targetOffset + w] = source[sourceOffset + w]!;
  for (const bit of bits) target[targetOffset + (bit >> 5)] = (target[targetOffset + (bit >> 5)]! ^ (1 << (bit & 31))) >>> 0;
}

/** A copy of `hash` (8 words) exactly `distance` bits away. */
export function neighbourOf(hash: Uint32Array, distance: number, rng: Random, spread: Spread = 'random'): Uint32Array {
  const out = new Uint32Array(PDQ_WORDS);
  writeFlipped(hash, 0, plantedBits(rng, distance, spread), out, 0);
  return out;
}

/**
 * The reference answer: every id with a hash within `maxDistance` of `query`, by checking all of
 * them; one match per id at its smallest distance, nearest first then by id (as PdqIndex.search).
 */
export function linearScan(ids: ArrayLike<number>, hashes: Uint32Array, query: Uint32Array, maxDistance: number): PdqMatch[] {
  const best = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    const distance = hammingWithin(hashes, i * PDQ_WORDS, query, 0, maxDistance);
    const id = ids[i]!;
    if (distance <= maxDistance && distance < (best.get(id) ?? Infinity)) best.set(id, distance);
  }
  return [...best].map(([id, distance]) => ({ id, distance })).sort((a, b) => a.distance - b.distance || a.id - b.id);
}
