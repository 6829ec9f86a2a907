import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { randomBytes } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Clock } from '../lib/clock.js';
import { installAccessGuard, type Access } from './access.js';
import type { Database } from '../storage/db.js';
import type { JobQueue } from '../jobs/queue.js';
import { installAuth } from './authenticate.js';
import { handleError, sendProblem } from './errors.js';
import { installHealth } from './health.js';
import { installMetrics } from './metrics.js';
import { modules } from './modules.js';
import type { Services } from './services.js';
import { installStatic } from './static.js';

export type TryggApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpConfig {
  publicUrl?: string;
  trustProxy: boolean;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  logLevel: string;
}

export const defaultHttpConfig: HttpConfig = {
  trustProxy: false,
  rateLimitPerMinute: 1200,
  bodyLimitBytes: 1_048_576,
  logLevel: 'info',
};

export interface AppDeps {
  database: Database;
  services: Services;
  clock: Clock;
  http?: Partial<HttpConfig>;
  jobs?: JobQueue;
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
  /** Serve the built console and public pages (off in most tests). */
  serveConsole?: boolean;
}

// Secrets must never reach the logs, whatever a future log line includes.
const redact = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]',
  '*.password', '*.newPassword', '*.code', '*.token', '*.key', '*.secret', '*.text',
];

/**
 * Each operation in the OpenAPI document carries its access declaration (`x-trygg-access`)
 * and the matching security schemes, so integrators and the access-walk test read the same truth.
 */
const publishAccess: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const access = (input.route.config as { access?: Access } | undefined)?.access;
  if (!access) return out;
  const security: Record<string, string[]>[] = [];
  if (!('public' in access)) {
    if (access.roles.length) security.push({ session: [] });
    if (access.scopes?.length) security.push({ apiKey: [] });
  }
  return { ...out, schema: { ...out.schema, security, 'x-trygg-access': access } as unknown as typeof out.schema };
};

/**
 * Request ids shaped like a UUID: a random prefix per app and a counter. Unique without asking
 * the system for random bytes on every request (a UUIDv7 did, a visible share of a cheap route).
 */
function requestIdSource(): () => string {
  const hex = randomBytes(10).toString('hex');
  const prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-`;
  let next = 0;
  return () => prefix + (next++).toString(16).padStart(12, '0');
}

export async function buildApp(deps: AppDeps): Promise<TryggApp> {
  const requestIds = requestIdSource();
  const http = { ...defaultHttpConfig, ...deps.http };
  const loggerOptions = { level: http.logLevel, redact: { paths: redact, censor: '[redacted]' } };
  const app = Fastify({
    logger: deps.logStream ? { ...loggerOptions, stream: deps.logStream } : loggerOptions,
    trustProxy: http.trustProxy,
    bodyLimit: http.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : requestIds();
    },
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>() as unknown as TryggApp;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, 'not-found', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  installAccessGuard(app);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trygg API',
        version: '1',
        description:
          'Child-safety and trust-and-safety engine. Platforms call it with API keys (Bearer); staff use the console with a session cookie, sending x-csrf-token on writes. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A platform API key: trygg_<prefix>_<secret>' },
          session: { type: 'apiKey', in: 'cookie', name: 'trygg_session' },
        },
      },
    },
    transform: publishAccess,
    // Schemas with a meta id (e.g. CommunityEvent) appear under components.schemas.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, {
    global: true,
    // After authentication, so a platform's key or a staff member is limited, not a shared IP.
    hook: 'preHandler',
    max: http.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => {
      const p = request.principal;
      if (p?.kind === 'api_key') return `key:${p.key.id}`;
      if (p?.kind === 'staff') return `staff:${p.session.staff.id}`;
      return `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`Rate limit exceeded: ${context.max} requests per minute; retry in ${context.after}`) as Error & { statusCode: number };
      error.statusCode = 429;
      return error;
    },
  });

  installAuth(app, deps.services, { secureCookies: http.publicUrl?.startsWith('https://') ?? false });
  installMetrics(app, deps.services.metrics);
  installHealth(app, deps.database);

  await app.register(
    async (v1) => {
      for (const module of modules) await module.register(v1 as TryggApp, { services: deps.services, jobs: deps.jobs, clock: deps.clock });
    },
    { prefix: '/v1' },
  );

  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () => app.swagger());
  if (deps.serveConsole) await installStatic(app);
  await app.ready();
  return app;
}
