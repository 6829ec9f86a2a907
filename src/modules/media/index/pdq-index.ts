/**
 * In-memory PDQ index for known-image matching: multi-index hashing (MIH) over 16 slots of 16 bits.
 *
 * A hash within distance d of the query agrees within floor(d / 16) bits in at least one slot
 * (pigeonhole: 16 slots each ≥ floor(d/16) + 1 apart would add up to more than d). So per slot we
 * visit the bucket of the query's key and of every key within that radius (d = 31: the key and its
 * 16 one-bit flips), and check the full distance of each entry found.
 *
 * Ids are the caller's uint32 (it maps them to bank entries). An id may carry several hashes;
 * `remove(id)` drops them all, and a search reports each id once, at its smallest distance.
 *
 * Updates do not rebuild: `add` appends to a small delta that every search scans linearly, and
 * `remove` marks tombstones. `compact()` merges both into fresh flat arrays; it runs inside `add`
 * once the delta reaches `deltaLimit`, unless `autoCompact` is off and the caller schedules it.
 */
import { HashFormatError, PDQ_WORDS, hammingWithin, popcount32, writePdqHex } from './bits.js';
import {
  FLIP_MASKS, MASKS_WITHIN, SLOTS, STRIDE, buildSegment, emptySegment, foundInEarlierSlot, lowerBound, orderById, segmentBytes,
  type Segment,
} from './pdq-layout.js';

export interface PdqMatch {
  id: number;
  distance: number;
}

export interface PdqIndexOptions {
  /** Delta entries (added since the last compaction) that trigger a compaction. Default 4,096. */
  deltaLimit?: number;
  /** Compact inside `add` when the delta is full (default). Off: the caller watches `needsCompaction`. */
  autoCompact?: boolean;
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
  // Scratch reused by every search: the query's words and the raw (id, distance) hits.
  private readonly query = new Uint32Array(PDQ_WORDS);
  private hitIds = new Uint32Array(64);
  private hitDistances = new Uint16Array(64);
  private hits = 0;

  constructor(options: PdqIndexOptions = {}) {
    this.deltaLimit = Math.max(1, options.deltaLimit ?? 4096);
    this.autoCompact = options.autoCompact ?? true;
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
    index.main = buildSegment(sortedIds, sortedHashes, count);
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
      if (alive[p]) {
        alive[p] = 0;
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
      if (!seg.alive[p]) continue;
      // Merge by id: main is ascending, and so is the sorted live delta.
      while (d < deltaLive.length && this.deltaIds[deltaLive[d]!]! < seg.ids[p]!) take(this.deltaIds, this.deltaHashes, deltaLive[d++]!);
      take(seg.ids, seg.hashes, p);
    }
    while (d < deltaLive.length) take(this.deltaIds, this.deltaHashes, deltaLive[d++]!);
    this.main = buildSegment(ids, hashes, count);
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
    const { hashes: h, alive, ids, count } = this.main;
    const q = this.query;
    const q0 = q[0]!, q1 = q[1]!, q2 = q[2]!, q3 = q[3]!, q4 = q[4]!, q5 = q[5]!, q6 = q[6]!, q7 = q[7]!;
    const d = maxDistance;
    // The same early exits as the index's hot loop, so the comparison is fair to the scan.
    for (let p = 0, b = 0; p < count; p++, b += PDQ_WORDS) {
      let dist = popcount32(h[b]! ^ q0) + popcount32(h[b + 1]! ^ q1);
      if (dist > d) continue;
      dist += popcount32(h[b + 2]! ^ q2) + popcount32(h[b + 3]! ^ q3);
      if (dist > d) continue;
      dist += popcount32(h[b + 4]! ^ q4) + popcount32(h[b + 5]! ^ q5);
      if (dist > d) continue;
      dist += popcount32(h[b + 6]! ^ q6) + popcount32(h[b + 7]! ^ q7);
      if (dist <= d && alive[p]) this.hit(ids[p]!, dist);
    }
    this.scanDelta(maxDistance);
    return this.collectHits();
  }

  private readQuery(hash: string | Uint32Array): void {
    if (typeof hash === 'string') writePdqHex(hash, this.query);
    else this.query.set(checkWords(hash));
  }

  // The hot loop: one random read of the candidate's 32 bytes, popcounts on locals, and an exit
  // after each pair of words once the distance passes d (most candidates leave after 2 or 4 words).
  private searchMain(d: number): void {
    const { hashes: h, alive, ids, offsets: off, postings } = this.main;
    const q = this.query;
    const q0 = q[0]!, q1 = q[1]!, q2 = q[2]!, q3 = q[3]!, q4 = q[4]!, q5 = q[5]!, q6 = q[6]!, q7 = q[7]!;
    const radius = d >> 4;
    const maskCount = MASKS_WITHIN[radius as 0 | 1 | 2 | 3];
    for (let s = 0; s < SLOTS; s++) {
      const key = (q[s >> 1]! >>> ((s & 1) << 4)) & 0xffff;
      const post = postings[s]!;
      const start = s * STRIDE;
      for (let m = 0; m < maskCount; m++) {
        const k = start + (key ^ FLIP_MASKS[m]!);
        const end = off[k + 1]!;
        for (let i = off[k]!; i < end; i++) {
          const p = post[i]!;
          const b = p * PDQ_WORDS;
          let dist = popcount32(h[b]! ^ q0) + popcount32(h[b + 1]! ^ q1);
          if (dist > d) continue;
          dist += popcount32(h[b + 2]! ^ q2) + popcount32(h[b + 3]! ^ q3);
          if (dist > d) continue;
          dist += popcount32(h[b + 4]! ^ q4) + popcount32(h[b + 5]! ^ q5);
          if (dist > d) continue;
          dist += popcount32(h[b + 6]! ^ q6) + popcount32(h[b + 7]! ^ q7);
          if (dist > d || !alive[p]) continue;
          // Report from the first slot that finds the entry only: no per-query "seen" set needed.
          if (s > 0 && foundInEarlierSlot(h, b, q, s, radius)) continue;
          this.hit(ids[p]!, dist);
        }
      }
    }
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
