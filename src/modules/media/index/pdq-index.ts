/**
 * In-memory PDQ index for known-image matching: multi-index hashing (MIH) over m slots that tile
 * the 256 bits, their widths chosen from the bank's size at build and compaction (pdq-plan.ts):
 * wider slots as the bank grows (14 of 18-19 bits at 1M, 11 of 23-24 bits at 10M), none (a
 * linear scan) for a bank of a few hundred hashes.
 *
 * A hash within distance d of the query agrees within r_s bits in at least one slot s whenever
 * Σ (r_s + 1) > d (pigeonhole). So per slot we visit the bucket of the query's key and of every
 * key within r_s bits, and check the full distance of each entry found. When that would cost more
 * than a linear scan (large d on wide slots), the search scans instead: exact either way.
 *
 * Ids are the caller's uint32 (it maps them to bank entries). An id may carry several hashes;
 * `remove(id)` drops them all, and a search reports each id once, at its smallest distance.
 *
 * Updates do not rebuild: `add` appends to a small delta that every search scans linearly, and
 * `remove` marks tombstones. `compact()` merges both into fresh flat arrays; it runs inside `add`
 * once the delta reaches `deltaLimit`, unless `autoCompact` is off and the caller schedules it.
 */
import { HashFormatError, PDQ_WORDS, hammingWithin, writePdqHex } from './bits.js';
import { buildSegment, emptySegment, isAlive, lowerBound, orderById, segmentBytes, type Segment } from './pdq-layout.js';
import { checkLayout, chooseLayout } from './pdq-plan.js';
import { SlotSearch, planFor, scanSegment } from './pdq-search.js';

export interface PdqMatch {
  id: number;
  distance: number;
}

export interface PdqIndexOptions {
  /** Delta entries (added since the last compaction) that trigger a compaction. Default 4,096. */
  deltaLimit?: number;
  /** Compact inside `add` when the delta is full (default). Off: the caller watches `needsCompaction`. */
  autoCompact?: boolean;
  /**
   * Slot widths summing to 256 ([] = scan only) for every build and compaction, instead of the
   * choice by bank size: for tests and benchmarks of a particular layout.
   */
  layout?: readonly number[];
  /** Scan instead of the index when the scan is estimated cheaper (default). Off: always the index. */
  scanFallback?: boolean;
}

/** How a search at some distance runs on the compacted entries. */
export interface PdqSearchInfo {
  /** Slot widths in bits, in bit order. */
  layout: readonly number[];
  /** Radius probed per slot (-1: slot not probed). */
  radii: readonly number[];
  /** Whether the search scans instead of using the index. */
  scans: boolean;
  /** Estimated ns of the index and of a scan (pdq-plan.ts cost model). */
  estimatedNs: number;
  scanEstimatedNs: number;
}

export const MAX_SEARCH_DISTANCE = 63;

function assertId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new RangeError(`PDQ index id must be a uint32, got ${id}`);
}

export class PdqIndex {
  private main: Segment = emptySegment();
  private deltaIds = new Uint32Array(64);
  private deltaHashes = new Uint32Array(64 * PDQ_WORDS);
  private deltaAlive = new Uint8Array(64);
  private deltaCount = 0;
  private deltaDead = 0;
  private readonly deltaLimit: number;
  private readonly autoCompact: boolean;
  private readonly layout: readonly number[] | undefined;
  private readonly scanFallback: boolean;
  private readonly slotSearch = new SlotSearch();
  private readonly sink = { hit: (id: number, distance: number): void => this.hit(id, distance) };
  // Scratch reused by every search: the query's words and the raw (id, distance) hits.
  private readonly query = new Uint32Array(PDQ_WORDS);
  private hitIds = new Uint32Array(64);
  private hitDistances = new Uint16Array(64);
  private hits = 0;

  constructor(options: PdqIndexOptions = {}) {
    this.deltaLimit = Math.max(1, options.deltaLimit ?? 4096);
    this.autoCompact = options.autoCompact ?? true;
    if (options.layout) checkLayout(options.layout);
    this.layout = options.layout ? [...options.layout] : undefined;
    this.scanFallback = options.scanFallback ?? true;
  }

