import { describe, expect, it } from 'vitest';
import { csvFields, detectFormat, lineParser } from './bank-formats.js';

const pdq = 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22';
const md5 = '0123456789abcdef0123456789abcdef';

describe('bank file formats', () => {
  it('reads plain lines: MD5 by length, 64 digits as the declared type', () => {
    expect(lineParser('plain').parse(pdq.toUpperCase())).toEqual({ kind: 'hash', op: 'add', type: 'pdq', hash: pdq, label: null });
    expect(lineParser('plain', 'sha256').parse(pdq)).toMatchObject({ type: 'sha256' });
    expect(lineParser('plain').parse(md5)).toMatchObject({ type: 'md5' });
    expect(lineParser('plain').parse('  # a comment')).toEqual({ kind: 'skip' });
    expect(lineParser('plain').parse('')).toEqual({ kind: 'skip' });
  });

  it('reports hashes of the wrong length or with non-hex digits with the reason', () => {
    expect(lineParser('plain').parse(pdq.slice(2))).toMatchObject({ kind: 'error', reason: expect.stringMatching(/wrong length/) });
    expect(lineParser('plain').parse(`${pdq.slice(1)}g`)).toMatchObject({ kind: 'error', reason: expect.stringMatching(/not hexadecimal/) });
  });

  it('reads csv with or without a header, labels with commas in quotes', () => {
    const p = lineParser('csv');
    expect(p.parse('hash,type,label')).toEqual({ kind: 'skip' });
    expect(p.parse(`${md5},MD5,"case 12, part 2"`)).toEqual({ kind: 'hash', op: 'add', type: 'md5', hash: md5, label: 'case 12, part 2' });
    expect(lineParser('csv').parse(`${pdq},pdq`)).toMatchObject({ kind: 'hash', type: 'pdq', label: null });
    expect(lineParser('csv').parse(`${pdq},phash`)).toMatchObject({ kind: 'error', reason: expect.stringMatching(/unknown hash type/) });
  });

  it('reads StopNCII records: Withdrawn and Deleted remove the hash', () => {
    const p = lineParser('stopncii');
    expect(p.parse(JSON.stringify({ signalType: 'PDQ', hashValue: pdq, status: 'Active', caseNumber: 'S-1' })))
      .toEqual({ kind: 'hash', op: 'add', type: 'pdq', hash: pdq, label: 'S-1' });
    expect(p.parse(JSON.stringify({ signalType: 'MD5', hashValue: md5, status: 'Withdrawn' }))).toMatchObject({ op: 'withdraw', type: 'md5' });
    expect(p.parse(JSON.stringify({ signalType: 'MD5', hashValue: md5, status: 'Deleted' }))).toMatchObject({ op: 'withdraw' });
    expect(p.parse(JSON.stringify({ signalType: 'MD5', hashValue: md5, status: 'Pending' }))).toMatchObject({ kind: 'error' });
    expect(p.parse('{not json')).toMatchObject({ kind: 'error', reason: 'not valid JSON' });
    const csv = lineParser('stopncii');
    expect(csv.parse('signal_type,hash_value,status')).toEqual({ kind: 'skip' });
    expect(csv.parse(`PDQ,${pdq},Withdrawn`)).toMatchObject({ kind: 'hash', op: 'withdraw', type: 'pdq' });
  });

  it('detects the format from the first meaningful line', () => {
    expect(detectFormat(['# list', pdq])).toBe('plain');
    expect(detectFormat([`${pdq},pdq,label`])).toBe('csv');
    expect(detectFormat(['signal_type,hash_value,status'])).toBe('stopncii');
    expect(detectFormat(['{"signalType":"PDQ"}'])).toBe('stopncii');
  });

  it('splits quoted csv fields with escaped quotes', () => {
    expect(csvFields('a,"b ""c"", d",e')).toEqual(['a', 'b "c", d', 'e']);
  });
});
