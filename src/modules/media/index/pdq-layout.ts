/**
 * The flat, compacted part of the PDQ index ("segment"): every array is a typed array, so ten
 * million hashes cost under 128 bytes each and no JS object per entry.
 *
 * - `ids` (4 B/hash), sorted ascending so `remove(id)` is a binary search with no id map;
 * - `hashes` (32 B/hash), 8 words per entry in the same order;
 * - `alive` (1 bit/hash), cleared once removed (tombstone, dropped by the next compaction);
 * - per slot of b bits (4 B/hash + 4 × 2^b B): a CSR layout, 2^b + 1 `offsets` into `postings`,
 *   the entry positions sorted by that slot's key (stable, so ascending within a bucket).
 *
 * Slots tile the 256 bits in order: slot s covers bits starts[s] .. starts[s] + widths[s] - 1,
 * in the compact bit numbering of bits.ts, and may straddle two words.
 */
import { PDQ_WORDS, popcount32 } from './bits.js';
import { checkLayout, type SearchPlan } from './pdq-plan.js';

export interface Segment {
  count: number;
  ids: Uint32Array;
  hashes: Uint32Array;
  alive: Uint8Array;
  dead: number;
  widths: readonly number[];
  starts: readonly number[];
  offsets: Uint32Array[];
  postings: Uint32Array[];
  /** Search plans by distance, made on first use (they depend on count and widths only). */
  plans: (SearchPlan | undefined)[];
}

/** Bytes held by a segment's typed arrays. */
export function segmentBytes(seg: Segment): number {
  let bytes = seg.ids.byteLength + seg.hashes.byteLength + seg.alive.byteLength;
  for (let s = 0; s < seg.widths.length; s++) bytes += seg.offsets[s]!.byteLength + seg.postings[s]!.byteLength;
  return bytes;
}

export const isAlive = (alive: Uint8Array, p: number): boolean => (alive[p >> 3]! & (1 << (p & 7))) !== 0;

/** The `width`-bit key at bit `start` of the hash at word `base` (width ≤ 28, so no sign trouble). */
export function keyAt(h: Uint32Array, base: number, start: number, width: number): number {
  const w = base + (start >>> 5);
  const shift = start & 31;
  let v = h[w]! >>> shift;
  if (shift + width > 32) v |= h[w + 1]! << (32 - shift);
  return v & ((1 << width) - 1);
}

/**
 * Whether some probed slot before `slot` is within its radius of the query: then that slot found
 * the entry first, and reporting only from the first finder needs no per-query "seen" set.
 */
export function foundInEarlierSlot(seg: Segment, base: number, queryKeys: Uint32Array, radii: Int8Array, slot: number): boolean {
  for (let t = 0; t < slot; t++) {
    const r = radii[t]!;
    if (r >= 0 && popcount32(keyAt(seg.hashes, base, seg.starts[t]!, seg.widths[t]!) ^ queryKeys[t]!) <= r) return true;
  }
  return false;
}

/**
 * The positions 0..count-1 ordered by id (stable), or null when the ids are already ascending.
 * Two 16-bit counting-sort passes (LSD radix): linear time for any uint32 ids.
 */
export function orderById(ids: Uint32Array, count: number): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) sorted = ids[i - 1]! <= ids[i]!;
  if (sorted) return null;
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let next = new Uint32Array(count);
  const counts = new Uint32Array((1 << 16) + 1);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[((ids[i]! >>> shift) & 0xffff) + 1]!++;
    for (let k = 0; k < 1 << 16; k++) counts[k + 1]! += counts[k]!;
    for (let i = 0; i < count; i++) {
      const p = order[i]!;
      next[counts[(ids[p]! >>> shift) & 0xffff]!++] = p;
    }
    [order, next] = [next, order];
  }
  return order;
}

interface SortScratch {
  keys: Uint32Array;
  low: Uint32Array;
  positions: Uint32Array;
  histogram: Uint32Array;
  cursor: Uint32Array;
}

