import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(result).toMatchObject({ completed: true, lines: 1001, added: 997, errors: 2, unchanged: 1 });
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

  it('refuses an unknown bank by name', async () => {
    const file = join(dir, 'x.txt');
    writeFileSync(file, `${pdq()}\n`);
    await expect(t.services.media.imports.importFile(system, { bankName: 'nope', path: file })).rejects.toThrow(/not found/);
  });
});
