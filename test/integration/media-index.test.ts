import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BanksRepo } from '../../src/modules/media/banks.repo.js';
import { MediaIndex } from '../../src/modules/media/media-index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

const pdq = () => randomBytes(32).toString('hex');
const flip = (hex: string, bits: number) => {
  const b = Buffer.from(hex, 'hex');
  for (let i = 0; i < bits; i++) b[i]! ^= 1;
  return b.toString('hex');
};

// Every node keeps its own index; a second MediaIndex over the same database stands for another node.
describe(`each node's hash index follows the banks (${testDriver})`, () => {
  let t: TestApp;
  let other: MediaIndex;
  let bankId: string;
  const system = { type: 'system' } as const;

  beforeAll(async () => {
    t = await createTestApp();
    const bank = await t.services.media.banks.create(system, { name: 'follow-test', kind: 'test' });
    bankId = bank.id;
    const lines = Array.from({ length: 500 }, pdq);
    await t.services.media.banks.applyLines(system, bankId, { format: 'plain', lines, firstLine: 1 });
    other = new MediaIndex(t.db.database, new BanksRepo());
    await other.ready();
  });
  afterAll(async () => {
    other.stopFollowing();
    await t.close();
  });

  it('loads what the banks hold at start', () => {
    expect(other.stats().pdq).toBe(500);
  });

  it('sees an addition and a withdrawal on the writing node at once, and on another node when it follows', async () => {
    const hash = pdq();
    const near = flip(hash, 20);
    await t.services.media.banks.applyLines(system, bankId, { format: 'plain', lines: [hash], firstLine: 1 });
    expect((await t.services.media.index.search({ pdq: near }, 31)).map((h) => h.distance)).toEqual([20]);
    expect(await other.search({ pdq: near }, 31)).toEqual([]);
    await other.follow();
    expect((await other.search({ pdq: near }, 31)).map((h) => h.distance)).toEqual([20]);

    await t.services.media.banks.withdraw(system, bankId, 'pdq', hash, 'listed in error');
    expect(await t.services.media.index.search({ pdq: near }, 31)).toEqual([]);
    await other.follow();
    expect(await other.search({ pdq: near }, 31)).toEqual([]);
  });

  it('follows by polling, without being told', async () => {
    const hash = pdq();
    other.startFollowing(50, (error) => { throw error; });
    await t.services.media.banks.applyLines(system, bankId, { format: 'plain', lines: [hash], firstLine: 1 });
    for (let i = 0; i < 200 && (await other.search({ pdq: hash }, 0)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await other.search({ pdq: hash }, 0)).toHaveLength(1);
    other.stopFollowing();
  });

  it('matches exact digests and forgets them when withdrawn', async () => {
    const md5 = randomBytes(16).toString('hex');
    await t.services.media.banks.applyLines(system, bankId, { format: 'csv', lines: [`${md5},md5,x`], firstLine: 1 });
    await other.follow();
    expect(await other.search({ md5 }, 31)).toMatchObject([{ type: 'md5', distance: 0 }]);
    await t.services.media.banks.applyLines(system, bankId, {
      format: 'stopncii', lines: [JSON.stringify({ signalType: 'MD5', hashValue: md5, status: 'Deleted' })], firstLine: 1,
    });
    await other.follow();
    expect(await other.search({ md5 }, 31)).toEqual([]);
  });
});
