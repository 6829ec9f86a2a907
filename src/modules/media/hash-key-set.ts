// The hash keys (first 64 bits of a hash) an import has seen, to know whether its file can hold
// a repeat at all. A bulk load removes repeats at the end by grouping the loaded table on the key,
// which on a fresh 1,000,000-row table costs ~2 s (every key index entry sends PostgreSQL to the
// heap); with no key seen twice, no hash was, and that step is skipped. 8 bytes a key, in typed
// arrays (a JS Set of 1,000,000 strings costs ~10 times more).

/** Keys tracked at most (128 MiB of table); past this the caller must assume repeats. */
export const MAX_TRACKED_KEYS = 8_000_000;

export class HashKeySet {
  private slots = new Uint32Array(2 << 16); // (hi, lo) pairs; (0, 0) marks an empty slot
  private mask = (this.slots.length >>> 1) - 1;
  private zeroSeen = false; // the key 0 cannot live in a slot: it is the empty mark
  size = 0;

  /** Memory the table holds. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Set once a key repeats (or the table is full): from then on the answer is "maybe". */
  repeated = false;

  /** Notes the key of a hex hash (at least 16 hex digits); false when it was seen before. */
  add(hex: string): boolean {
    if (this.repeated) return false;
    const hi = Number.parseInt(hex.slice(0, 8), 16) >>> 0;
    const lo = Number.parseInt(hex.slice(8, 16), 16) >>> 0;
    if (Number.isNaN(hi) || Number.isNaN(lo)) throw new RangeError(`not a hex hash: ${hex}`);
    if (hi === 0 && lo === 0) return this.mark(this.zeroSeen ? 'repeat' : ((this.zeroSeen = true), 'new'));
    if (this.size >= MAX_TRACKED_KEYS) return this.mark('repeat');
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    return this.mark(this.insert(hi, lo) ? 'new' : 'repeat');
  }

  private mark(outcome: 'new' | 'repeat'): boolean {
    if (outcome === 'repeat') this.repeated = true;
    else this.size++;
    return outcome === 'new';
  }

  private insert(hi: number, lo: number): boolean {
    // Keys are hashes already: their low bits spread well enough to index by.
    for (let i = (lo ^ hi) & this.mask; ; i = (i + 1) & this.mask) {
      const at = i << 1;
      const h = this.slots[at]!;
      const l = this.slots[at + 1]!;
      if (h === 0 && l === 0) {
        this.slots[at] = hi;
        this.slots[at + 1] = lo;
        return true;
      }
      if (h === hi && l === lo) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = (this.slots.length >>> 1) - 1;
    for (let at = 0; at < old.length; at += 2) if (old[at] !== 0 || old[at + 1] !== 0) this.insert(old[at]!, old[at + 1]!);
  }
}
