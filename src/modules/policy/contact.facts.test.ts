import { describe, expect, it } from 'vitest';
import { encode } from './contact.changes.js';
import { ContactFactsCache, type CachedMember, type LoadedFacts } from './contact.facts.js';

const member = (birthYmd: number, wroteTo: string[] = []): CachedMember => ({
  account: { birthYmd, ageVerified: false, restricted: false, restrictedUntil: null },
  wroteTo: new Set(wroteTo),
});
const facts = (members: [string, CachedMember][], pairs: [string, boolean][] = []): LoadedFacts => ({ members: new Map(members), pairs: new Map(pairs) });

describe('the contact facts cache', () => {
  it('keeps nothing until it hears of changes, and forgets everything when it may have missed some', () => {
    const cache = new ContactFactsCache();
    cache.store(cache.beginLoad(), facts([['a', member(20000101)]]));
    expect(cache.member('a')).toBeUndefined();
    cache.reset(true);
    cache.store(cache.beginLoad(), facts([['a', member(20000101)]]));
    expect(cache.member('a')).toBeDefined();
    cache.reset(false);
    expect(cache.member('a')).toBeUndefined();
  });

  it('does not keep what a load read if it changed while the load was in flight', () => {
    const cache = new ContactFactsCache();
    cache.reset(true);
    const load = cache.beginLoad();
    cache.forget({ accounts: ['a'], wrote: [['c', 'd']] });
    cache.store(load, facts([['a', member(20000101)], ['b', member(19800101)], ['c', member(20100101)]], [['c\u0000d', false]]));
    expect(cache.member('a')).toBeUndefined();
    expect(cache.member('b')).toBeDefined();
    expect(cache.member('c')).toBeUndefined();
    expect(cache.hasWritten('c', 'd')).toBeUndefined();
  });

  it('drops a load entirely when the listener reconnected during it', () => {
    const cache = new ContactFactsCache();
    cache.reset(true);
    const load = cache.beginLoad();
    cache.reset(true);
    cache.store(load, facts([['a', member(20000101)]]));
    expect(cache.member('a')).toBeUndefined();
  });

  it('adds a first message to what it knows instead of reading it again; it never takes one back', () => {
    const cache = new ContactFactsCache();
    cache.reset(true);
    cache.store(cache.beginLoad(), facts([['minor', member(20100101)]], [['many\u0000x', false]]));
    expect(cache.hasWritten('minor', 'adult')).toBe(false);
    cache.forget({ wrote: [['minor', 'adult'], ['many', 'x']] });
    expect(cache.hasWritten('minor', 'adult')).toBe(true);
    expect(cache.hasWritten('many', 'x')).toBe(true);
  });

  it('stays within its limit, dropping the oldest entries first', () => {
    const cache = new ContactFactsCache({ members: 10, pairs: 10 });
    cache.reset(true);
    for (let i = 0; i < 25; i++) cache.store(cache.beginLoad(), facts([[`m${i}`, member(20000101)]]));
    expect(cache.size.members).toBeLessThanOrEqual(10);
    expect(cache.member('m24')).toBeDefined();
    expect(cache.member('m0')).toBeUndefined();
  });
});

describe('change notifications', () => {
  it('fit PostgreSQL’s payload limit, however large the change, and lose nothing', () => {
    const accounts = Array.from({ length: 3_000 }, (_, i) => `member-${i}-${'x'.repeat(20)}`);
    const wrote = accounts.slice(0, 1_000).map((a, i) => [a, `peer-${i}`] as [string, string]);
    const parts = encode({ accounts, wrote, policy: true });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThan(8_000);
    const decoded = parts.map((p) => JSON.parse(p) as { a?: string[]; w?: [string, string][]; p?: 1 });
    expect(decoded.flatMap((d) => d.a ?? [])).toEqual(accounts);
    expect(decoded.flatMap((d) => d.w ?? [])).toEqual(wrote);
    expect(decoded.some((d) => d.p === 1)).toBe(true);
  });

  it('carry the announced token on the last part only: a node counts the change arrived once all of it has', () => {
    const accounts = Array.from({ length: 3_000 }, (_, i) => `member-${i}-${'x'.repeat(20)}`);
    const token = '019ad6a8-55a0-7000-8000-000000000000.42';
    const parts = encode({ accounts }, token).map((p) => JSON.parse(p) as { k?: string });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.k)).toEqual([...Array<undefined>(parts.length - 1).fill(undefined), token]);
    expect(encode({ accounts: ['one'] }).map((p) => (JSON.parse(p) as { k?: string }).k)).toEqual([undefined]);
  });
});
