import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashFormatError } from './bits.js';
import { ExactIndex } from './exact-index.js';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('exact digest index', () => {
  it('finds the ids recorded for a digest, in any letter case, and nothing for others', () => {
    const index = new ExactIndex('sha256');
    index.add(7, sha256('a'));
    index.add(3, sha256('a').toUpperCase());
    index.add(9, sha256('b'));
    expect(index.lookup(sha256('a'))).toEqual([3, 7]);
    expect(index.lookup(sha256('b').toUpperCase())).toEqual([9]);
    expect(index.lookup(sha256('c'))).toEqual([]);
    expect(index.size).toBe(3);
  });

  it('agrees with a plain map of sets after any sequence of adds and removes', () => {
    const digests = ['a', 'b', 'c', 'd'].map(md5);
    const step = fc.record({ add: fc.boolean(), id: fc.nat(5), digest: fc.nat(3) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const index = new ExactIndex('md5');
        const model = new Map(digests.map((d) => [d, new Set<number>()]));
        for (const { add, id, digest } of steps) {
          const hex = digests[digest]!;
          const held = model.get(hex)!;
          if (add) {
            index.add(id, hex);
            held.add(id);
          } else {
            expect(index.remove(id, hex)).toBe(held.delete(id));
          }
        }
        for (const [hex, ids] of model) expect(index.lookup(hex)).toEqual([...ids].sort((a, b) => a - b));
        expect(index.size).toBe([...model.values()].reduce((n, ids) => n + ids.size, 0));
      }),
    );
  });

  it('refuses digests of the wrong length or with non-hex characters, naming the kind', () => {
    const md5Index = new ExactIndex('md5');
    expect(() => md5Index.add(1, sha256('a'))).toThrow(/MD5 digest must be exactly 32 hex digits, got 64/);
    expect(() => new ExactIndex('sha256').lookup(md5('a'))).toThrow(/SHA-256 digest must be exactly 64 hex digits, got 32/);
    expect(() => md5Index.lookup('z'.repeat(32))).toThrow(HashFormatError);
    expect(() => md5Index.add(-1, md5('a'))).toThrow(/must be a uint32/);
  });
});
