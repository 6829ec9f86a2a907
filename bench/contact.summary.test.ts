import { describe, expect, it } from 'vitest';
import {
  allOk, check, formatContactTable, httpFigures, inProcessFigures, ingestionFigures, median, percentile, targetChecks,
  type ContactSummary, type DatabaseRun,
} from './contact.summary.js';

const result = (rps: number, p50: number, p99: number, faults: { errors?: number; non2xx?: number } = {}) => ({
  requests: { average: rps, mean: rps, p50: rps, p99: rps, max: rps, total: rps * 10 },
  latency: { average: p50, mean: p50, p50, p99, max: p99 },
  errors: faults.errors ?? 0,
  timeouts: 0,
  non2xx: faults.non2xx ?? 0,
});

describe('contact benchmark summary', () => {
  it('takes percentiles by nearest rank and medians of odd and even counts', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('turns rounds and batch timings into decisions/s and per-decision percentiles', () => {
    const figures = inProcessFigures({
      pairs: 100_000,
      rounds: [{ decisions: 2_000_000, ns: 1e9 }, { decisions: 3_000_000, ns: 1e9 }, { decisions: 2_500_000, ns: 1e9 }],
      perDecisionNs: Float64Array.from({ length: 1000 }, (_, i) => (i < 990 ? 20 : 500)),
      latencyBatch: 32, timerOverheadNs: 41.2, ruleMix: { 'no-restriction': 10 },
    });
    expect(figures).toMatchObject({ roundsPerSecond: [2_000_000, 3_000_000, 2_500_000], bestPerSecond: 3_000_000, medianPerSecond: 2_500_000, p50Ns: 20, p99Ns: 20 });
  });

  it('counts an answer that is not a 200 as a failure', () => {
    expect(allOk(httpFigures('x', result(100, 1, 2), { 200: 1000 }))).toBe(true);
    expect(allOk(httpFigures('x', result(100, 1, 2), { 200: 999, 201: 1 }))).toBe(false);
    expect(allOk(httpFigures('x', result(100, 1, 2, { non2xx: 1 }), { 200: 999 }))).toBe(false);
    expect(allOk(httpFigures('x', result(100, 1, 2, { errors: 1 }), { 200: 1000 }))).toBe(false);
  });

  it('checks each target in its direction', () => {
    expect(check('p99', 5, '<=', 5, 'ms').met).toBe(true);
    expect(check('p99', 5.1, '<=', 5, 'ms').met).toBe(false);
    expect(check('rate', 999, '>=', 1000, '/s').met).toBe(false);
    const ingestion = ingestionFigures({ batchSize: 500, concurrency: 4, events: 50_000, ms: 10_000, batchMs: [100, 200, 300] });
    expect(ingestion).toMatchObject({ eventsPerSecond: 5_000, batches: 3, batchP50Ms: 200 });
    const paced = (endpoint: string, r: ReturnType<typeof result>) => ({
      ...httpFigures(endpoint, r, { 200: 30_000 }), maxMs: 9, waitedForConnection: 12, generatorDelayP99Ms: 2.1, generatorDelayMaxMs: 4,
    });
    const run = (database: 'postgres' | 'pglite', rate: number): DatabaseRun => ({
      database, jobs: database === 'postgres' ? 'job node' : 'same process', accounts: 100_000, contactPairs: 24_000, loadSeconds: 10, agreement: { checked: 2000, mismatches: 0 },
      helloWorld: httpFigures('GET / (bare Fastify hello-world)', result(10_000, 0, 1), { 200: 100_000 }),
      decide: { ...httpFigures('POST /v1/contact/decide', result(6000, 1, 4), { 200: 60_000 }), vsHelloWorld: 0.6, serverCpuUsPerRequest: 41.5, jobNodeCpuUsPerRequest: 3.2 },
      decideHalfRate: { ...paced('POST /v1/contact/decide at 3000/s', result(3000, 1, 6)), vsHelloWorld: 0.3 },
      barePostHalfRate: paced('POST to bare Fastify at 3000/s', result(3000, 0.2, 1.5)),
      decideBatch: { ...httpFigures('POST /v1/contact/decide-batch, 100 a request', result(400, 20, 40), { 200: 4_000 }), decisionsPerSecond: 40_000 },
      ingestion: { ...ingestion, eventsPerSecond: rate },
      drainSeconds: { beforeHalfRate: 0, beforeBatch: 0, beforeIngestion: 0, afterIngestion: 0 },
      casesOpened: database === 'postgres' ? { decide: 47, halfRate: 1_267, batch: 12, ingestion: 0 } : null,
    });
    const checks = targetChecks(undefined, [run('postgres', 4_000), run('pglite', 4_000)]);
    expect(checks.map((c) => [c.name, c.met])).toEqual([
      ['postgres: HTTP decide vs hello-world req/s', true], ['postgres: HTTP decide p99 (flat out)', true], ['postgres: HTTP decide p99 (half rate, evenly paced)', false],
      ['postgres: ingestion events/s', false],
      ['pglite: HTTP decide vs hello-world req/s', true], ['pglite: HTTP decide p99 (flat out)', true], ['pglite: HTTP decide p99 (half rate, evenly paced)', false],
      ['pglite: ingestion events/s', true],
    ]);
    const summary: ContactSummary = {
      benchmark: 'contact', machine: { cpus: 2, node: 'v20', loadAverageAtStart: [1, 1, 1], loadAverageAtEnd: [1, 1, 1] },
      http: { durationSeconds: 10, connections: 10, pacedConnections: 50, warmupSeconds: 1 }, databases: [run('postgres', 4_000)], targets: checks.slice(0, 4), ok: true,
    };
    const table = formatContactTable(summary);
    expect(table).toMatch(/hello-world\), before postgres +10,000 +0 +1 +100\.0%/);
    // Where the jobs ran, and their CPU beside the measured node's.
    expect(table).toMatch(/POST \/v1\/contact\/decide \(postgres, jobs: job node\) +6,000 +1 +4 +60\.0% +41\.5 +3\.2 +0/);
    expect(table).toMatch(/decide-batch, 100 a request \(postgres\) +400 +40,000 +20 +40/);
    // The paced decide beside its baseline: the bare Fastify at the same rate, with both runs' stalls.
    expect(table).toMatch(/POST to bare Fastify at 3000\/s, before postgres +3,000 +0\.2 +1\.5 +30\.0%/);
    expect(table).toMatch(/decide \(postgres\) +9 +12 +2\.1 +4/);
    expect(table).toMatch(/postgres: ingestion events\/s +4,000 \/s +>= 5,000 \/s +NO/);
    expect(table).toMatch(/^postgres +47 +1,267 +12 +0$/m);
  });
});