  /** An index over a bulk load: `hashes` holds 8 words per id (see bits.ts). Neither array is kept. */
  static build(ids: ArrayLike<number>, hashes: Uint32Array, options: PdqIndexOptions = {}): PdqIndex {
    const count = ids.length;
    if (hashes.length !== count * PDQ_WORDS) {
      throw new RangeError(`PDQ bulk load needs ${PDQ_WORDS} words per id: ${count} ids, ${hashes.length} words`);
    }
    const ownIds = Uint32Array.from(ids);
    for (let i = 0; i < count; i++) if (ownIds[i] !== ids[i]) assertId(ids[i]!);
    const order = orderById(ownIds, count);
    let sortedIds = ownIds;
    let sortedHashes: Uint32Array;
    if (order === null) sortedHashes = hashes.slice();
    else {
      sortedIds = new Uint32Array(count);
      sortedHashes = new Uint32Array(count * PDQ_WORDS);
      for (let i = 0; i < count; i++) {
        const p = order[i]!;
        sortedIds[i] = ownIds[p]!;
        for (let w = 0; w < PDQ_WORDS; w++) sortedHashes[i * PDQ_WORDS + w] = hashes[p * PDQ_WORDS + w]!;
      }
    }
    const index = new PdqIndex(options);
    index.main = index.buildMain(sortedIds, sortedHashes, count);
    return index;
  }

  /** An index over hex hashes where line i gets id i (as haystack files are numbered). */
  static fromHex(hexes: readonly string[], options: PdqIndexOptions = {}): PdqIndex {
    const hashes = new Uint32Array(hexes.length * PDQ_WORDS);
    hexes.forEach((hex, i) => writePdqHex(hex, hashes, i * PDQ_WORDS));
    return PdqIndex.build(Uint32Array.from(hexes.keys()), hashes, options);
  }

  /** Live hashes (removed ones excluded). */
  get size(): number {
    return this.main.count - this.main.dead + this.deltaCount - this.deltaDead;
  }

  /** Bytes held by the index's typed arrays (main segment, delta capacity, scratch excluded). */
  get byteLength(): number {
    return segmentBytes(this.main) + this.deltaIds.byteLength + this.deltaHashes.byteLength + this.deltaAlive.byteLength;
  }

  /** How a search at distance d runs now: the layout, the radii, and whether it scans instead. */
  searchInfo(d = 31): PdqSearchInfo {
    const plan = planFor(this.main, d);
    const scans = this.scans(plan.cost, plan.scanCost);
    return { layout: this.main.widths, radii: [...plan.radii], scans, estimatedNs: plan.cost, scanEstimatedNs: plan.scanCost };
  }

  /** True when a compaction is due: the delta is full, or a quarter of the main part is tombstones. */
  get needsCompaction(): boolean {
    return this.deltaCount >= this.deltaLimit || this.main.dead > Math.max(this.deltaLimit, this.main.count / 4);
  }

  /** Adds one hash (hex or 8 compact words) under `id`; it matches from now on. */
  add(id: number, hash: string | Uint32Array): void {
    assertId(id);
    if (this.deltaCount === this.deltaIds.length) this.growDelta();
    const at = this.deltaCount;
    if (typeof hash === 'string') writePdqHex(hash, this.deltaHashes, at * PDQ_WORDS);
    else this.deltaHashes.set(checkWords(hash), at * PDQ_WORDS);
    this.deltaIds[at] = id;
    this.deltaAlive[at] = 1;
    this.deltaCount++;
    if (this.autoCompact && this.needsCompaction) this.compact();
  }

  /** Removes every hash of `id`; returns how many were live. They never match again (unless re-added). */
  remove(id: number): number {
    assertId(id);
    let removed = 0;
    const { ids, alive, count } = this.main;
    for (let p = lowerBound(ids, count, id); p < count && ids[p] === id; p++) {
      const bit = 1 << (p & 7);
      if (alive[p >> 3]! & bit) {
        alive[p >> 3] = alive[p >> 3]! & ~bit;
        removed++;
      }
    }
    if (removed > 0) this.main.dead += removed; // never write to the shared empty segment
    for (let i = 0; i < this.deltaCount; i++) {
      if (this.deltaIds[i] === id && this.deltaAlive[i]) {
        this.deltaAlive[i] = 0;
        this.deltaDead++;
        removed++;
      }
    }
    if (this.autoCompact && removed > 0 && this.needsCompaction) this.compact();
    return removed;
  }

  /** Merges the delta into the flat arrays and drops tombstones (a rebuild of the live entries). */
  compact(): void {
    const seg = this.main;
    const deltaLive: number[] = [];
    for (let i = 0; i < this.deltaCount; i++) if (this.deltaAlive[i]) deltaLive.push(i);
    deltaLive.sort((a, b) => this.deltaIds[a]! - this.deltaIds[b]! || a - b);
    const count = seg.count - seg.dead + deltaLive.length;
    const ids = new Uint32Array(count);
    const hashes = new Uint32Array(count * PDQ_WORDS);
    let out = 0;
    let d = 0;
    const take = (fromIds: Uint32Array, fromHashes: Uint32Array, p: number): void => {
      ids[out] = fromIds[p]!;
      for (let w = 0; w < PDQ_WORDS; w++) hashes[out * PDQ_WORDS + w] = fromHashes[p * PDQ_WORDS + w]!;
      out++;
    };
    for (let p = 0; p < seg.count; p++) {
      if (!isAlive(seg.alive, p)) continue;
      // Merge by id: main is ascending, and so is the sorted live delta.
      while (d < deltaLive.length && this.deltaIds[deltaLive[d]!]! < seg.ids[p]!) take(this.deltaIds, this.deltaHashes, deltaLive[d++]!);
      take(seg.ids, seg.hashes, p);
    }
    while (d < deltaLive.length) take(this.deltaIds, this.deltaHashes, deltaLive[d++]!);
    this.main = this.buildMain(ids, hashes, count);
    this.deltaIds = new Uint32Array(64);
    this.deltaHashes = new Uint32Array(64 * PDQ_WORDS);
    this.deltaAlive = new Uint8Array(64);
    this.deltaCount = 0;
    this.deltaDead = 0;
  }

