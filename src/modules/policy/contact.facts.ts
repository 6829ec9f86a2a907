import type { FactsChange, FactsSubscriber } from './contact.changes.js';
import { pairKey } from './contact.repo.js';

/** An account as decisions need it; `restrictedUntil` is checked at decision time. */
export interface CachedAccount {
  birthYmd: number;
  ageVerified: boolean;
  /** A restriction is set (suspended, banned, restricted from minors)… */
  restricted: boolean;
  /** …until this moment (ms since epoch), or for good when null. */
  restrictedUntil: number | null;
}

/** One member id: its account (null: Trygg has not seen it register) and whom it has written to. */
export interface CachedMember {
  account: CachedAccount | null;
  /** Everyone this member has written to; null when too many to keep: then asked pair by pair. */
  wroteTo: Set<string> | null;
}

/** Facts read from the database by one load. */
export interface LoadedFacts {
  members: Map<string, CachedMember>;
  /** "from\u0000to" → has `from` written to `to`, for pairs asked one by one. */
  pairs: Map<string, boolean>;
}

/** What happened to the keys while a load was in flight. */
export interface Load {
  ids: Set<string>;
  pairs: Set<string>;
  all: boolean;
}

const DEFAULT_LIMITS = { members: 500_000, pairs: 500_000 };

/**
 * This node's copy of the facts contact decisions read, told of every committed change by
 * ContactChanges. An answer read from the database is kept only if nothing about its key
 * changed while it was being read and the listener is live (else it cannot hear of changes).
 * Bounded: past the limit the oldest entries go first.
 */
export class ContactFactsCache implements FactsSubscriber {
  private readonly members = new Map<string, CachedMember>();
  private readonly pairs = new Map<string, boolean>();
  private readonly loads = new Set<Load>();
  private listening = false;

  constructor(private readonly limits = DEFAULT_LIMITS) {}

  /** undefined: not cached. */
  member(id: string): CachedMember | undefined {
    return this.members.get(id);
  }

  /** Has `from` written to `to`? undefined: not known here. */
  hasWritten(from: string, to: string): boolean | undefined {
    const wroteTo = this.members.get(from)?.wroteTo;
    return wroteTo ? wroteTo.has(to) : this.pairs.get(pairKey(from, to));
  }

  /** Whether it keeps answers (its listener is connected). */
  get live(): boolean {
    return this.listening;
  }

  get size(): { members: number; pairs: number } {
    return { members: this.members.size, pairs: this.pairs.size };
  }

  /** Room for more members (warming stops here rather than evicting what it just loaded). */
  get room(): number {
    return this.limits.members - this.members.size;
  }

  /** Call before reading from the database; give the token to `store` with what was read. */
  beginLoad(): Load {
    const load: Load = { ids: new Set(), pairs: new Set(), all: false };
    this.loads.add(load);
    return load;
  }

  /** Keeps what a load read, except what changed meanwhile; always ends the load. */
  store(load: Load, facts: LoadedFacts): void {
    this.loads.delete(load);
    if (!this.listening || load.all) return;
    for (const [id, member] of facts.members) if (!load.ids.has(id)) put(this.members, id, member, this.limits.members);
    for (const [key, value] of facts.pairs) if (!load.pairs.has(key)) put(this.pairs, key, value, this.limits.pairs);
  }

  /** A load that failed: nothing to keep. */
  abandon(load: Load): void {
    this.loads.delete(load);
  }

  forget(change: FactsChange): void {
    for (const id of change.accounts ?? []) {
      this.members.delete(id);
      for (const load of this.loads) load.ids.add(id);
    }
    for (const [from, to] of change.wrote ?? []) {
      // Committed, and "has written" never reverts: add it rather than read it all again.
      this.members.get(from)?.wroteTo?.add(to);
      const key = pairKey(from, to);
      if (this.pairs.has(key)) this.pairs.set(key, true);
      for (const load of this.loads) {
        load.ids.add(from);
        load.pairs.add(key);
      }
    }
  }

  reset(live: boolean): void {
    this.listening = live;
    this.members.clear();
    this.pairs.clear();
    for (const load of this.loads) load.all = true;
  }
}

function put<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  if (map.size >= limit && !map.has(key)) {
    // Maps iterate in insertion order: drop the oldest tenth in one go rather than one per insert.
    let drop = Math.max(1, Math.floor(limit / 10));
    for (const k of map.keys()) {
      map.delete(k);
      if (--drop === 0) break;
    }
  }
  map.set(key, value);
}
