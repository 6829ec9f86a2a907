import { describe, expect, it } from 'vitest';
import { formatTable, measurement, summarise } from './http.summary.js';

const result = (rps: number, p50: number, p99: number, faults: { errors?: number; non2xx?: number } = {}) => ({
  requests: { average: rps, mean: rps, p50: rps, p99: rps, max: rps, total: rps * 10 },
  latency: { average: p50, mean: p50, p50, p99, max: p99 },
  errors: faults.errors ?? 0,
  timeouts: 0,
  non2xx: faults.non2xx ?? 0,
});

const run = { database: 'pglite' as const, durationSeconds: 10, connections: 50 };

describe('http benchmark summary', () => {
  it('reports requests/s, p50 and p99 per endpoint and ratios against the hello-world', () => {
    const summary = summarise(run, {
      accounts: measurement('accounts', result(2000, 20, 48)),
      healthz: measurement('healthz', result(8000, 5, 12)),
      helloWorld: measurement('helloWorld', result(16000, 2.5, 6)),
    });
    expect(summary.results.accounts).toMatchObject({ requestsPerSecond: 2000, p50Ms: 20, p99Ms: 48, requests: 20000 });
    expect(summary.ratios).toEqual({
      accounts: { requestsPerSecond: 0.125, p99: 8 },
      healthz: { requestsPerSecond: 0.5, p99: 2 },
    });
    expect(summary.ok).toBe(true);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('is not ok when any run saw errors or non-2xx answers', () => {
    const clean = measurement('healthz', result(8000, 5, 12));
    const withNon2xx = summarise(run, { accounts: measurement('accounts', result(10, 5, 9, { non2xx: 3 })), healthz: clean, helloWorld: clean });
    expect(withNon2xx.ok).toBe(false);
    expect(withNon2xx.results.accounts.non2xx).toBe(3);
    const withErrors = summarise(run, { accounts: clean, healthz: clean, helloWorld: measurement('helloWorld', result(10, 5, 9, { errors: 1 })) });
    expect(withErrors.ok).toBe(false);
  });

  it('prints one table row per endpoint with its share of the hello-world', () => {
    const summary = summarise(run, {
      accounts: measurement('accounts', result(2000, 20, 48)),
      healthz: measurement('healthz', result(8000, 5, 12)),
      helloWorld: measurement('helloWorld', result(16000, 2.5, 6)),
    });
    const lines = formatTable(summary).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/^GET \/v1\/accounts\/:externalId .* 12\.5%/);
    expect(lines[5]).toMatch(/hello-world.*100\.0%/);
  });
});