  /** Every live id with a hash within `maxDistance` (0..63) of `hash`, nearest first, each id once. */
  search(hash: string | Uint32Array, maxDistance = 31): PdqMatch[] {
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_SEARCH_DISTANCE) {
      throw new RangeError(`PDQ search distance must be an integer from 0 to ${MAX_SEARCH_DISTANCE}, got ${maxDistance}`);
    }
    this.readQuery(hash);
    this.hits = 0;
    this.searchMain(maxDistance);
    this.scanDelta(maxDistance);
    return this.collectHits();
  }

  /**
   * The same answer as `search`, by checking every live hash (any distance 0..256): the baseline
   * the index is measured against, and a cross-check.
   */
  scan(hash: string | Uint32Array, maxDistance = 31): PdqMatch[] {
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 256) {
      throw new RangeError(`PDQ scan distance must be an integer from 0 to 256, got ${maxDistance}`);
    }
    this.readQuery(hash);
    this.hits = 0;
    scanSegment(this.main, this.query, maxDistance, this.sink);
    this.scanDelta(maxDistance);
    return this.collectHits();
  }

  private readQuery(hash: string | Uint32Array): void {
    if (typeof hash === 'string') writePdqHex(hash, this.query);
    else this.query.set(checkWords(hash));
  }

  private buildMain(ids: Uint32Array, hashes: Uint32Array, count: number): Segment {
    return buildSegment(ids, hashes, count, this.layout ?? chooseLayout(count));
  }

  private scans(indexCost: number, scanCost: number): boolean {
    return this.main.widths.length === 0 || (this.scanFallback && indexCost >= scanCost) || indexCost === Infinity;
  }

  private searchMain(d: number): void {
    const plan = planFor(this.main, d);
    if (this.scans(plan.cost, plan.scanCost)) scanSegment(this.main, this.query, d, this.sink);
    else this.slotSearch.run(this.main, plan.radii, this.query, d, this.sink);
  }

  private scanDelta(d: number): void {
    const h = this.deltaHashes;
    const q = this.query;
    for (let i = 0; i < this.deltaCount; i++) {
      if (!this.deltaAlive[i]) continue;
      const dist = hammingWithin(h, i * PDQ_WORDS, q, 0, d);
      if (dist <= d) this.hit(this.deltaIds[i]!, dist);
    }
  }

  private hit(id: number, distance: number): void {
    if (this.hits === this.hitIds.length) {
      const ids = new Uint32Array(this.hits * 2);
      ids.set(this.hitIds);
      const distances = new Uint16Array(this.hits * 2);
      distances.set(this.hitDistances);
      this.hitIds = ids;
      this.hitDistances = distances;
    }
    this.hitIds[this.hits] = id;
    this.hitDistances[this.hits] = distance;
    this.hits++;
  }

  /** The hits as matches, one per id at its smallest distance, nearest first then by id. */
  private collectHits(): PdqMatch[] {
    const matches: PdqMatch[] = [];
    for (let i = 0; i < this.hits; i++) matches.push({ id: this.hitIds[i]!, distance: this.hitDistances[i]! });
    matches.sort((a, b) => a.distance - b.distance || a.id - b.id);
    if (matches.length < 2) return matches;
    const seen = new Set<number>();
    return matches.filter((m) => !seen.has(m.id) && seen.add(m.id) !== undefined);
  }

  private growDelta(): void {
    const capacity = this.deltaIds.length * 2;
    const ids = new Uint32Array(capacity);
    ids.set(this.deltaIds);
    const hashes = new Uint32Array(capacity * PDQ_WORDS);
    hashes.set(this.deltaHashes);
    const alive = new Uint8Array(capacity);
    alive.set(this.deltaAlive);
    this.deltaIds = ids;
    this.deltaHashes = hashes;
    this.deltaAlive = alive;
  }
}

function checkWords(words: Uint32Array): Uint32Array {
  if (words.length !== PDQ_WORDS) throw new HashFormatError(`PDQ hash in compact form must be ${PDQ_WORDS} words, got ${words.length}`);
  return words;
}
