import type { Database } from '../../storage/db.js';
import { ymdOf } from './contact-decision.js';
import { ContactFactsCache, type CachedMember, type LoadedFacts } from './contact.facts.js';
import { pairKey, WROTE_TO_LIMIT, type ContactRepo, type MemberRow } from './contact.repo.js';

/** Members per query while filling the cache ahead of decisions. */
const WARM_PAGE = 2_000;

const toMember = (row: MemberRow): CachedMember => ({
  account: row.account && {
    birthYmd: ymdOf(row.account.birthDate), ageVerified: row.account.ageVerified,
    restricted: row.account.restricted, restrictedUntil: row.account.restrictedUntil === null ? null : Number(row.account.restrictedUntil),
  },
  wroteTo: row.wroteTo.length > WROTE_TO_LIMIT ? null : new Set(row.wroteTo),
});

/** Reads decision facts from the database into the cache: on demand, and ahead of time. */
export class ContactFactsLoader {
  private warming?: Promise<void>;

  constructor(
    private readonly database: Database,
    private readonly repo: ContactRepo,
    readonly cache: ContactFactsCache,
  ) {}

  /** Members and pairs in one round trip; the cache keeps what did not change meanwhile. */
  async load(ids: string[], pairs: { from: string; to: string }[]): Promise<{ policyVersion: number; facts: LoadedFacts }> {
    const token = this.cache.beginLoad();
    try {
      const rows = await this.repo.facts(this.database.db, ids, pairs);
      const facts: LoadedFacts = { members: new Map(rows.members.map((m) => [m.id, toMember(m)])), pairs: new Map() };
      for (const p of pairs) {
        facts.pairs.set(pairKey(p.from, p.to), false);
        facts.pairs.set(pairKey(p.to, p.from), false);
      }
      for (const [from, to] of rows.wrote) facts.pairs.set(pairKey(from, to), true);
      this.cache.store(token, facts);
      return { policyVersion: rows.policyVersion, facts };
    } catch (error) {
      this.cache.abandon(token);
      throw error;
    }
  }

  /**
   * Fills the cache with registered members, a page at a time, up to its limit: so the first
   * decisions after a start do not each wait for the database. Runs once per live listener
   * (a reconnect empties the cache); decisions meanwhile load what they need themselves.
   */
  warm(): Promise<void> {
    this.warming ??= (async () => {
      let after = '';
      while (this.cache.room > 0) {
        const token = this.cache.beginLoad();
        let rows: MemberRow[];
        try {
          rows = await this.repo.membersAfter(this.database.db, after, Math.min(WARM_PAGE, this.cache.room));
        } catch {
          this.cache.abandon(token);
          return; // not needed for correctness: decisions load on demand
        }
        this.cache.store(token, { members: new Map(rows.map((m) => [m.id, toMember(m)])), pairs: new Map() });
        if (rows.length === 0 || !this.cache.live) return;
        // Emptied meanwhile (the listener reconnected): start over.
        after = token.all ? '' : rows[rows.length - 1]!.id;
        // Decisions go first: on PGlite a query holds this thread while it runs.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => (this.warming = undefined));
    return this.warming;
  }
}
