import { describe, expect, it } from 'vitest';
import { lineParser } from './bank-formats.js';
import { BatchBuilder, parseBatch } from './bank-batch.js';

const h = (n: number) => n.toString(16).padStart(64, '0');

describe('parsing a batch of bank lines', () => {
  it('reports malformed lines with their line numbers and keeps the valid ones', () => {
    const batch = parseBatch([h(1), 'zz', '', h(2).slice(3), h(3)], lineParser('plain'), 101);
    expect(batch.adds.map((e) => e.hash)).toEqual([h(1), h(3)]);
    expect(batch.errors.map((e) => e.line)).toEqual([102, 104]);
  });

  it('counts a repeated hash once and lets its last line win', () => {
    const lines = [
      JSON.stringify({ signalType: 'PDQ', hashValue: h(7), status: 'Active' }),
      JSON.stringify({ signalType: 'PDQ', hashValue: h(8), status: 'Active' }),
      JSON.stringify({ signalType: 'PDQ', hashValue: h(7), status: 'Withdrawn' }),
      JSON.stringify({ signalType: 'PDQ', hashValue: h(8), status: 'Active' }),
    ];
    const batch = parseBatch(lines, lineParser('stopncii'), 1);
    expect(batch.withdrawals.map((e) => e.hash)).toEqual([h(7)]);
    expect(batch.adds.map((e) => e.hash)).toEqual([h(8)]);
    expect(batch.hashes).toBe(2);
  });

  it('numbers lines built one at a time from where the previous batch ended', () => {
    const first = new BatchBuilder(lineParser('plain'), 1);
    for (const line of [h(1), 'zz']) first.push(line);
    const second = new BatchBuilder(lineParser('plain'), first.nextLine);
    for (const line of ['', h(2), 'nope']) second.push(line);
    expect(first.finish().errors.map((e) => e.line)).toEqual([2]);
    const batch = second.finish();
    expect(batch.errors.map((e) => e.line)).toEqual([5]);
    expect(batch.adds.map((e) => e.hash)).toEqual([h(2)]);
    expect(second.lines).toBe(3);
  });
});
