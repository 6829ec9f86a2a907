import type { Result } from 'autocannon';

/** The value at percentile `p` (0-100) of values sorted ascending, by nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export interface InProcessFigures {
  /** Distinct party pairs decided over and over. */
  pairs: number;
  /** Decisions per second of each measured round. */
  roundsPerSecond: number[];
  bestPerSecond: number;
  medianPerSecond: number;
  /** Per-decision time from batches of `latencyBatch` decisions timed together. */
  p50Ns: number;
  p99Ns: number;
  latencyBatch: number;
  /** What one hrtime pair costs, included in each batch's time (divided by the batch size). */
  timerOverheadNs: number;
  /** How often each rule decided, over one pass of the pairs. */
  ruleMix: Record<string, number>;
}

export function inProcessFigures(input: {
  pairs: number;
  rounds: { decisions: number; ns: number }[];
  perDecisionNs: Float64Array | number[];
  latencyBatch: number;
  timerOverheadNs: number;
  ruleMix: Record<string, number>;
}): InProcessFigures {
  const rates = input.rounds.map((r) => Math.round(r.decisions / (r.ns / 1e9)));
  const sorted = Float64Array.from(input.perDecisionNs).sort();
  return {
    pairs: input.pairs,
    roundsPerSecond: rates,
    bestPerSecond: Math.max(...rates),
    medianPerSecond: Math.round(median(rates)),
    p50Ns: round(percentile(sorted, 50), 1),
    p99Ns: round(percentile(sorted, 99), 1),
    latencyBatch: input.latencyBatch,
    timerOverheadNs: round(input.timerOverheadNs, 1),
    ruleMix: input.ruleMix,
  };
}

export interface HttpFigures {
  endpoint: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Answers per HTTP status, counted response by response. */
  statuses: Record<string, number>;
  /** The machine's 1-minute load average when the measurement ended (others may share it). */
  loadAverage1m?: number;
  /** The server process's CPU time per request in µs (Linux): its own cost, whatever else runs. */
  serverCpuUsPerRequest?: number;
  /** The job node's CPU time per request in µs, when jobs run there (the work requests cause off their path, not free). */
  jobNodeCpuUsPerRequest?: number;
}

/** An open-loop measurement (support/paced.ts): latencies from each request's release. */
export interface PacedFigures extends HttpFigures {
  maxMs: number;
  /** Requests released while every connection was busy. */
  waitedForConnection: number;
  /** The load generator's own event-loop delay during the run (its stalls time answers late). */
  generatorDelayP99Ms: number;
  generatorDelayMaxMs: number;
}

export function httpFigures(
  endpoint: string,
  result: Pick<Result, 'requests' | 'latency' | 'errors' | 'timeouts' | 'non2xx'>,
  statuses: Record<string, number>,
): HttpFigures {
  return {
    endpoint,
    requestsPerSecond: round(result.requests.average, 1),
    p50Ms: round(result.latency.p50),
    p99Ms: round(result.latency.p99),
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
  };
}

/** Every answer was a 200 and nothing failed. */
export const allOk = (m: HttpFigures): boolean =>
  m.requests > 0 && m.errors === 0 && m.timeouts === 0 && m.non2xx === 0 && Object.keys(m.statuses).every((s) => s === '200');

export interface IngestionFigures {
  via: 'POST /v1/events';
  batchSize: number;
  concurrency: number;
  batches: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  batchP50Ms: number;
  batchP99Ms: number;
  loadAverage1m?: number;
}

export function ingestionFigures(input: { batchSize: number; concurrency: number; events: number; ms: number; batchMs: number[] }): IngestionFigures {
  const sorted = [...input.batchMs].sort((a, b) => a - b);
  return {
    via: 'POST /v1/events', batchSize: input.batchSize, concurrency: input.concurrency, batches: input.batchMs.length, events: input.events,
    seconds: round(input.ms / 1000), eventsPerSecond: Math.round(input.events / (input.ms / 1000)),
    batchP50Ms: round(percentile(sorted, 50), 1), batchP99Ms: round(percentile(sorted, 99), 1),
  };
}

