import type { Result } from 'autocannon';

export type Target = 'accounts' | 'healthz' | 'helloWorld';

export const endpoints: Record<Target, string> = {
  accounts: 'GET /v1/accounts/:externalId (API key)',
  healthz: 'GET /healthz',
  helloWorld: 'GET / (bare Fastify hello-world)',
};

export interface Measurement {
  endpoint: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface HttpSummary {
  benchmark: 'http';
  database: 'pglite' | 'postgres';
  durationSeconds: number;
  connections: number;
  results: Record<Target, Measurement>;
  /** Each Trygg endpoint against the hello-world: requests/s share and p99 multiple. */
  ratios: Record<Exclude<Target, 'helloWorld'>, { requestsPerSecond: number; p99: number }>;
  /** No errors, timeouts nor non-2xx answers in any run. */
  ok: boolean;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const ratio = (a: number, b: number): number => (b === 0 ? 0 : round(a / b, 3));

export function measurement(target: Target, result: Pick<Result, 'requests' | 'latency' | 'errors' | 'timeouts' | 'non2xx'>): Measurement {
  return {
    endpoint: endpoints[target],
    requestsPerSecond: round(result.requests.average, 1),
    p50Ms: round(result.latency.p50),
    p99Ms: round(result.latency.p99),
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

export function summarise(
  run: Pick<HttpSummary, 'database' | 'durationSeconds' | 'connections'>,
  results: Record<Target, Measurement>,
): HttpSummary {
  const base = results.helloWorld;
  const against = (m: Measurement) => ({ requestsPerSecond: ratio(m.requestsPerSecond, base.requestsPerSecond), p99: ratio(m.p99Ms, base.p99Ms) });
  const ok = Object.values(results).every((m) => m.errors === 0 && m.timeouts === 0 && m.non2xx === 0 && m.requests > 0);
  return {
    benchmark: 'http', ...run, results,
    ratios: { accounts: against(results.accounts), healthz: against(results.healthz) },
    ok,
  };
}

/** The human-readable table printed before the JSON line. */
export function formatTable(summary: HttpSummary): string {
  const header = ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'vs hello req/s', 'errors', 'non-2xx'];
  const rows = (Object.keys(summary.results) as Target[]).map((target) => {
    const m = summary.results[target];
    const share = target === 'helloWorld' ? 1 : summary.ratios[target].requestsPerSecond;
    return [m.endpoint, String(m.requestsPerSecond), String(m.p50Ms), String(m.p99Ms), `${(share * 100).toFixed(1)}%`, String(m.errors + m.timeouts), String(m.non2xx)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `http benchmark: ${summary.durationSeconds} s per endpoint, ${summary.connections} connections, database ${summary.database}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
