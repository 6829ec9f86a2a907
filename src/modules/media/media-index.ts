import type { Database } from '../../storage/db.js';
import { ExactIndex } from './index/exact-index.js';
import { PDQ_WORDS, writePdqHex } from './index/bits.js';
import { PdqIndex } from './index/pdq-index.js';
import type { BankChange, BankPosition, BanksRepo } from './banks.repo.js';
import type { HashType } from './bank-formats.js';

export interface IndexHit {
  entryId: number;
  type: HashType;
  distance: number;
}

export interface IndexStats {
  pdq: number;
  md5: number;
  sha256: number;
  followed: BankPosition;
  bytes: number;
}

const PAGE = 100_000;

/**
 * This node's copy of every active bank hash: PDQ in a multi-index, MD5 and SHA-256 in exact
 * sets. Loaded once at start, then it follows new entries by id and withdrawals and re-additions by
 * change number (bank_hash_changes): at once after a write on this node, and by polling for other
 * nodes' writes. Writers take turns on one advisory lock (banks.repo.ts), so ids and change numbers
 * commit in order and following them misses nothing. A bank loaded whole (bank-load.repo.ts) drew
 * its ids while loading, so its change says to read that bank's entries again.
 */
export class MediaIndex {
  private pdq = new PdqIndex({ autoCompact: false });
  private readonly md5 = new ExactIndex('md5');
  private readonly sha256 = new ExactIndex('sha256');
  private followed: BankPosition = { lastId: 0, lastChange: 0 };
  private loading: Promise<void> | null = null;
  private following: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly repo: BanksRepo,
  ) {}

  /** Loads every active entry (once; later calls wait for the same load). */
  ready(): Promise<void> {
    // A failed load (database down) is retried by the next caller rather than remembered.
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    // Changes from here on are followed afterwards; applying one twice is harmless.
    this.followed = await this.repo.position(this.database.db);
    let ids = new Uint32Array(PAGE);
    let words = new Uint32Array(PAGE * PDQ_WORDS);
    let count = 0;
    for (let after = 0; ;) {
      const page = await this.repo.entriesAfter(this.database.db, after, PAGE, true);
      if (!page.length) break;
      for (const entry of page) {
        if (entry.type !== 'pdq') {
          this.exact(entry.type).add(entry.id, entry.hash);
          continue;
        }
        if (count === ids.length) {
          ids = grow(ids, ids.length * 2);
          words = grow(words, ids.length * PDQ_WORDS);
        }
        ids[count] = entry.id;
        writePdqHex(entry.hash, words, count * PDQ_WORDS);
        count++;
      }
      after = page[page.length - 1]!.id;
    }
    this.pdq = PdqIndex.build(ids.subarray(0, count), words.subarray(0, count * PDQ_WORDS), { autoCompact: false });
    await this.followNow();
  }

  /** Applies every change committed since the last one seen; calls queue behind each other. */
  follow(): Promise<void> {
    const next = async () => {
      if (!this.loading) return; // not loading yet: the load will read the current state
      await this.loading;
      await this.followNow();
    };
    this.following = this.following.then(next, next);
    return this.following;
  }

  private async followNow(): Promise<void> {
    // Entries are applied in their state now, so reading one twice, or in either stream, is harmless.
    for (;;) {
      const added = await this.repo.entriesAfter(this.database.db, this.followed.lastId, PAGE, false);
      for (const entry of added) this.apply(entry);
      if (added.length) this.followed.lastId = added[added.length - 1]!.id;
      if (added.length < PAGE) break;
    }
    for (;;) {
      const changed = await this.repo.changedSince(this.database.db, this.followed.lastChange, PAGE);
      for (const change of changed) {
        if ('entry' in change) this.apply(change.entry);
        else await this.applyBank(change.loadedBank);
      }
      if (changed.length) this.followed.lastChange = changed[changed.length - 1]!.seq;
      if (changed.length < PAGE) break;
    }
    if (this.pdq.needsCompaction) this.pdq.compact();
  }

  /** A bank loaded whole: its entries' ids may lie behind the ids followed, so read them all. */
  private async applyBank(bankId: string): Promise<void> {
    for (let after = 0; ;) {
      const page = await this.repo.bankEntriesAfter(this.database.db, bankId, after, PAGE);
      for (const entry of page) this.apply(entry);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
  }

  private apply(change: BankChange): void {
    if (change.type === 'pdq') {
      this.pdq.remove(change.id);
      if (!change.withdrawn) this.pdq.add(change.id, change.hash);
      return;
    }
    const set = this.exact(change.type);
    set.remove(change.id, change.hash);
    if (!change.withdrawn) set.add(change.id, change.hash);
  }

  /** Polls for other nodes' changes (they take effect here within `everyMs` plus a query). */
  startFollowing(everyMs: number, onError: (error: unknown) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.follow().catch(onError), everyMs);
    this.timer.unref();
  }

  stopFollowing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async search(hashes: { pdq?: string | null; md5?: string | null; sha256?: string | null }, maxDistance: number): Promise<IndexHit[]> {
    await this.ready();
    const hits: IndexHit[] = [];
    if (hashes.pdq) for (const m of this.pdq.search(hashes.pdq, maxDistance)) hits.push({ entryId: m.id, type: 'pdq', distance: m.distance });
    if (hashes.md5) for (const id of this.md5.lookup(hashes.md5)) hits.push({ entryId: id, type: 'md5', distance: 0 });
    if (hashes.sha256) for (const id of this.sha256.lookup(hashes.sha256)) hits.push({ entryId: id, type: 'sha256', distance: 0 });
    return hits;
  }

  stats(): IndexStats {
    return { pdq: this.pdq.size, md5: this.md5.size, sha256: this.sha256.size, followed: { ...this.followed }, bytes: this.pdq.byteLength };
  }

  private exact(type: 'md5' | 'sha256'): ExactIndex {
    return type === 'md5' ? this.md5 : this.sha256;
  }
}

function grow<T extends Uint32Array>(array: T, length: number): T {
  const next = new Uint32Array(length);
  next.set(array.subarray(0, Math.min(array.length, length)));
  return next as T;
}