/** A segment over `count` entries whose `ids` are ascending, in layout `widths`; takes both arrays. */
export function buildSegment(ids: Uint32Array, hashes: Uint32Array, count: number, widths: readonly number[]): Segment {
  checkLayout(widths);
  const starts: number[] = [];
  for (let s = 0, at = 0; s < widths.length; at += widths[s++]!) starts.push(at);
  const offsets: Uint32Array[] = [];
  const postings: Uint32Array[] = [];
  const scratch: SortScratch | null = widths.length === 0 ? null : {
    keys: new Uint32Array(count), low: new Uint32Array(count), positions: new Uint32Array(count),
    histogram: new Uint32Array(1 << 14), cursor: new Uint32Array(1 << 14),
  };
  for (let s = 0; s < widths.length; s++) {
    const width = widths[s]!;
    const keys = scratch!.keys;
    for (let p = 0, base = 0; p < count; p++, base += PDQ_WORDS) keys[p] = keyAt(hashes, base, starts[s]!, width);
    const [off, post] = sortSlot(count, width, scratch!);
    offsets.push(off);
    postings.push(post);
  }
  const alive = new Uint8Array((count + 7) >> 3).fill(0xff);
  return { count, ids, hashes, alive, dead: 0, widths: [...widths], starts, offsets, postings, plans: [] };
}

/**
 * One slot's CSR arrays from scratch.keys, by an MSD radix sort in two steps of ≤ 14 bits: one
 * scatter by the key's high half into ≤ 16k sequential streams (placing straight into 2^24
 * buckets would miss the cache on nearly every write), then within each high bucket (a few
 * thousand entries, in cache) a counting sort by the low half that writes that bucket's offsets.
 * Stable throughout, so positions ascend within a bucket.
 */
function sortSlot(count: number, width: number, scratch: SortScratch): [Uint32Array, Uint32Array] {
  const { keys, low, positions, histogram, cursor } = scratch;
  const lowBits = width >> 1;
  const lowMask = (1 << lowBits) - 1;
  const highBuckets = 1 << (width - lowBits);
  const lowBuckets = 1 << lowBits;
  histogram.fill(0, 0, highBuckets);
  for (let p = 0; p < count; p++) histogram[keys[p]! >>> lowBits]!++;
  exclusivePrefix(histogram, highBuckets);
  for (let p = 0; p < count; p++) {
    const key = keys[p]!;
    const at = histogram[key >>> lowBits]!++;
    positions[at] = p;
    low[at] = key & lowMask;
  }
  // histogram[h] is now the end of high bucket h.
  const off = new Uint32Array(2 ** width + 1);
  const post = new Uint32Array(count);
  for (let h = 0, from = 0; h < highBuckets; h++) {
    const to = histogram[h]!;
    const base = h * lowBuckets;
    for (let i = from; i < to; i++) off[base + low[i]! + 1]!++;
    off[base] = from;
    for (let l = 0; l < lowBuckets; l++) {
      off[base + l + 1]! += off[base + l]!;
      cursor[l] = off[base + l]!;
    }
    for (let i = from; i < to; i++) post[cursor[low[i]!]!++] = positions[i]!;
    from = to;
  }
  return [off, post];
}

function exclusivePrefix(histogram: Uint32Array, length: number): void {
  let sum = 0;
  for (let b = 0; b < length; b++) {
    const n = histogram[b]!;
    histogram[b] = sum;
    sum += n;
  }
}

let empty: Segment | undefined;

/** The segment of an index without compacted entries, shared: nothing ever writes to its arrays. */
export function emptySegment(): Segment {
  empty ??= buildSegment(new Uint32Array(0), new Uint32Array(0), 0, []);
  return empty;
}

/** First position whose id is ≥ `id` (ids ascending). */
export function lowerBound(ids: Uint32Array, count: number, id: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
