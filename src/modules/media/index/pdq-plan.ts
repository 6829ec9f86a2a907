/**
 * Which multi-index layout a bank gets, and how a search at distance d uses it.
 *
 * A layout is m slots of widths b_s (bits) that tile the 256 bits. By the generalised pigeonhole
 * principle, per-slot radii r_s with Σ (r_s + 1) ≥ d + 1 are enough: a hash whose every slot
 * differs by more than r_s bits differs by at least d + 1 overall. r_s = -1 leaves slot s out.
 * A search at d = 31 over 11 slots thus needs radius 2 in ten slots and radius 1 in one.
 *
 * Cost of a search, estimated: Σ_s V(b_s, r_s) × (PROBE_NS + CANDIDATE_NS × n / 2^b_s), where
 * V(b, r) = Σ_{i≤r} C(b, i) is the number of keys within r bits: one bucket probe per key, and
 * per probe the expected number of entries in a bucket. A linear scan costs n × SCAN_NS.
 */
import { PDQ_BITS } from './bits.js';

/**
 * CPU time per lookup at 10M hashes on the shared 2-core VM (load 15-20), fitted over the 11-, 12-
 * and 16-slot layouts at d = 31: a probe is about one cache miss (two adjacent offsets, then the
 * bucket's first posting), a candidate one more (its hash; postings of a bucket are adjacent),
 * and the scan streams 32 bytes a hash (~200 ms per 10M). Only the ratios matter: they pick the
 * layout and decide when scanning is cheaper.
 */
export const PROBE_NS = 300;
export const CANDIDATE_NS = 400;
export const SCAN_NS_PER_HASH = 20;

/**
 * The issue-5 memory budget. Banks under 1M get SMALL_BANK_BYTES on top (16×16 offsets fit), so
 * a bank of a few thousand hashes can afford an index at all.
 */
export const BYTES_PER_HASH_BUDGET = 128;
export const SMALL_BANK_BYTES = 4.5 * 2 ** 20;
const SMALL_BANK = 1_000_000;
/** The distance the layout is chosen for: PDQ's usual match threshold. */
export const DESIGN_DISTANCE = 31;
export const MAX_SLOT_BITS = 28;
/** Beyond this many keys per slot the masks are not tabulated: such a search scans instead. */
const MAX_MASKS = 1 << 21;

/** m slot widths as equal as possible (narrower first), summing to 256. */
export function balancedWidths(m: number): number[] {
  const base = Math.floor(PDQ_BITS / m);
  const wide = PDQ_BITS - base * m;
  return Array.from({ length: m }, (_, s) => (s < m - wide ? base : base + 1));
}

/** Throws unless `widths` is a layout: integers 1..28 summing to 256, or [] (scan only). */
export function checkLayout(widths: readonly number[]): void {
  const sum = widths.reduce((a, b) => a + b, 0);
  const bad = widths.some((b) => !Number.isInteger(b) || b < 1 || b > MAX_SLOT_BITS);
  if (bad || (widths.length > 0 && sum !== PDQ_BITS)) {
    throw new RangeError(`PDQ layout needs slot widths of 1..${MAX_SLOT_BITS} bits summing to ${PDQ_BITS}, got [${widths.join(', ')}]`);
  }
}

/** Bytes of a segment of n entries in this layout (ids, hashes, alive bits, offsets, postings). */
export function layoutBytes(widths: readonly number[], n: number): number {
  let bytes = n * (4 + 32) + Math.ceil(n / 8);
  for (const b of widths) bytes += 4 * n + 4 * (2 ** b + 1);
  return bytes;
}

const binomials: number[][] = [];
/** C(b, i), exact for the small arguments used here. */
export function choose(b: number, i: number): number {
  if (i < 0 || i > b) return 0;
  binomials[b] ??= [];
  const row = binomials[b]!;
  if (row[i] === undefined) {
    let c = 1;
    for (let k = 1; k <= i; k++) c = (c * (b - k + 1)) / k;
    row[i] = Math.round(c);
  }
  return row[i]!;
}

/** Keys within r bits of a b-bit key: V(b, r). */
export function volume(b: number, r: number): number {
  let v = 0;
  for (let i = 0; i <= r; i++) v += choose(b, i);
  return v;
}

export interface SearchPlan {
  /** Per slot: the radius to probe, or -1 to leave the slot out. */
  radii: Int8Array;
  /** Estimated ns for the index; Infinity when a radius needs too many masks. */
  cost: number;
  /** Estimated ns for a linear scan of the same entries. */
  scanCost: number;
}

/**
 * The cheapest radii for distance d: d + 1 increments of Σ (r_s + 1), each given to the slot
 * where it adds the least estimated cost (greedy is optimal: each slot's increments get dearer).
 */
export function planSearch(widths: readonly number[], n: number, d: number): SearchPlan {
  const m = widths.length;
  const radii = new Int8Array(m).fill(-1);
  const unit = widths.map((b) => PROBE_NS + (CANDIDATE_NS * n) / 2 ** b);
  const scanCost = n * SCAN_NS_PER_HASH;
  if (m === 0) return { radii, cost: Infinity, scanCost };
  for (let step = 0; step <= d; step++) {
    let best = -1;
    let bestCost = Infinity;
    for (let s = 0; s < m; s++) {
      const add = choose(widths[s]!, radii[s]! + 1) * unit[s]!;
      if (add > 0 && add < bestCost) [best, bestCost] = [s, add];
    }
    radii[best]!++;
  }
  let cost = 0;
  for (let s = 0; s < m; s++) {
    if (radii[s]! < 0) continue;
    const keys = volume(widths[s]!, radii[s]!);
    cost = keys > MAX_MASKS ? Infinity : cost + keys * unit[s]!;
  }
  return { radii, cost, scanCost };
}

/**
 * The layout for a bank of n entries: of the balanced layouts of 10..32 slots that fit the memory
 * budget, the one with the cheapest search at d = 31; [] (scan only) when the scan is cheaper.
 * Wider slots pay 2^b offsets each, so they only fit once n is large enough to share the cost.
 */
export function chooseLayout(n: number): number[] {
  const budget = BYTES_PER_HASH_BUDGET * n + (n < SMALL_BANK ? SMALL_BANK_BYTES : 0);
  let best: number[] = [];
  let bestCost = n * SCAN_NS_PER_HASH;
  for (let m = 10; m <= 32; m++) {
    const widths = balancedWidths(m);
    if (layoutBytes(widths, n) > budget) continue;
    const { cost } = planSearch(widths, n, DESIGN_DISTANCE);
    if (cost < bestCost) [best, bestCost] = [widths, cost];
  }
  return best;
}

const maskTables = new Map<number, Uint32Array>();

/** Every b-bit mask with at most r bits set, fewest bits first (cached per b and r). */
export function flipMasks(b: number, r: number): Uint32Array {
  const cacheKey = b * 64 + r;
  let table = maskTables.get(cacheKey);
  if (table) return table;
  table = new Uint32Array(volume(b, r));
  let at = 1; // table[0] = 0: the key itself
  for (let k = 1; k <= r; k++) {
    // Gosper's hack: the next larger number with the same count of set bits.
    for (let x = 2 ** k - 1; x < 2 ** b; ) {
      table[at++] = x;
      const low = x & -x;
      const ripple = x + low;
      x = (((ripple ^ x) >>> 2) / low) | ripple;
    }
  }
  maskTables.set(cacheKey, table);
  return table;
}
