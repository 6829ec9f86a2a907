/**
 * Fixed-window request counters per caller, the store behind @fastify/rate-limit. Ours rather than
 * the plugin's own LRU so that the fast lane (fast-lane.ts), which answers before Fastify, counts
 * in the very same windows: a platform's key has one budget whichever way its requests go.
 */
export interface RateCount {
  /** Requests in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

export class RateCounters {
  /** Insertion order is recency order: a hit moves its key to the end, the oldest go first. */
  private readonly windows = new Map<string, { count: number; startedMs: number }>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string, windowMs: number): RateCount {
    const nowMs = this.now();
    let window = this.windows.get(key);
    if (window) this.windows.delete(key);
    if (!window || window.startedMs + windowMs <= nowMs) window = { count: 0, startedMs: nowMs };
    window.count++;
    this.windows.set(key, window);
    if (this.windows.size > this.capacity) this.windows.delete(this.windows.keys().next().value!);
    return { current: window.count, ttl: window.startedMs + windowMs - nowMs };
  }
}

type Callback = (error: Error | null, result: RateCount) => void;

/**
 * The plugin's `store` option: a class it instantiates once for the global limit (sharing
 * `shared`) and, through child(), once per route with its own limit (counted apart, as the
 * plugin's own store does).
 */
export function rateLimitStore(shared: RateCounters) {
  return class SharedRateStore {
    constructor(
      _options?: unknown,
      private readonly counters: RateCounters = shared,
    ) {}
    incr(key: string, callback: Callback, timeWindow: number): void {
      callback(null, this.counters.hit(key, timeWindow));
    }
    child(): SharedRateStore {
      return new SharedRateStore(undefined, new RateCounters());
    }
  };
}
