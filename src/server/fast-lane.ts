/**
 * The fast lane: a few hot API-key routes answered on the raw HTTP request, before Fastify.
 *
 * Why: a contact decision costs a few microseconds, while Fastify's pipeline around it (cookie,
 * auth, rate-limit and metrics hooks, the body parser's stream, the reply object and its hooks,
 * a child logger) cost several times that, so the route ran at a fifth of a hello-world's rate.
 *
 * What stays the same: the route is still declared in Fastify (OpenAPI, inject-based tests, and
 * every call the lane does not take), with the same Zod schema, access declaration and service
 * method; the lane uses the same API-key resolution, `authorize`, rate-limit counters, problem
 * bodies and request metrics. It only takes a call that is plainly on the happy path by its
 * headers (POST, the exact path, a Bearer key, a JSON body of a declared length within the limit)
 * and whose key is allowed and within its rate. Anything else (no key, a refused key, a cookie,
 * a query string, chunked or oversized bodies, a call over its rate) is handed to Fastify
 * untouched, before a byte of the body is read, so refusals and their audit entries have one
 * implementation. fast-lane.test.ts compares the two answers over real HTTP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import secureJson from 'secure-json-parse';
import type { z } from 'zod';
import type { ResolvedApiKey } from '../modules/apikeys/apikeys.service.js';
import type { Access } from './access.js';
import { authorize } from './authorize.js';
import { fieldsDetail, issueField, problemOf, TryggError, type FieldProblem } from './errors.js';
import type { RecordRequest } from './metrics.js';
import type { RateCounters } from './rate-counters.js';

export interface FastRoute<T> {
  /** The route's declaration in Fastify: only its API-key scopes can let a call into the lane. */
  access: Access;
  body: z.ZodType<T>;
  handle(input: T): Promise<unknown>;
}

export interface FastLaneDeps {
  resolveKey(token: string): Promise<ResolvedApiKey | null>;
  /** The global rate limit, counted in the same windows as Fastify's hook. */
  rate: { counters: RateCounters; max: number; windowMs: number };
  record: RecordRequest;
  requestId(req: IncomingMessage): string;
  bodyLimit: number;
  log: FastifyBaseLogger;
}

const JSON_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;
const JSON_OK = 'application/json; charset=utf-8';
const PROBLEM = 'application/problem+json; charset=utf-8';
// Fastify's own words for a body that is not JSON, so both paths answer alike.
const NOT_JSON = "Body is not valid JSON but content-type is set to 'application/json'";
const PARSE_OPTIONS = { protoAction: 'error', constructorAction: 'error' } as const;

export class FastLane {
  private readonly routes = new Map<string, FastRoute<never>>();

  constructor(private readonly deps: FastLaneDeps) {}

  /** Takes POST `path` (the full path, prefix included) for API-key calls. */
  post<T>(path: string, route: FastRoute<T>): void {
    this.routes.set(path, route as unknown as FastRoute<never>);
  }

  /** Answers `req` in the lane and returns true, or returns false and leaves it to Fastify untouched. */
  take(req: IncomingMessage, res: ServerResponse, fastify: () => void): boolean {
    if (req.method !== 'POST') return false;
    const route = this.routes.get(req.url ?? '');
    if (!route) return false;
    const { authorization, 'content-type': type, 'content-length': length } = req.headers;
    if (!authorization?.startsWith('Bearer ') || !type || !JSON_TYPE.test(type) || req.headers['transfer-encoding'] !== undefined) return false;
    const bytes = Number(length);
    if (!Number.isInteger(bytes) || bytes <= 0 || bytes > this.deps.bodyLimit) return false;
    void this.serve(route, req, res, bytes, fastify).catch((error: unknown) => {
      this.deps.log.error({ err: error }, 'fast lane failed');
      if (!res.headersSent) res.destroy();
    });
    return true;
  }

  private async serve(route: FastRoute<never>, req: IncomingMessage, res: ServerResponse, bytes: number, fastify: () => void): Promise<void> {
    const started = performance.now();
    const { resolveKey, rate, record, log } = this.deps;
    const key = await resolveKey(req.headers.authorization!.slice(7).trim());
    if (!key || !authorize(route.access, { kind: 'api_key', key }, 'POST', undefined).ok) return fastify();
    const count = rate.counters.hit(`key:${key.id}`, rate.windowMs);
    // Over the limit: Fastify's hook counts it once more and answers 429 with Retry-After.
    if (count.current > rate.max) return fastify();

    const path = req.url!;
    const requestId = this.deps.requestId(req);
    let status = 200;
    let type = JSON_OK;
    let payload: string;
    try {
      const input = parseBody(route.body, await readBody(req, bytes));
      payload = JSON.stringify(await route.handle(input as never));
    } catch (error) {
      if (req.destroyed && !req.complete) return; // the caller went away mid-body: nobody to answer
      const problem = error instanceof TryggError
        ? problemOf(error.status, error.code, error.message, path, requestId, error.fields)
        : problemOf(500, 'internal', 'An internal error occurred; it has been logged with this request id.', path, requestId);
      if (!(error instanceof TryggError)) log.error({ err: error, reqId: requestId }, 'unhandled error');
      status = problem.status;
      type = PROBLEM;
      payload = JSON.stringify(problem);
    }
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(payload),
      'x-request-id': requestId,
      'x-ratelimit-limit': rate.max,
      'x-ratelimit-remaining': Math.max(0, rate.max - count.current),
      'x-ratelimit-reset': Math.ceil(count.ttl / 1000),
    });
    res.end(payload);
    const ms = performance.now() - started;
    record('POST', path, status, ms / 1000);
    if ((log as Logger).isLevelEnabled?.('info')) {
      log.info({ reqId: requestId, req: { method: 'POST', url: path }, res: { statusCode: status }, responseTime: ms }, 'request completed (fast lane)');
    }
  }
}

function readBody(req: IncomingMessage, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks, bytes).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => req.complete || reject(new Error('the request was cut off mid-body')));
  });
}

/** The body as Fastify's JSON parser and Zod validator would give it, or the same 400. */
function parseBody<T>(schema: z.ZodType<T>, text: string): T {
  let json: unknown;
  try {
    json = secureJson.parse(text, PARSE_OPTIONS);
  } catch {
    throw new TryggError(400, 'malformed-json', `body: ${NOT_JSON}`, [{ field: 'body', message: NOT_JSON }]);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const fields: FieldProblem[] = parsed.error.issues.map((issue) => ({
    field: issueField('body', issue.path, issue.code === 'unrecognized_keys' ? issue.keys : undefined),
    message: issue.message,
  }));
  throw new TryggError(400, 'invalid-input', fieldsDetail(fields), fields);
}
