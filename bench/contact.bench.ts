/**
 * `npm run bench -- contact`: the age-gap decision and event ingestion (issue 3, point 7), in one
 * run. The last line of output is one JSON object.
 *
 * 1. In process: decideContact over ≥100,000 pre-generated pairs (demo age distribution, every
 *    kind, both who-wrote-first states) on this process's one thread: decisions/s per round (best
 *    and median) and p50/p99 per decision from small timed batches.
 * 2. Over HTTP: Trygg in a child process on a throwaway PostgreSQL database and on PGlite, each
 *    holding BENCH_ACCOUNTS members and the messages behind every "younger wrote first" pair;
 *    autocannon POSTs /v1/contact/decide with bodies rotating over the pairs, beside a bare
 *    Fastify hello-world measured in the same run, right before each database's measurement
 *    (the ratio compares two measurements taken under the same conditions). Also: the same at half
 *    that rate, started evenly by an open-loop generator (latency at a sustainable load; see
 *    support/paced.ts for why not autocannon's own pacing), decide-batch with 100 questions a request,
 *    Trygg's GET /healthz (what any Trygg route costs before doing anything) and decide's very
 *    request POSTed to the bare Fastify (what HTTP and JSON cost before anyone does anything).
 * 3. Ingestion: POST /v1/events, batches of 500 events of a realistic mix, into the same servers.
 *
 * The measured Trygg process runs the background jobs the requests cause (signal evaluations,
 * cases, evidence) itself. BENCH_JOB_NODE=1 (PostgreSQL only: PGlite is held by one process) runs
 * Trygg as docs/operations.md advises a busy site instead: the measured node with TRYGG_JOBS=false
 * and a job node (TRYGG_JOBS=true) on this same machine working the queue, whose CPU per request is
 * reported beside the measured node's.
 *
 * Each HTTP row also gives the server process's CPU time per request (Linux, from /proc): on a
 * shared machine requests/s follow whatever else runs, while CPU per request is the server's own.
 *
 * Settings (environment): BENCH_DURATION (s per HTTP measurement, default 10), BENCH_CONNECTIONS
 * (default 10; the paced runs: BENCH_PACED_CONNECTIONS, default 50), BENCH_WARMUP (s, default 1), BENCH_INPROCESS_SECONDS (default 5) and
 * BENCH_INPROCESS_ROUNDS (default 5), BENCH_PAIRS (default 100,000), BENCH_ACCOUNTS (default
 * 100,000), BENCH_INGEST_DURATION (s, default 10), BENCH_INGEST_BATCH (default 500),
 * BENCH_INGEST_CONCURRENCY (batches in flight, default 4), BENCH_DATABASES (default
 * "postgres,pglite"; "none" for in process only), BENCH_ADMIN_DATABASE_URL (a PostgreSQL URL
 * allowed to create databases; default TRYGG_TEST_DATABASE_URL or the local server),
 * BENCH_DRAIN_SECONDS (the longest wait for the server's background jobs to drain between
 * measurements, default 300), BENCH_JOB_NODE (default 0; 1: PostgreSQL's jobs on a job node), BENCH_LOG_LEVEL (Trygg's LOG_LEVEL, default warn), BENCH_PROFILE_DIR (the Trygg server writes a V8
 * CPU profile there when it stops).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request } from 'autocannon';
import { decideContact, ymdInZone, type ContactContext, type ContactKind, type ContactParty } from '../src/modules/policy/contact-decision.js';
import { defaultPolicy } from '../src/modules/policy/policy.document.js';
import type { DatabaseOptions } from '../src/storage/db.js';
import {
  allOk, formatContactTable, httpFigures, inProcessFigures, ingestionFigures, targetChecks,
  type ContactSummary, type DatabaseRun, type HttpFigures, type InProcessFigures, type PacedFigures,
} from './contact.summary.js';
import { benchMembers, benchQuestions, ingestBatch, partyOf, type BenchMember, type BenchQuestion } from './contact.workload.js';
import { caseCounter, createPostgresDatabase, loadBenchData } from './support/databases.js';
import { pacedLoad } from './support/paced.js';
import { start, type Started } from './support/processes.js';

const number = (name: string, fallback: number, min = 1): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}`);
  return value;
};

const settings = {
  duration: number('BENCH_DURATION', 10),
  connections: Math.round(number('BENCH_CONNECTIONS', 10)),
  // Open loop: enough sockets that a slow moment queues in the server, not for a free socket.
  pacedConnections: Math.round(number('BENCH_PACED_CONNECTIONS', 50)),
  warmup: number('BENCH_WARMUP', 1, 0),
  inProcessSeconds: number('BENCH_INPROCESS_SECONDS', 5),
  inProcessRounds: Math.round(number('BENCH_INPROCESS_ROUNDS', 5)),
  pairs: Math.round(number('BENCH_PAIRS', 100_000, 100)),
  accounts: Math.round(number('BENCH_ACCOUNTS', 100_000, 100)),
  ingestSeconds: number('BENCH_INGEST_DURATION', 10),
  ingestBatch: Math.round(number('BENCH_INGEST_BATCH', 500)),
  ingestConcurrency: Math.round(number('BENCH_INGEST_CONCURRENCY', 4)),
  agreementChecks: 2_000,
  drainSeconds: number('BENCH_DRAIN_SECONDS', 300),
  jobNode: process.env.BENCH_JOB_NODE === '1',
  databases: (process.env.BENCH_DATABASES ?? 'postgres,pglite').split(',').map((d) => d.trim()).filter((d) => d && d !== 'none'),
  adminUrl: process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.TRYGG_TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
};
for (const d of settings.databases) if (d !== 'postgres' && d !== 'pglite') throw new Error(`BENCH_DATABASES: unknown database "${d}"`);

const say = (message: string) => console.error(`[bench] ${message}`);
const SEED = 7;
const BATCH = 100;
const now = new Date();
const policy = defaultPolicy;
const today = ymdInZone(now, policy.timeZone);

// --- cleanup: child processes and throwaway databases go away on success, failure or Ctrl+C ---
const pending = new Set<() => Promise<void>>();
/** Registers a cleanup; the function returned runs it now (once). */
function defer(fn: () => Promise<void>): () => Promise<void> {
  pending.add(fn);
  return async () => {
    if (pending.delete(fn)) await fn();
  };
}
async function cleanupAll(): Promise<void> {
  for (const fn of [...pending].reverse()) {
    pending.delete(fn);
    await fn().catch((error: unknown) => say(`cleanup failed: ${(error as Error).message}`));
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping servers and dropping throwaway databases`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

// --- the workload, shared by every part ---
say(`generating ${settings.accounts.toLocaleString('en-US')} members and ${settings.pairs.toLocaleString('en-US')} pairs`);
const members: BenchMember[] = benchMembers({ count: settings.accounts, seed: SEED, asOf: now });
const { questions, messages } = benchQuestions({ count: settings.pairs, members, seed: SEED + 1 });
const partyById = new Map(members.map((m) => [m.externalId, partyOf(m)]));
const unknownParty = partyOf(undefined);
const party = (id: string): ContactParty => partyById.get(id) ?? unknownParty;
const wroteContext: ContactContext = Object.freeze({ youngerWroteFirst: true });
const notWroteContext: ContactContext = Object.freeze({ youngerWroteFirst: false });
const decideLocally = (q: BenchQuestion) => decideContact(policy, today, party(q.from), party(q.to), q.kind, q.youngerWroteFirst ? wroteContext : notWroteContext);

// --- 1. in process ---
function measureInProcess(): InProcessFigures {
  const n = questions.length;
  const from: ContactParty[] = questions.map((q) => party(q.from));
  const to: ContactParty[] = questions.map((q) => party(q.to));
  const kinds: ContactKind[] = questions.map((q) => q.kind);
  const contexts: ContactContext[] = questions.map((q) => (q.youngerWroteFirst ? wroteContext : notWroteContext));
  let sink = 0;
  const pass = (): void => {
    let allowed = 0;
    for (let i = 0; i < n; i++) if (decideContact(policy, today, from[i]!, to[i]!, kinds[i]!, contexts[i]!).allow) allowed++;
    sink += allowed;
  };
  const ruleMix: Record<string, number> = {};
  for (const q of questions) {
    const rule = decideLocally(q).rule;
    ruleMix[rule] = (ruleMix[rule] ?? 0) + 1;
  }

  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) pass();
  const roundNs = (settings.inProcessSeconds * 1e9) / settings.inProcessRounds;
  const rounds: { decisions: number; ns: number }[] = [];
  for (let r = 0; r < settings.inProcessRounds; r++) {
    let passes = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    do {
      pass();
      passes++;
      elapsed = Number(process.hrtime.bigint() - t0);
    } while (elapsed < roundNs);
    rounds.push({ decisions: passes * n, ns: elapsed });
  }

  // Latency: one decision takes tens of nanoseconds, below what one hrtime pair resolves well, so
  // batches of `batch` consecutive decisions are timed and each batch gives one per-decision time.
  const batch = 32;
  const samples = new Float64Array(Math.floor(n / batch) * 4);
  let s = 0;
  for (let rep = 0; rep < 4; rep++) {
    for (let i = 0; i + batch <= n; i += batch) {
      const t0 = process.hrtime.bigint();
      let allowed = 0;
      for (let j = i; j < i + batch; j++) if (decideContact(policy, today, from[j]!, to[j]!, kinds[j]!, contexts[j]!).allow) allowed++;
      const t1 = process.hrtime.bigint();
      sink += allowed;
      samples[s++] = Number(t1 - t0) / batch;
    }
  }
  const overhead = new Float64Array(100_000);
  for (let i = 0; i < overhead.length; i++) {
    const t0 = process.hrtime.bigint();
    overhead[i] = Number(process.hrtime.bigint() - t0);
  }
  overhead.sort();
  if (sink === -1) say('unreachable'); // keeps the decisions observable
  return inProcessFigures({ pairs: n, rounds, perDecisionNs: samples.subarray(0, s), latencyBatch: batch, timerOverheadNs: overhead[overhead.length >> 1]!, ruleMix });
}

// --- 2. over HTTP ---
/**
 * CPU time a process has used (user + system, ms), from /proc (Linux; elsewhere undefined). Per
 * request it is the server's own cost, which other work on a shared machine barely moves, unlike
 * requests per second.
 */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    return undefined;
  }
}

/** The processes whose CPU a measurement reads: the server answering, and the job node if there is one. */
interface Measured { server: number | undefined; jobNode?: number | undefined }

/** Starts reading the processes' CPU; `perRequest(n)` gives each one's µs a request since (undefined off Linux). */
function cpuReading(pids: Measured) {
  const before = { server: cpuMs(pids.server), jobNode: cpuMs(pids.jobNode) };
  const per = (b: number | undefined, a: number | undefined, requests: number) =>
    b !== undefined && a !== undefined && requests > 0 ? Number((((a - b) * 1000) / requests).toFixed(1)) : undefined;
  return {
    perRequest(requests: number): Pick<HttpFigures, 'serverCpuUsPerRequest' | 'jobNodeCpuUsPerRequest'> {
      const jobNode = per(before.jobNode, cpuMs(pids.jobNode), requests);
      return { serverCpuUsPerRequest: per(before.server, cpuMs(pids.server), requests), ...(jobNode === undefined ? {} : { jobNodeCpuUsPerRequest: jobNode }) };
    },
  };
}

async function measureHttp(endpoint: string, url: string, request: Request | undefined, pids: Measured): Promise<HttpFigures> {
  const run = async (seconds: number) => {
    const statuses: Record<string, number> = {};
    const count = (status: number) => void (statuses[status] = (statuses[status] ?? 0) + 1);
    const requests = [{ method: 'GET', path: new URL(url).pathname, ...request, onResponse: count }];
    const result = await autocannon({ url, connections: settings.connections, duration: seconds, requests });
    return { result, statuses };
  };
  if (settings.warmup > 0) await run(settings.warmup);
  say(`${endpoint}: ${settings.duration} s with ${settings.connections} connections`);
  const cpu = cpuReading(pids);
  const { result, statuses } = await run(settings.duration);
  return { ...httpFigures(endpoint, result, statuses), ...cpu.perRequest(result.requests.total), loadAverage1m: Number(loadavg()[0]!.toFixed(2)) };
}

/**
 * Requests started at an even `rate` (open loop, latency from each one's release: paced.ts), not
 * autocannon's `overallRate`, which sends flat out until a second's share is used, then waits.
 */
async function measurePaced(endpoint: string, url: string, apiKey: string, rate: number, pids: Measured): Promise<PacedFigures> {
  say(`${endpoint}: ${settings.duration} s over ${settings.pacedConnections} connections`);
  const bodies = decideBodies();
  const request = {
    method: 'POST', path: '/v1/contact/decide',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: (n: number) => bodies[n % bodies.length]!,
  };
  const options = { url, rate, connections: settings.pacedConnections, request };
  // Warmed up like the flat-out runs: the first moments of fresh connections are not the steady state.
  if (settings.warmup > 0) await pacedLoad({ ...options, seconds: settings.warmup });
  const cpu = cpuReading(pids);
  const result = await pacedLoad({ ...options, seconds: settings.duration });
  const non2xx = Object.entries(result.statuses).reduce((n, [status, count]) => n + (status.startsWith('2') ? 0 : count), 0);
  return {
    endpoint, requestsPerSecond: result.requestsPerSecond, p50Ms: result.p50Ms, p99Ms: result.p99Ms, maxMs: result.maxMs,
    requests: result.answered, errors: result.errors, timeouts: result.timeouts, non2xx, statuses: result.statuses,
    waitedForConnection: result.waitedForConnection, generatorDelayP99Ms: result.generatorDelayP99Ms, generatorDelayMaxMs: result.generatorDelayMaxMs,
    ...cpu.perRequest(result.answered), loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  };
}

/** decide's bodies, one a pair, in the order the runs rotate over them. */
const decideBodies = (): string[] => questions.map((q) => JSON.stringify({ from: q.from, to: q.to, kind: q.kind }));

function decideRequest(apiKey: string): Request {
  const bodies = decideBodies();
  let next = 0;
  return {
    method: 'POST', path: '/v1/contact/decide',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    setupRequest: (request) => {
      request.body = bodies[next++ % bodies.length]!;
      return request;
    },
  };
}

/** decide-batch bodies of `size` questions each, rotating like the single decisions. */
function decideBatchRequest(apiKey: string, size: number): Request {
  const bodies: string[] = [];
  for (let i = 0; i + size <= questions.length; i += size) {
    bodies.push(JSON.stringify({ items: questions.slice(i, i + size).map(({ from, to, kind }) => ({ from, to, kind })) }));
  }
  let next = 0;
  return {
    method: 'POST', path: '/v1/contact/decide-batch',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    setupRequest: (request) => {
      request.body = bodies[next++ % bodies.length]!;
      return request;
    },
  };
}

async function post(url: string, apiKey: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

/** The server's answers (decide-batch) against the library function over the same members. */
async function checkAgreement(base: string, apiKey: string): Promise<{ checked: number; mismatches: number }> {
  const sample = questions.slice(0, settings.agreementChecks);
  let mismatches = 0;
  for (let i = 0; i < sample.length; i += 1_000) {
    const items = sample.slice(i, i + 1_000);
    const { status, json } = await post(`${base}/v1/contact/decide-batch`, apiKey, { items: items.map(({ from, to, kind }) => ({ from, to, kind })) });
    if (status !== 200) throw new Error(`decide-batch answered ${status}: ${JSON.stringify(json)}`);
    items.forEach((q, j) => {
      const local = decideLocally(q);
      const remote = json.items[j] as { allow: boolean; rule: string };
      if (local.allow !== remote.allow || local.rule !== remote.rule) {
        if (mismatches++ < 3) say(`  disagreement on ${JSON.stringify(q)}: library ${local.rule}, HTTP ${remote.rule}`);
      }
    });
  }
  return { checked: sample.length, mismatches };
}

/** The server's job backlog and the jobs falling due within the minute, summed over queues, from /metrics. */
async function jobBacklog(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let total = 0;
  // Due or running, and scheduled within the minute (paced signal evaluations): work the last measurement asked for.
  for (const m of text.matchAll(/^trygg_jobs_(?:backlog|due_within_minute)\{[^}]*\} (\d+)/gm)) total += Number(m[1]);
  return total;
}

/** Waits (at most BENCH_DRAIN_SECONDS) until no background job waits or runs; returns the seconds it took. */
async function drainJobs(base: string, label: string): Promise<number> {
  const t0 = performance.now();
  const deadline = t0 + settings.drainSeconds * 1000;
  let left = await jobBacklog(base);
  while (left > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = await jobBacklog(base);
  }
  const seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  if (seconds >= 1) say(`${label}: ${seconds} s for background jobs to drain${left ? ` (${left} still pending: gave up)` : ''}`);
  return seconds;
}

// --- 3. ingestion ---
async function measureIngestion(base: string, apiKey: string, runId: string) {
  const { ingestBatch: size, ingestConcurrency: concurrency } = settings;
  let index = 0;
  const send = async (): Promise<number> => {
    const events = ingestBatch({ runId, index: index++, size, existing: settings.accounts, now: new Date(), seed: SEED });
    const t0 = performance.now();
    const { status, json } = await post(`${base}/v1/events`, apiKey, { events });
    const ms = performance.now() - t0;
    if (status !== 200 || json.accepted !== size || json.rejected.length) {
      throw new Error(`POST /v1/events answered ${status}: accepted ${json.accepted} of ${size}, ${JSON.stringify(json.rejected?.slice(0, 2) ?? json)}`);
    }
    return ms;
  };
  for (let i = 0; i < concurrency; i++) await send(); // warm-up, not measured
  say(`ingestion: ${settings.ingestSeconds} s of batches of ${size}, ${concurrency} in flight`);
  const batchMs: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + settings.ingestSeconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) batchMs.push(await send());
  }));
  const ms = performance.now() - t0;
  return { ...ingestionFigures({ batchSize: size, concurrency, events: batchMs.length * size, ms, batchMs }), loadAverage1m: Number(loadavg()[0]!.toFixed(2)) };
}

// --- one database: load, start Trygg, decide, ingest, tear down ---
const trygg = fileURLToPath(new URL('../bin/trygg.mjs', import.meta.url));
const helloWorldServer = fileURLToPath(new URL('./hello-world.server.mjs', import.meta.url));
const secretKey = randomBytes(32);
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  TRYGG_SECRET_KEY: secretKey.toString('hex'),
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  TRYGG_RATE_LIMIT_PER_MINUTE: '1000000000',
  TRYGG_PUBLIC_URL: '',
};
delete baseEnv.DATABASE_URL;

/** Trygg's own floor: a public route with no database, through the same hooks as every route. */
let tryggHealthz: HttpFigures | undefined;
let barePost: HttpFigures | undefined;

async function databaseRun(database: 'postgres' | 'pglite', hello: Started): Promise<DatabaseRun> {
  const helloUrl = hello.announced;
  const releases: (() => Promise<void>)[] = [];
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'trygg-bench-contact-'));
    releases.push(defer(async () => rmSync(dataDir, { recursive: true, force: true })));
    const env: NodeJS.ProcessEnv = { ...baseEnv, TRYGG_DATA_DIR: dataDir };
    let target: DatabaseOptions;
    if (database === 'postgres') {
      const created = await createPostgresDatabase(settings.adminUrl);
      releases.push(defer(created.drop));
      env.DATABASE_URL = created.url;
      target = { url: created.url, poolSize: 4 };
      say(`postgres: throwaway database ${created.name}`);
    } else {
      target = { dataDir: join(dataDir, 'pglite') }; // where `trygg start` keeps it
      say(`pglite: data directory ${target.dataDir}`);
    }
    say(`${database}: loading members and contact pairs`);
    const loaded = await loadBenchData(target, secretKey, { members, messages, now }, say);
    say(`${database}: ${loaded.accounts.toLocaleString('en-US')} accounts and ${loaded.contactPairs.toLocaleString('en-US')} written-first pairs loaded in ${loaded.seconds} s`);

    // BENCH_PROFILE_DIR: the server writes a V8 CPU profile there when it stops (for finding per-request costs).
    const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    // BENCH_JOB_NODE=1: the deployment docs/operations.md advises a busy site, on this one machine.
    const split = database === 'postgres' && settings.jobNode;
    const server: Started = await start(process.execPath, [...profile, trygg, 'start'], split ? { ...env, TRYGG_JOBS: 'false' } : env, /Trygg listening on (\S+)/);
    releases.push(defer(server.stop));
    let jobNode: Started | undefined;
    if (split) {
      jobNode = await start(process.execPath, [trygg, 'start'], env, /Trygg listening on (\S+)/);
      releases.push(defer(jobNode.stop));
      say(`${database}: job node (TRYGG_JOBS=true) at ${jobNode.announced} (pid ${jobNode.child.pid}); the node measured runs no jobs`);
    }
    say(`${database}: Trygg at ${server.announced} (pid ${server.child.pid})`);
    const agreement = await checkAgreement(server.announced, loaded.apiKey);
    say(`${database}: ${agreement.checked} decide-batch answers checked against the library, ${agreement.mismatches} disagreements`);
    // The baseline right before the measurement it is compared with: the machine may be shared.
    const pids: Measured = { server: server.child.pid, jobNode: jobNode?.child.pid };
    const cases = database === 'postgres' ? await caseCounter(env.DATABASE_URL!) : undefined;
    if (cases) releases.push(defer(cases.close));
    /** A measurement, and how many cases were opened while it ran. */
    const opening = async <T>(measure: () => Promise<T>): Promise<[T, number]> => {
      const before = await cases?.count();
      const figures = await measure();
      return [figures, cases && before !== undefined ? (await cases.count()) - before : 0];
    };
    const helloWorld = await measureHttp('GET / (bare Fastify hello-world)', helloUrl, undefined, { server: hello.child.pid });
    tryggHealthz ??= await measureHttp('GET /healthz (Trygg: no auth, no database)', `${server.announced}/healthz`, undefined, pids);
    barePost ??= await measureHttp("POST decide's body to bare Fastify (JSON in and out, nothing else)", helloUrl, decideRequest(loaded.apiKey), { server: hello.child.pid });
    const [decide, openedDuringDecide] = await opening(() => measureHttp('POST /v1/contact/decide', server.announced, decideRequest(loaded.apiKey), pids));
    // Each measurement starts from an idle server: the jobs the last one caused run first (timed).
    const beforeHalfRate = await drainJobs(server.announced, database);
    // Latency at a sustainable load: half the rate it just reached flat out, evenly paced.
    const halfRate = Math.max(1, Math.round(decide.requestsPerSecond / 2));
    // The machine's own tail at that rate: the same requests to the bare Fastify, just before.
    const barePostHalfRate = await measurePaced(`POST decide's body to bare Fastify at ${halfRate}/s, evenly paced`, helloUrl, loaded.apiKey, halfRate, { server: hello.child.pid });
    const [decideHalfRate, openedDuringHalfRate] = await opening(() => measurePaced(`POST /v1/contact/decide at ${halfRate}/s, evenly paced`, server.announced, loaded.apiKey, halfRate, pids));
    const beforeBatch = await drainJobs(server.announced, database);
    // For comparison: the batch form, 100 questions a request (one round trip each).
    const [batch, openedDuringBatch] = await opening(() => measureHttp(`POST /v1/contact/decide-batch, ${BATCH} a request`, server.announced, decideBatchRequest(loaded.apiKey, BATCH), pids));
    const beforeIngestion = await drainJobs(server.announced, database);
    const [ingestion, openedDuringIngestion] = await opening(() => measureIngestion(server.announced, loaded.apiKey, `bench-${database}-${now.getTime()}`));
    const afterIngestion = await drainJobs(server.announced, database);
    return {
      drainSeconds: { beforeHalfRate, beforeBatch, beforeIngestion, afterIngestion },
      casesOpened: cases ? { decide: openedDuringDecide, halfRate: openedDuringHalfRate, batch: openedDuringBatch, ingestion: openedDuringIngestion } : null,
      database, jobs: split ? 'job node' : 'same process', accounts: loaded.accounts, contactPairs: loaded.contactPairs, loadSeconds: loaded.seconds, agreement, helloWorld,
      decide: { ...decide, vsHelloWorld: Number((decide.requestsPerSecond / helloWorld.requestsPerSecond).toFixed(3)) },
      decideBatch: { ...batch, decisionsPerSecond: Math.round(batch.requestsPerSecond * BATCH) },
      decideHalfRate: { ...decideHalfRate, vsHelloWorld: Number((decideHalfRate.requestsPerSecond / helloWorld.requestsPerSecond).toFixed(3)) },
      barePostHalfRate, ingestion,
    };
  } finally {
    for (const release of releases.reverse()) await release().catch((error: unknown) => say(`cleanup failed: ${(error as Error).message}`));
  }
}

