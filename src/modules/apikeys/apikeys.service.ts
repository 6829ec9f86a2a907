import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { randomToken, safeEqual, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import type { Scope } from '../../server/access.js';
import { TryggError, conflict, notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { ApiKeyRepo, ApiKeyRow } from './apikeys.repo.js';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ResolvedApiKey {
  id: string;
  name: string;
  scopes: readonly Scope[];
}

const view = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes as Scope[],
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export const KEY_PATTERN = /^trygg_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
/** Resolved keys are cached briefly; a revocation clears this node at once, others within the TTL. */
const CACHE_TTL_MS = 5_000;

type CachedKey = { known: (ResolvedApiKey & { secretHash: string }) | null; until: number };

export class ApiKeyService {
  private readonly cache = new Map<string, CachedKey>();
  /** Look-ups in flight by prefix: requests that miss together share one query. */
  private readonly loading = new Map<string, Promise<CachedKey>>();
  /** Bumped by a revocation: a look-up that began before it does not cache what it read. */
  private generation = 0;
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly database: Database,
    private readonly repo: ApiKeyRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a key; the full key is returned here only, never stored. `presetKey` is for the
   * demo only, whose published key must work on every machine (like its published passwords).
   */
  async create(actor: Actor, name: string, scopes: Scope[], presetKey?: string): Promise<{ apiKey: ApiKeyView; key: string }> {
    const preset = presetKey === undefined ? undefined : KEY_PATTERN.exec(presetKey);
    if (presetKey !== undefined && !preset) throw new TryggError(400, 'invalid-api-key', 'A preset key must look like trygg_<12>_<43>');
    const prefix = preset?.[1] ?? randomBytes(8).toString('hex').slice(0, 12);
    const secret = preset?.[2] ?? randomToken(32);
    const row = await this.database.db.transaction(async (tx) => {
      if (preset && (await this.repo.byPrefix(tx, prefix))) throw conflict('api-key-exists', `An API key with prefix ${prefix} exists`);
      const created = await this.repo.insert(tx, {
        id: newId(), name: name.trim(), prefix, secretHash: sha256Hex(secret), scopes: [...new Set(scopes)].sort(),
        createdBy: actor.id ?? null, createdAt: this.clock.now(),
      });
      await this.audit.record(tx, {
        actor, type: 'apikey.created', subject: { type: 'api_key', id: created.id }, payload: { name: created.name, prefix, scopes: created.scopes },
      });
      return created;
    });
    return { apiKey: view(row), key: `trygg_${prefix}_${secret}` };
  }

  /** The key with this public prefix, revoked or not; it does not count as a use. */
  async findByPrefix(prefix: string): Promise<ApiKeyView | undefined> {
    const row = await this.repo.byPrefix(this.database.db, prefix);
    return row && view(row);
  }

  async list(limit: number, offset: number): Promise<ApiKeyView[]> {
    return (await this.repo.list(this.database.db, limit, offset)).map(view);
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyView> {
    const row = await this.database.db.transaction(async (tx) => {
      const existing = await this.repo.byId(tx, id);
      if (!existing) throw notFound('API key');
      if (existing.revokedAt) throw new TryggError(409, 'already-revoked', 'This API key is already revoked');
      const updated = (await this.repo.update(tx, id, { revokedAt: this.clock.now() }))!;
      await this.audit.record(tx, { actor, type: 'apikey.revoked', subject: { type: 'api_key', id }, payload: { prefix: existing.prefix } });
      return updated;
    });
    this.generation++;
    this.cache.delete(row.prefix);
    this.loading.delete(row.prefix);
    return view(row);
  }

  /** The key a bearer token stands for, or null if malformed, unknown or revoked. */
  async resolve(token: string): Promise<ResolvedApiKey | null> {
    const match = KEY_PATTERN.exec(token);
    if (!match) return null;
    const [, prefix, secret] = match as unknown as [string, string, string];
    const nowMs = this.clock.now().getTime();
    let entry = this.cache.get(prefix);
    if (!entry || entry.until <= nowMs) {
      // A busy client's requests all miss together when the entry expires: one query answers them.
      let pending = this.loading.get(prefix);
      if (!pending) {
        pending = this.load(prefix, nowMs).finally(() => {
          if (this.loading.get(prefix) === pending) this.loading.delete(prefix);
        });
        this.loading.set(prefix, pending);
      }
      entry = await pending;
    }
    const known = entry.known;
    const key = known && safeEqual(known.secretHash, sha256Hex(secret)) ? { id: known.id, name: known.name, scopes: known.scopes } : null;
    if (key && nowMs - (this.lastTouched.get(key.id) ?? 0) > 60_000) {
      this.lastTouched.set(key.id, nowMs);
      await this.repo.update(this.database.db, key.id, { lastUsedAt: new Date(nowMs) });
    }
    return key;
  }

  private async load(prefix: string, nowMs: number): Promise<CachedKey> {
    const generation = this.generation;
    const row = await this.repo.byPrefix(this.database.db, prefix);
    const known = row && !row.revokedAt ? { id: row.id, name: row.name, scopes: row.scopes as Scope[], secretHash: row.secretHash } : null;
    const entry = { known, until: nowMs + CACHE_TTL_MS };
    if (generation === this.generation) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(prefix, entry);
    }
    return entry;
  }
}
