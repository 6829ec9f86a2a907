import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { sha256Hex } from '../../lib/crypto.js';
import type { Database } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ApiKeyRepo, ApiKeyRow } from './apikeys.repo.js';
import { ApiKeyService } from './apikeys.service.js';

const prefix = 'abcdef123456';
const secret = 'S'.repeat(43);
const token = `trygg_${prefix}_${secret}`;

/** The service over an in-memory key table whose look-ups wait for `release`, counting them. */
function setup() {
  const row = {
    id: 'key-1', name: 'platform', prefix, secretHash: sha256Hex(secret), scopes: ['decisions:read'], revokedAt: null as Date | null,
    createdBy: null, createdAt: new Date(), lastUsedAt: null as Date | null,
  } as unknown as ApiKeyRow;
  let release: () => void = () => {};
  let gate = Promise.resolve();
  const hold = () => (gate = new Promise<void>((r) => (release = r)));
  const byPrefix = vi.fn(async () => {
    const seen = { ...row };
    await gate;
    return seen;
  });
  const repo = {
    byPrefix, byId: async () => row,
    update: async (_db: unknown, _id: string, changes: Partial<ApiKeyRow>) => Object.assign(row, changes),
  } as unknown as ApiKeyRepo;
  const database = { db: { transaction: async (fn: (tx: unknown) => Promise<unknown>) => fn({}) } } as unknown as Database;
  const audit = { record: async () => {} } as unknown as AuditService;
  const clock = new ManualClock(new Date('2026-06-15T10:00:00Z'));
  const service = new ApiKeyService(database, repo, audit, clock);
  return { service, byPrefix, clock, hold, release: () => release() };
}

describe('ApiKeyService.resolve', () => {
  it('answers requests that miss the cache together with one look-up', async () => {
    const { service, byPrefix, hold, release } = setup();
    hold();
    const answers = Array.from({ length: 50 }, () => service.resolve(token));
    release();
    for (const key of await Promise.all(answers)) expect(key).toMatchObject({ id: 'key-1', scopes: ['decisions:read'] });
    expect(byPrefix).toHaveBeenCalledTimes(1);
  });

  it('looks the key up again once the cached answer has expired', async () => {
    const { service, byPrefix, clock } = setup();
    await service.resolve(token);
    await service.resolve(token);
    expect(byPrefix).toHaveBeenCalledTimes(1);
    clock.advance(5_000);
    await Promise.all([service.resolve(token), service.resolve(token)]);
    expect(byPrefix).toHaveBeenCalledTimes(2);
  });

  it('does not keep what a look-up read before a revocation on this node', async () => {
    const { service, byPrefix, hold, release } = setup();
    hold();
    const before = service.resolve(token);
    await service.revoke({ type: 'staff', id: 'admin' } as never, 'key-1');
    release();
    await before; // raced the revocation: it may pass, but its answer is not cached
    expect(await service.resolve(token)).toBeNull();
    expect(byPrefix).toHaveBeenCalledTimes(2);
  });
});