// --- the run ---
const loadAverageAtStart = loadavg().map((l) => Number(l.toFixed(2)));
try {
  say(`in process: ${settings.inProcessRounds} rounds over ${settings.inProcessSeconds} s`);
  const inProcess = measureInProcess();
  say(`in process: best ${inProcess.bestPerSecond.toLocaleString('en-US')}/s, median ${inProcess.medianPerSecond.toLocaleString('en-US')}/s`);

  const runs: DatabaseRun[] = [];
  if (settings.databases.length) {
    // Idle between its measurements, which come right before each database's decide run.
    const hello = await start(process.execPath, [helloWorldServer], baseEnv, /hello-world listening on (\S+)/);
    const stopHello = defer(hello.stop);
    try {
      for (const database of settings.databases as ('postgres' | 'pglite')[]) runs.push(await databaseRun(database, hello));
    } finally {
      await stopHello();
    }
  }

  const summary: ContactSummary = {
    benchmark: 'contact',
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) },
    http: { durationSeconds: settings.duration, connections: settings.connections, pacedConnections: settings.pacedConnections, warmupSeconds: settings.warmup },
    inProcess,
    tryggHealthz,
    barePost,
    databases: runs,
    targets: targetChecks(inProcess, runs),
    ok: (!tryggHealthz || allOk(tryggHealthz)) && (!barePost || allOk(barePost)) && runs.every((r) => allOk(r.helloWorld) && allOk(r.decide) && allOk(r.decideHalfRate) && allOk(r.barePostHalfRate) && allOk(r.decideBatch) && r.agreement.mismatches === 0),
  };
  console.log(formatContactTable(summary));
  if (!summary.ok) say('some answers were not 200 or the library and HTTP disagreed: see the JSON');
  console.log(JSON.stringify(summary));
  process.exitCode = summary.ok ? 0 : 1;
} finally {
  await cleanupAll();
}
