import { describe, expect, it } from 'vitest';
import { RateCounters, rateLimitStore } from './rate-counters.js';

describe('rate counters', () => {
  it('counts hits per key within a window and starts again when it ends', () => {
    let now = 1_000;
    const counters = new RateCounters(100, () => now);
    expect(counters.hit('a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    now += 10_000;
    expect(counters.hit('a', 60_000)).toEqual({ current: 2, ttl: 50_000 });
    expect(counters.hit('b', 60_000).current).toBe(1);
    now += 50_000;
    expect(counters.hit('a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
  });

  it('forgets the least recently counted key beyond its capacity', () => {
    const counters = new RateCounters(2, () => 0);
    counters.hit('a', 1_000);
    counters.hit('b', 1_000);
    counters.hit('a', 1_000); // a is now the most recent
    counters.hit('c', 1_000); // b goes
    expect(counters.hit('a', 1_000).current).toBe(3);
    expect(counters.hit('b', 1_000).current).toBe(1);
  });

  it('gives the plugin a store on the shared counters, and route stores of their own', () => {
    const shared = new RateCounters();
    const Store = rateLimitStore(shared);
    const global = new Store();
    const results: number[] = [];
    global.incr('key:1', (_e, r) => results.push(r.current), 60_000);
    shared.hit('key:1', 60_000);
    global.incr('key:1', (_e, r) => results.push(r.current), 60_000);
    global.child().incr('key:1', (_e, r) => results.push(r.current), 60_000);
    expect(results).toEqual([1, 3, 1]);
  });
});
