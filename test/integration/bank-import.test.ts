import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BanksRepo } from '../../src/modules/media/banks.repo.js';
import { MediaIndex } from '../../src/modules/media/media-index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

const pdq = () => randomBytes(32).toString('hex');

describe(`importing a bank file (${testDriver})`, () => {
  let t: TestApp;
  let dir: string;
  const system = { type: 'system' } as const;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'trygg-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('imports the valid lines and names the malformed ones by line number', async () => {
    await t.services.media.banks.create(system, { name: 'plain', kind: 'test' });
    const lines = Array.from({ length: 1000 }, pdq);
    lines[9] = 'not-a-hash';
    lines[499] = lines[499]!.slice(0, 60);
    lines[700] = lines[0]!; // a repeat in a later batch is counted as already there
    const file = join(dir, 'plain.txt');
    writeFileSync(file, `# a comment\n${lines.join('\n')}\n`);
    const progress: number[] = [];
    const result = await t.services.media.imports.importFile(system, { bankName: 'plain', path: file, batchLines: 300, onProgress: (p) => progress.push(p.lines) });
    expect(result).toMatchObject({ mode: 'bulk', completed: true, lines: 1001, added: 997, errors: 2, unchanged: 1 });
    expect(result.firstErrors.map((e) => e.line)).toEqual([11, 501]);
    expect(result.firstErrors[1]!.reason).toMatch(/wrong length/);
    expect(progress).toEqual([300, 600, 900, 1001]);
  });

  it('resumes an interrupted import of the same file after its last committed batch', async () => {
    await t.services.media.banks.create(system, { name: 'csv', kind: 'test' });
    const rows = Array.from({ length: 950 }, (_, i) => `${pdq()},pdq,"label ${i}"`);
    rows[800] = `${pdq()},phash,bad type`;
    const file = join(dir, 'list.csv');
    writeFileSync(file, `hash,type,label\n${rows.join('\n')}\n`);
    const stop = new AbortController();
    const first = await t.services.media.imports.importFile(system, {
      bankName: 'csv', path: file, batchLines: 400, signal: stop.signal, onProgress: () => stop.abort(),
    });
    expect(first).toMatchObject({ completed: false, lines: 400, added: 399 });
    const second = await t.services.media.imports.importFile(system, { bankName: 'csv', path: file, batchLines: 400 });
    expect(second.importId).toBe(first.importId);
    expect(second.resumedFrom).toBeGreaterThan(0);
    expect(second).toMatchObject({ completed: true, lines: 951, added: 949, errors: 1 });
    expect(second.firstErrors).toEqual([{ line: 802, reason: expect.stringMatching(/unknown hash type/) }]);
    const [bank] = (await t.services.media.banks.list()).filter((b) => b.name === 'csv');
    expect(bank!.active).toBe(949);
  });

  it('applies StopNCII withdrawals to hashes imported earlier', async () => {
    await t.services.media.banks.create(system, { name: 'stopncii', kind: 'victim_submitted' });
    const hashes = Array.from({ length: 10 }, pdq);
    const active = join(dir, 'active.jsonl');
    writeFileSync(active, hashes.map((h) => JSON.stringify({ signalType: 'PDQ', hashValue: h, status: 'Active' })).join('\n'));
    expect((await t.services.media.imports.importFile(system, { bankName: 'stopncii', path: active })).added).toBe(10);
    const update = join(dir, 'update.jsonl');
    writeFileSync(update, hashes.slice(0, 3).map((h, i) => JSON.stringify({ signalType: 'PDQ', hashValue: h, status: i ? 'Deleted' : 'Withdrawn' })).join('\n'));
    expect((await t.services.media.imports.importFile(system, { bankName: 'stopncii', path: update })).withdrawn).toBe(3);
    const [bank] = (await t.services.media.banks.list()).filter((b) => b.name === 'stopncii');
    expect(bank).toMatchObject({ active: 7, withdrawn: 3 });
  });

  it('loads an empty bank whole, and another node that followed past its ids still finds every hash', async () => {
    // Another node, already loaded and following, before the import starts.
    const other = new MediaIndex(t.db.database, new BanksRepo());
    await other.ready();
    await t.services.media.banks.create(system, { name: 'bulk', kind: 'test' });
    await t.services.media.banks.create(system, { name: 'busy', kind: 'test' });
    const lines = Array.from({ length: 700 }, (_, i) => `${pdq()},pdq,"first ${i}"`);
    // Repeats: of a line in an earlier batch (counted as already there, its first label kept, as row by
    // row), and of one in the same batch (collapsed into one entry before writing, as row by row).
    lines.push(lines[5]!.replace('first 5', 'again'), lines[600]!.replace('first 600', 'again'));
    const file = join(dir, 'bulk.csv');
    writeFileSync(file, `hash,type,label\n${lines.join('\n')}\n`);
    const stop = new AbortController();
    const first = await t.services.media.imports.importFile(system, {
      bankName: 'bulk', path: file, batchLines: 250, signal: stop.signal, onProgress: () => stop.abort(),
    });
    expect(first).toMatchObject({ mode: 'bulk', completed: false });
    // Meanwhile another bank gets entries with higher ids, and the other node follows past them.
    const busy = (await t.services.media.banks.list()).find((b) => b.name === 'busy')!;
    await t.services.media.banks.applyLines(system, busy.id, { format: 'plain', lines: [pdq(), pdq()], firstLine: 1 });
    await other.follow();
    const followedBefore = other.stats().followed.lastId;

    const rest = await t.services.media.imports.importFile(system, { bankName: 'bulk', path: file, batchLines: 250 });
    expect(rest).toMatchObject({ mode: 'bulk', completed: true, lines: 703, added: 700, unchanged: 1 });
    const [bank] = (await t.services.media.banks.list()).filter((b) => b.name === 'bulk');
    expect(bank).toMatchObject({ active: 700, withdrawn: 0 });
    // The first line of a repeated hash is the one kept.
    const [kept] = await t.services.media.banks.lookup(lines[5]!.split(',')[0]!);
    expect(kept).toMatchObject({ label: 'first 5' });
    // The loaded entries' ids were drawn while loading, below ids the other node has followed past.
    const loaded = await new BanksRepo().bankEntriesAfter(t.db.database.db, bank!.id, 0, 1000);
    expect(Math.min(...loaded.map((e) => e.id))).toBeLessThan(followedBefore);
    await other.follow();
    for (const line of [lines[0]!, lines[650]!]) {
      expect(await other.search({ pdq: line.split(',')[0]! }, 0)).toEqual([expect.objectContaining({ type: 'pdq', distance: 0 })]);
    }
    expect(other.stats().pdq).toBeGreaterThanOrEqual(702);
  });

  it('loads an empty bank whole in one run: a repeat in a later batch is still removed, and without repeats the counts are the rows', async () => {
    await t.services.media.banks.create(system, { name: 'one-run', kind: 'test' });
    await t.services.media.banks.create(system, { name: 'one-run-distinct', kind: 'test' });
    const lines = Array.from({ length: 600 }, (_, i) => `${pdq()},pdq,"first ${i}"`);
    const repeated = join(dir, 'one-run.csv');
    writeFileSync(repeated, `hash,type,label\n${[...lines, lines[10]!.replace('first 10', 'again')].join('\n')}\n`);
    const distinct = join(dir, 'one-run-distinct.csv');
    writeFileSync(distinct, `hash,type,label\n${lines.join('\n')}\n`);

    const a = await t.services.media.imports.importFile(system, { bankName: 'one-run', path: repeated, batchLines: 250 });
    expect(a).toMatchObject({ mode: 'bulk', completed: true, added: 600, unchanged: 1 });
    expect((await t.services.media.banks.lookup(lines[10]!.split(',')[0]!))[0]).toMatchObject({ label: 'first 10' });
    const b = await t.services.media.imports.importFile(system, { bankName: 'one-run-distinct', path: distinct, batchLines: 250 });
    expect(b).toMatchObject({ mode: 'bulk', completed: true, added: 600, unchanged: 0 });

    const banks = await t.services.media.banks.list();
    for (const name of ['one-run', 'one-run-distinct']) {
      const bank = banks.find((x) => x.name === name)!;
      const rows = await new BanksRepo().bankEntriesAfter(t.db.database.db, bank.id, 0, 10_000);
      expect([bank.active, rows.length]).toEqual([600, 600]);
    }
  });

  it('adds row by row to a bank that has entries, and merges a load into a bank that gained some meanwhile', async () => {
    await t.services.media.banks.create(system, { name: 'merge', kind: 'test' });
    const bank = (await t.services.media.banks.list()).find((b) => b.name === 'merge')!;
    const hashes = Array.from({ length: 600 }, pdq);
    const file = join(dir, 'merge.txt');
    writeFileSync(file, `${hashes.join('\n')}\n`);
    const stop = new AbortController();
    const first = await t.services.media.imports.importFile(system, { bankName: 'merge', path: file, batchLines: 200, signal: stop.signal, onProgress: () => stop.abort() });
    expect(first.mode).toBe('bulk');
    // A moderator adds one of the file's hashes and a new one while the load is unfinished.
    const extra = pdq();
    await t.services.media.banks.applyLines(system, bank.id, { format: 'plain', lines: [hashes[450]!, extra], firstLine: 1 });
    const rest = await t.services.media.imports.importFile(system, { bankName: 'merge', path: file, batchLines: 200 });
    expect(rest).toMatchObject({ mode: 'bulk', completed: true, added: 599, unchanged: 1 });
    expect((await t.services.media.banks.list()).find((b) => b.name === 'merge')).toMatchObject({ active: 601 });
    expect(await t.services.media.banks.lookup(hashes[450]!)).toHaveLength(1);

    // The bank has entries now: the next file goes row by row.
    const more = join(dir, 'more.txt');
    writeFileSync(more, `${[pdq(), hashes[0]!].join('\n')}\n`);
    expect(await t.services.media.imports.importFile(system, { bankName: 'merge', path: more })).toMatchObject({ mode: 'rows', added: 1, unchanged: 1 });
    // This node's index has the merged entries (the importing node follows at once).
    for (const hash of [hashes[0]!, hashes[450]!, hashes[599]!, extra]) {
      expect(await t.services.media.index.search({ pdq: hash }, 0)).toHaveLength(1);
    }
  });

  it('refuses an unknown bank by name', async () => {
    const file = join(dir, 'x.txt');
    writeFileSync(file, `${pdq()}\n`);
    await expect(t.services.media.imports.importFile(system, { bankName: 'nope', path: file })).rejects.toThrow(/not found/);
  });
});
