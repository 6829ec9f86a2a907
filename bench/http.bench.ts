/**
 * `npm run bench -- http`: Trygg's authenticated read endpoint and /healthz against a bare
 * Fastify hello-world, side by side in one run. Each server runs in its own child process so
 * the load generator never shares its event loop. The last line of output is one JSON object.
 *
 * BENCH_DURATION (seconds, default 10), BENCH_CONNECTIONS (default 50), BENCH_WARMUP (seconds,
 * default 1, not measured), BENCH_LOG_LEVEL (Trygg's LOG_LEVEL, default warn). With DATABASE_URL
 * set, Trygg runs on that PostgreSQL server (the demo is seeded into it: use a throwaway database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request } from 'autocannon';
import { DEMO_MEMBERS } from '../src/demo/community.js';
import { formatTable, measurement, summarise, type Measurement, type Target } from './http.summary.js';
import { run, start, type Started } from './support/processes.js';

const positive = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const duration = positive('BENCH_DURATION', 10);
const connections = Math.round(positive('BENCH_CONNECTIONS', 50));
const warmup = Number(process.env.BENCH_WARMUP ?? 1);
const trygg = fileURLToPath(new URL('../bin/trygg.mjs', import.meta.url));
const helloWorld = fileURLToPath(new URL('./hello-world.server.mjs', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'trygg-bench-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  TRYGG_DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  TRYGG_RATE_LIMIT_PER_MINUTE: '1000000000',
  TRYGG_PUBLIC_URL: '',
};
const database = env.DATABASE_URL ? 'postgres' : 'pglite';
const say = (message: string) => console.error(`[bench] ${message}`);

async function load(url: string, seconds: number, options: { headers?: Record<string, string>; requests?: Request[] } = {}) {
  return autocannon({ url, connections, duration: seconds, ...options });
}

async function measure(target: Target, url: string, options: Parameters<typeof load>[2] = {}): Promise<Measurement> {
  if (warmup > 0) await load(url, warmup, options);
  say(`${target}: ${duration} s with ${connections} connections`);
  return measurement(target, await load(url, duration, options));
}

async function expectOk(url: string, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
}

const started: Started[] = [];
try {
  say(`seeding the demo community (${database}, data dir ${dataDir})`);
  await run(process.execPath, [trygg, 'demo', 'seed'], env);
  const keyOutput = await run(process.execPath, [trygg, 'apikey', 'create', '--name', 'http benchmark', '--scopes', 'accounts:read'], env);
  const apiKey = keyOutput.trim().split('\n').pop()!;

  const server = await start(process.execPath, [trygg, 'start'], env, /Trygg listening on (\S+)/);
  started.push(server);
  const hello = await start(process.execPath, [helloWorld], env, /hello-world listening on (\S+)/);
  started.push(hello);
  say(`Trygg at ${server.announced} (pid ${server.child.pid}), hello-world at ${hello.announced} (pid ${hello.child.pid})`);

  const headers = { authorization: `Bearer ${apiKey}` };
  // Rotate over every demo member: each request reads a different row, as a platform's would.
  const requests: Request[] = Array.from({ length: DEMO_MEMBERS }, (_, i) => ({
    method: 'GET', path: `/v1/accounts/m-${String(i + 1).padStart(6, '0')}`,
  }));
  await expectOk(`${server.announced}/v1/accounts/m-000001`, headers);
  await expectOk(`${server.announced}/v1/accounts/m-${String(DEMO_MEMBERS).padStart(6, '0')}`, headers);
  await expectOk(`${server.announced}/healthz`);
  await expectOk(hello.announced);

  const results = {
    accounts: await measure('accounts', server.announced, { headers, requests }),
    healthz: await measure('healthz', `${server.announced}/healthz`),
    helloWorld: await measure('helloWorld', hello.announced),
  };
  const summary = summarise({ database, durationSeconds: duration, connections }, results);
  console.log(formatTable(summary));
  if (!summary.ok) say('some requests failed: see errors and non2xx in the JSON');
  console.log(JSON.stringify(summary));
  process.exitCode = summary.ok ? 0 : 1;
} finally {
  for (const child of started.reverse()) await child.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
