/**
 * An open-loop load generator: requests start at a constant rate, whatever the server's answers
 * do, and each one's latency counts from when it was released, so time spent waiting for a free
 * connection counts too (no "coordinated omission", as in wrk2). Requests are released by a timer
 * that fires about once a millisecond (Node's timers go no finer): each tick releases those that
 * fell due since the last, and their latency counts from the tick, not from the instant between
 * ticks when each fell due, which would charge the timer's lateness to the server (against a bare
 * Fastify route: p50 0.9-1.4 ms that way, all of it the timer).
 *
 * autocannon's `overallRate` is not that: each connection sends flat out until it has used its
 * share of the second, then waits for the next second. At "half rate" the server saw full load for
 * half of every second and nothing for the rest, and the p99 measured that burst.
 *
 * Plain HTTP/1.1 over keep-alive sockets, one request at a time per socket; answers must carry a
 * content-length (Fastify's do).
 */
import { connect, type Socket } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { percentile } from '../contact.summary.js';

export interface PacedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body of the n-th request. */
  body?: (n: number) => string;
}

export interface PacedOptions {
  url: string;
  /** Requests started per second, across all connections. */
  rate: number;
  seconds: number;
  connections: number;
  request: PacedRequest;
  /** An answer slower than this is a timeout (default 10 s). */
  timeoutMs?: number;
}

export interface PacedResult {
  /** Requests due in the run, answered or not. */
  due: number;
  answered: number;
  requestsPerSecond: number;
  /** From each request's release to its whole answer: ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests released while every connection was busy: they waited (and that counts). */
  waitedForConnection: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  /**
   * This generator's own event-loop delay, p99 and max, ms: answers that came while it was busy
   * are timed late, so a high figure here means the latencies above are partly its own.
   */
  generatorDelayP99Ms: number;
  generatorDelayMaxMs: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

/** The length of the first whole answer in `buffer` and its status, or undefined while incomplete. */
export function completeAnswer(buffer: Buffer): { length: number; status: number } | undefined {
  const end = buffer.indexOf(HEADER_END);
  if (end === -1) return undefined;
  const head = buffer.toString('latin1', 0, end);
  const length = CONTENT_LENGTH.exec(head);
  if (!length) throw new Error(`paced load: an answer without content-length: ${head.split('\r\n')[0]}`);
  const total = end + HEADER_END.length + Number(length[1]);
  return buffer.length < total ? undefined : { length: total, status: Number(head.slice(9, 12)) };
}

export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const target = new URL(options.url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const host = `${target.hostname}:${target.port}`;
  const { method, path, headers, body } = options.request;
  const head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}`;
  const message = (n: number): string => {
    const payload = body?.(n);
    return payload === undefined ? `${head}\r\n` : `${head}content-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
  };

  const due = Math.floor(options.rate * options.seconds);
  const latencies = new Float64Array(due);
  const released = new Float64Array(due);
  const statuses: Record<string, number> = {};
  let answered = 0;
  let errors = 0;
  let waited = 0;
  let next = 0;
  const queue: number[] = [];
  const idle: Connection[] = [];
  let start = 0;
  const dueAt = (n: number): number => start + (n * 1000) / options.rate;

  interface Connection { socket: Socket; buffer: Buffer; current: number | undefined }
  const send = (c: Connection, n: number) => {
    c.current = n;
    c.socket.write(message(n));
  };
  const free = (c: Connection) => {
    const n = queue.shift();
    if (n === undefined) idle.push(c);
    else send(c, n);
  };
  const open = (): Promise<Connection> => new Promise((resolve, reject) => {
    const socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    const c: Connection = { socket, buffer: Buffer.alloc(0), current: undefined };
    socket.once('connect', () => resolve(c));
    socket.once('error', reject);
    socket.on('error', () => {
      if (c.current !== undefined) errors++;
      c.current = undefined;
    });
    socket.on('data', (chunk: Buffer) => {
      c.buffer = c.buffer.length ? Buffer.concat([c.buffer, chunk]) : chunk;
      for (let answer = completeAnswer(c.buffer); answer && c.current !== undefined; answer = completeAnswer(c.buffer)) {
        latencies[answered++] = performance.now() - released[c.current]!;
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        c.buffer = c.buffer.subarray(answer.length);
        c.current = undefined;
        free(c);
      }
    });
  });
  const connections = await Promise.all(Array.from({ length: options.connections }, open));
  idle.push(...connections);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // The schedule starts once every socket is open: none falls due while connecting.
  start = performance.now();

  // Start every request that has fallen due, then sleep until the next one (timers keep ~1 ms).
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < due && dueAt(next) <= now) {
        released[next] = now;
        const c = idle.pop();
        if (c) send(c, next);
        else {
          waited++;
          queue.push(next);
        }
        next++;
      }
      if (next < due) setTimeout(tick, Math.max(0, dueAt(next) - performance.now()));
      else resolve();
    };
    tick();
  });
  const deadline = performance.now() + timeoutMs;
  while (answered + errors < due && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  delay.disable();
  for (const c of connections) c.socket.destroy();

  const sorted = latencies.subarray(0, answered).sort();
  const round = (ms: number) => Number(ms.toFixed(2));
  return {
    due, answered,
    requestsPerSecond: Number((answered / options.seconds).toFixed(1)),
    p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    waitedForConnection: waited, errors, timeouts: due - answered - errors, statuses,
    generatorDelayP99Ms: round(delay.percentile(99) / 1e6), generatorDelayMaxMs: round(delay.max / 1e6),
  };
}
