import type { Env } from '../config/env.js';
import { buildApp, type TryggApp } from './app.js';
import { openRuntime, type Runtime } from './runtime.js';

export interface RunningServer {
  app: TryggApp;
  runtime: Runtime;
  url: string;
  stop(): Promise<void>;
}

/** Boots everything for `trygg start` and `trygg demo`, and stops it cleanly on SIGINT/SIGTERM. */
export async function startServer(env: Env): Promise<RunningServer> {
  const runtime = await openRuntime(env, { workers: true });
  const app = await buildApp({
    database: runtime.database,
    services: runtime.services,
    jobs: runtime.jobs,
    clock: runtime.clock,
    serveConsole: true,
    http: {
      publicUrl: env.TRYGG_PUBLIC_URL,
      trustProxy: env.TRYGG_TRUST_PROXY,
      rateLimitPerMinute: env.TRYGG_RATE_LIMIT_PER_MINUTE,
      bodyLimitBytes: env.TRYGG_BODY_LIMIT_BYTES,
      logLevel: env.LOG_LEVEL,
    },
  });
  // The hash-bank index loads in the background (a check waits for it) and follows other nodes' changes.
  void runtime.services.media.index.ready().catch((error: unknown) => app.log.error({ err: error }, 'loading the hash-bank index failed'));
  runtime.services.media.index.startFollowing(env.TRYGG_BANK_FOLLOW_SECONDS * 1000, (error) => app.log.warn({ err: error }, 'following hash-bank changes failed'));
  // Contact decisions listen for changes and fill their cache from the start, not on the first decision.
  await runtime.services.contact.start();
  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const url = env.TRYGG_PUBLIC_URL?.replace(/\/$/, '') ?? `http://${host}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      runtime.services.media.index.stopFollowing();
      await app.close();
      await runtime.close();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().then(() => process.exit(0)));
  }
  return { app, runtime, url, stop };
}
