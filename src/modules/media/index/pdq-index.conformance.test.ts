import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PdqIndex, type PdqIndexOptions } from './pdq-index.js';
import { balancedWidths } from './pdq-plan.js';

// The shared conformance data sits beside the repository (../shared), in CI as here.
const shared = new URL('../shared/pdq/', pathToFileURL(`${process.cwd()}/`));
const lines = (name: string): string[] => readFileSync(new URL(name, shared), 'utf8').split('\n').filter((l) => l.trim() !== '');

describe('PDQ index against the upstream matcher regression data', () => {
  const haystack = lines('haystack.txt');
  const needles = lines('needles.txt');
  const expected = lines('matches-d31.csv').slice(1);

  // The layout chosen for 1,350 hashes, and the 16×16 and 11×23-24 bit layouts forced.
  it.each<[string, PdqIndexOptions]>([
    ['as chosen by size', {}],
    ['with 16 slots of 16 bits', { layout: balancedWidths(16), scanFallback: false }],
    ['with 11 slots of 23-24 bits', { layout: balancedWidths(11), scanFallback: false }],
  ])('finds exactly the 250 (needle, haystack, distance) pairs of matches-d31.csv at d = 31, %s', (_, options) => {
    expect(haystack).toHaveLength(1350);
    expect(needles).toHaveLength(100);
    expect(expected).toHaveLength(250);
    const index = PdqIndex.fromHex(haystack, options);
    const found = needles.flatMap((needle, n) => index.search(needle, 31).map((m) => `${n},${m.id},${m.distance}`));
    expect(new Set(found).size).toBe(found.length);
    expect(found.sort()).toEqual([...expected].sort());
  });

  it('finds the same pairs when the haystack arrives by add() into the delta, then after compaction', () => {
    const index = new PdqIndex({ autoCompact: false });
    haystack.forEach((hex, i) => index.add(i, hex));
    const run = (): string[] => needles.flatMap((needle, n) => index.search(needle).map((m) => `${n},${m.id},${m.distance}`)).sort();
    expect(run()).toEqual([...expected].sort());
    index.compact();
    expect(run()).toEqual([...expected].sort());
  });
});