export interface DatabaseRun {
  database: 'postgres' | 'pglite';
  /**
   * Where the background jobs ran: the measured process itself (the default), or a job node
   * (BENCH_JOB_NODE=1, PostgreSQL: a second Trygg process with TRYGG_JOBS=true on the same machine,
   * the measured one having TRYGG_JOBS=false, as docs/operations.md advises a busy site).
   */
  jobs: 'job node' | 'same process';
  accounts: number;
  /** Ordered pairs in which the younger member has written first (contact_pairs rows). */
  contactPairs: number;
  loadSeconds: number;
  /** decide-batch answers compared with the in-process function over the same members. */
  agreement: { checked: number; mismatches: number };
  /** The hello-world, measured right before `decide`: the ratios compare with this one. */
  helloWorld: HttpFigures;
  /** Flat out: as many requests as the server answers. */
  decide: HttpFigures & { vsHelloWorld: number };
  /** Half the flat-out rate, started evenly (open loop): the latency at a load the server sustains. */
  decideHalfRate: PacedFigures & { vsHelloWorld: number };
  /** The same paced requests at the same rate to the bare Fastify POST, right before: the machine's own tail. */
  barePostHalfRate: PacedFigures;
  /** The batch endpoint flat out, for comparison: decisions/s = requests/s × questions a request. */
  decideBatch: HttpFigures & { decisionsPerSecond: number };
  ingestion: IngestionFigures;
  /**
   * Seconds the server's background jobs (signal evaluations the decisions' denials asked for,
   * the events' own, and those paced to fall due within the minute) took to drain before each
   * measurement: each starts from an idle server.
   */
  drainSeconds: { beforeHalfRate: number; beforeBatch: number; beforeIngestion: number; afterIngestion: number };
  /**
   * Cases the signal jobs opened during each measurement (each opening preserves evidence and
   * writes moderation events in the server's process): PostgreSQL only, where the benchmark can
   * count them beside the server; null on PGlite, whose data directory the server holds.
   */
  casesOpened: { decide: number; halfRate: number; batch: number; ingestion: number } | null;
}

export interface TargetCheck {
  name: string;
  value: number;
  unit: string;
  op: '>=' | '<=';
  target: number;
  met: boolean;
}

export const check = (name: string, value: number, op: '>=' | '<=', target: number, unit: string): TargetCheck => ({
  name, value, unit, op, target, met: op === '>=' ? value >= target : value <= target,
});

