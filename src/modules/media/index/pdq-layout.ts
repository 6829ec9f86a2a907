/**
 * The flat, compacted part of the PDQ index ("segment"): every array is a typed array, so ten
 * million hashes cost about 101 bytes each and no JS object per entry.
 *
 * - `ids` (4 B/hash), sorted ascending so `remove(id)` is a binary search with no id map;
 * - `hashes` (32 B/hash), 8 words per entry in the same order;
 * - `alive` (1 B/hash), 0 once removed (tombstone, dropped by the next compaction);
 * - per slot (16 × 4 B/hash): a CSR layout, 65,537 `offsets` (all slots share one array) into
 *   `postings`, the entry positions sorted by that slot's 16-bit key, built by a counting sort.
 */
import { PDQ_WORDS, popcount32 } from './bits.js';

export const SLOTS = 16;
export const KEYS = 1 << 16;
/** Offsets per slot in the shared `offsets` array: bucket k of slot s spans [s*STRIDE+k, s*STRIDE+k+1). */
export const STRIDE = KEYS + 1;

export interface Segment {
  count: number;
  ids: Uint32Array;
  hashes: Uint32Array;
  alive: Uint8Array;
  dead: number;
  offsets: Uint32Array;
  postings: Uint32Array[];
}

/** Bytes held by a segment's typed arrays. */
export function segmentBytes(seg: Segment): number {
  let bytes = seg.ids.byteLength + seg.hashes.byteLength + seg.alive.byteLength + seg.offsets.byteLength;
  for (let s = 0; s < SLOTS; s++) bytes += seg.postings[s]!.byteLength;
  return bytes;
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
  const counts = new Uint32Array(KEYS + 1);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[((ids[i]! >>> shift) & 0xffff) + 1]!++;
    for (let k = 0; k < KEYS; k++) counts[k + 1]! += counts[k]!;
    for (let i = 0; i < count; i++) {
      const p = order[i]!;
      next[counts[(ids[p]! >>> shift) & 0xffff]!++] = p;
    }
    [order, next] = [next, order];
  }
  return order;
}

/**
 * A segment over `count` entries whose `ids` are ascending; takes ownership of both arrays.
 * Each slot's postings are sorted by an LSD radix sort on the key's two bytes: scattering into
 * 256 sequential streams stays in cache, where placing straight into 65,536 buckets would miss
 * the cache on nearly every write (measured about 10× slower at 1M hashes).
 */
export function buildSegment(ids: Uint32Array, hashes: Uint32Array, count: number): Segment {
  const offsets = new Uint32Array(SLOTS * STRIDE);
  const postings: Uint32Array[] = [];
  const low = new Uint16Array(count);
  const high = new Uint16Array(count);
  const scratch: SortScratch = { positions: new Uint32Array(count), keys: new Uint16Array(count), histogram: new Uint32Array(256) };
  for (let w = 0; w < PDQ_WORDS; w++) {
    // Word w holds slots 2w (low half) and 2w + 1 (high half); count both slots' keys on the way.
    const lowStart = 2 * w * STRIDE + 1;
    const highStart = (2 * w + 1) * STRIDE + 1;
    for (let p = 0, i = w; p < count; p++, i += PDQ_WORDS) {
      const v = hashes[i]!;
      const l = v & 0xffff;
      const h = v >>> 16;
      low[p] = l;
      high[p] = h;
      offsets[lowStart + l]!++;
      offsets[highStart + h]!++;
    }
    postings.push(sortSlot(low, count, offsets, 2 * w * STRIDE, scratch));
    postings.push(sortSlot(high, count, offsets, (2 * w + 1) * STRIDE, scratch));
  }
  const alive = new Uint8Array(count).fill(1);
  return { count, ids, hashes, alive, dead: 0, offsets, postings };
}

interface SortScratch {
  positions: Uint32Array;
  keys: Uint16Array;
  histogram: Uint32Array;
}

/**
 * Positions 0..count-1 sorted by `keys` (stable). `offsets[start + 1 + k]` holds how many keys
 * equal k; it leaves with the bucket starts (CSR offsets).
 */
function sortSlot(keys: Uint16Array, count: number, offsets: Uint32Array, start: number, scratch: SortScratch): Uint32Array {
  const { positions, keys: carried, histogram } = scratch;
  // The per-byte histograms follow from the per-key counts: no extra pass over the keys.
  histogram.fill(0);
  for (let k = 0; k < KEYS; k++) histogram[k & 0xff]! += offsets[start + 1 + k]!;
  exclusivePrefix(histogram);
  const byHigh = new Uint32Array(256);
  for (let k = 0; k < KEYS; k++) byHigh[k >>> 8]! += offsets[start + 1 + k]!;
  exclusivePrefix(byHigh);
  for (let i = start + 1; i <= start + KEYS; i++) offsets[i]! += offsets[i - 1]!;
  // Pass 1, by the low byte, into the scratch arrays (the key travels along with its position).
  for (let p = 0; p < count; p++) {
    const key = keys[p]!;
    const at = histogram[key & 0xff]!++;
    positions[at] = p;
    carried[at] = key;
  }
  // Pass 2, by the high byte, stable: the result is sorted by the whole key.
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[byHigh[carried[i]! >>> 8]!++] = positions[i]!;
  return out;
}

function exclusivePrefix(histogram: Uint32Array): void {
  let sum = 0;
  for (let b = 0; b < histogram.length; b++) {
    const n = histogram[b]!;
    histogram[b] = sum;
    sum += n;
  }
}

let empty: Segment | undefined;

/** The segment of an index without compacted entries, shared: nothing ever writes to a 0-entry segment. */
export function emptySegment(): Segment {
  empty ??= buildSegment(new Uint32Array(0), new Uint32Array(0), 0);
  return empty;
}

/**
 * Whether some slot before `slot` is within `radius` bits of the query: then that slot found the
 * entry first, and reporting only from the first finder needs no per-query "seen" set.
 */
export function foundInEarlierSlot(h: Uint32Array, base: number, q: Uint32Array, slot: number, radius: number): boolean {
  for (let t = 0; t < slot; t++) {
    const diff = ((h[base + (t >> 1)]! ^ q[t >> 1]!) >>> ((t & 1) << 4)) & 0xffff;
    if (popcount32(diff) <= radius) return true;
  }
  return false;
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

/** All 16-bit masks with at most 3 bits set, fewest bits first: the neighbours to visit per slot. */
export const FLIP_MASKS: Uint16Array = (() => {
  const masks: number[] = [0];
  for (let a = 0; a < 16; a++) masks.push(1 << a);
  for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) masks.push((1 << a) | (1 << b));
  for (let a = 0; a < 16; a++) {
    for (let b = a + 1; b < 16; b++) for (let c = b + 1; c < 16; c++) masks.push((1 << a) | (1 << b) | (1 << c));
  }
  return Uint16Array.from(masks);
})();

/** How many FLIP_MASKS cover a slot radius of 0, 1, 2 or 3 bits. */
export const MASKS_WITHIN = [1, 17, 137, 697] as const;