/** The targets, for whichever parts ran. */
export function targetChecks(inProcess: InProcessFigures | undefined, runs: DatabaseRun[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (inProcess) checks.push(check('in-process decisions/s (best round)', inProcess.bestPerSecond, '>=', 1_000_000, '/s'));
  for (const run of runs) {
    checks.push(check(`${run.database}: HTTP decide vs hello-world req/s`, run.decide.vsHelloWorld, '>=', 0.5, '×'));
    checks.push(check(`${run.database}: HTTP decide p99 (flat out)`, run.decide.p99Ms, '<=', 5, 'ms'));
    checks.push(check(`${run.database}: HTTP decide p99 (half rate, evenly paced)`, run.decideHalfRate.p99Ms, '<=', 5, 'ms'));
    checks.push(check(`${run.database}: ingestion events/s`, run.ingestion.eventsPerSecond, '>=', run.database === 'postgres' ? 5_000 : 1_000, '/s'));
  }
  return checks;
}

export interface ContactSummary {
  benchmark: 'contact';
  machine: { cpus: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  http: { durationSeconds: number; connections: number; pacedConnections: number; warmupSeconds: number };
  inProcess?: InProcessFigures;
  /** Trygg's GET /healthz: what any Trygg route costs before it does anything (a ceiling for decide). */
  tryggHealthz?: HttpFigures;
  /** decide's request (headers and body) to a bare Fastify POST route: HTTP and JSON alone, a ceiling for any POST. */
  barePost?: HttpFigures;
  databases: DatabaseRun[];
  targets: TargetCheck[];
  /** Every HTTP answer was a 200, both sides agreed, every batch was accepted. */
  ok: boolean;
}

const fmt = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US') : String(n));

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The human-readable report printed before the JSON line. */
export function formatContactTable(s: ContactSummary): string {
  const out: string[] = [
    `contact benchmark: ${s.machine.cpus} CPUs, node ${s.machine.node}, load average ${s.machine.loadAverageAtStart.join(' ')} at start, ${s.machine.loadAverageAtEnd.join(' ')} at end`,
  ];
  if (s.inProcess) {
    const p = s.inProcess;
    out.push('', `in process (decideContact, one core, ${fmt(p.pairs)} pairs, ${p.roundsPerSecond.length} rounds):`);
    out.push(...table(['measure', 'value'], [
      ['decisions/s best round', fmt(p.bestPerSecond)],
      ['decisions/s median round', fmt(p.medianPerSecond)],
      [`p50 per decision (batches of ${p.latencyBatch})`, `${p.p50Ns} ns`],
      [`p99 per decision (batches of ${p.latencyBatch})`, `${p.p99Ns} ns`],
    ]));
  }
  const first = s.databases[0]?.helloWorld;
  const versusFirst = (m: HttpFigures | undefined) => (m && first ? [{ ...m, vsHelloWorld: Number((m.requestsPerSecond / first.requestsPerSecond).toFixed(3)) }] : []);
  const http = [
    ...versusFirst(s.barePost),
    ...versusFirst(s.tryggHealthz),
    ...s.databases.flatMap((d) => [
      { ...d.helloWorld, endpoint: `${d.helloWorld.endpoint}, before ${d.database}`, vsHelloWorld: 1 },
      { ...d.decide, endpoint: `${d.decide.endpoint} (${d.database}, jobs: ${d.jobs})` },
      { ...d.barePostHalfRate, endpoint: `${d.barePostHalfRate.endpoint}, before ${d.database}`, vsHelloWorld: d.barePostHalfRate.requestsPerSecond / d.helloWorld.requestsPerSecond },
      { ...d.decideHalfRate, endpoint: `${d.decideHalfRate.endpoint} (${d.database}, jobs: ${d.jobs})` },
    ]),
  ];
  const batches = s.databases.map((d) => [
    `${d.decideBatch.endpoint} (${d.database})`, fmt(d.decideBatch.requestsPerSecond), fmt(d.decideBatch.decisionsPerSecond),
    String(d.decideBatch.p50Ms), String(d.decideBatch.p99Ms),
  ]);
  if (http.length) {
    out.push('', `over HTTP: ${s.http.durationSeconds} s each, ${s.http.connections} connections:`);
    out.push(...table(['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'vs hello', 'cpu µs/req', 'job node µs/req', 'non-200', 'load'], http.map((m) => [
      m.endpoint, fmt(m.requestsPerSecond), String(m.p50Ms), String(m.p99Ms),
      `${(m.vsHelloWorld * 100).toFixed(1)}%`, String(m.serverCpuUsPerRequest ?? ''), String(m.jobNodeCpuUsPerRequest ?? ''),
      String(m.errors + m.timeouts + m.non2xx + Object.entries(m.statuses).filter(([k]) => k !== '200').reduce((a, [, v]) => a + v, 0)),
      String(m.loadAverage1m ?? ''),
    ])));
  }
  if (s.databases.length) {
    out.push('', `paced runs (open loop over ${s.http.pacedConnections} connections, latency from release): max latency, and the load generator's own stalls:`);
    out.push(...table(['endpoint', 'max ms', 'waited for a connection', 'generator delay p99 ms', 'generator delay max ms'], s.databases.flatMap((d) => [
      [`bare Fastify POST, before ${d.database}`, d.barePostHalfRate], [`decide (${d.database})`, d.decideHalfRate],
    ] as const).map(([name, m]) => [name, String(m.maxMs), fmt(m.waitedForConnection), String(m.generatorDelayP99Ms), String(m.generatorDelayMaxMs)])));
  }
  if (batches.length) {
    out.push('', 'the batch form, for comparison:');
    out.push(...table(['endpoint', 'req/s', 'decisions/s', 'p50 ms', 'p99 ms'], batches));
  }
  if (s.databases.length) {
    out.push('', 'ingestion (POST /v1/events):');
    out.push(...table(['database', 'events/s', 'events', 'batch', 'concurrency', 'batch p50 ms', 'batch p99 ms', 'load'], s.databases.map((d) => [
      d.database, fmt(d.ingestion.eventsPerSecond), fmt(d.ingestion.events), String(d.ingestion.batchSize), String(d.ingestion.concurrency),
      String(d.ingestion.batchP50Ms), String(d.ingestion.batchP99Ms), String(d.ingestion.loadAverage1m ?? ''),
    ])));
  }
  if (s.databases.length) {
    out.push('', 'background jobs left to drain (s) before the next measurement:');
    out.push(...table(['database', 'half rate', 'batch', 'ingestion', 'after ingestion'], s.databases.map((d) => [
      d.database, String(d.drainSeconds.beforeHalfRate), String(d.drainSeconds.beforeBatch), String(d.drainSeconds.beforeIngestion), String(d.drainSeconds.afterIngestion),
    ])));
  }
  const counted = s.databases.filter((d) => d.casesOpened);
  if (counted.length) {
    out.push('', 'cases the signal jobs opened during each measurement (evidence preserved, events written, in the server):');
    out.push(...table(['database', 'decide', 'half rate', 'batch', 'ingestion'], counted.map((d) => [
      d.database, fmt(d.casesOpened!.decide), fmt(d.casesOpened!.halfRate), fmt(d.casesOpened!.batch), fmt(d.casesOpened!.ingestion),
    ])));
  }
  out.push('', 'targets:');
  out.push(...table(['target', 'measured', 'wanted', 'met'], s.targets.map((t) => [
    t.name, `${fmt(t.value)} ${t.unit}`, `${t.op} ${fmt(t.target)} ${t.unit}`, t.met ? 'yes' : 'NO',
  ])));
  return out.join('\n');
}
