import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TryggApp } from './app.js';

/** Prometheus metrics in a registry per app, so tests can build many apps in one process. */
export function installMetrics(app: TryggApp, domain?: Registry): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'trygg_' });
  const requests = new Counter({
    name: 'trygg_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry],
  });
  const duration = new Histogram({
    name: 'trygg_http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  // Bound label children per method, route and status: hashing a label object on every request
  // cost more than the counting.
  const bound = new Map<string, { count: { inc(): void }; time: { observe(value: number): void } }>();
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: ids in paths would explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let child = bound.get(key);
    if (!child) {
      child = { count: requests.labels(request.method, route, String(reply.statusCode)), time: duration.labels(request.method, route) };
      bound.set(key, child);
    }
    child.count.inc();
    child.time.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true }, config: { access: { public: true }, rateLimit: false } }, async (_request, reply) => {
    const merged = domain ? Registry.merge([registry, domain]) : registry;
    reply.type(merged.contentType);
    return merged.metrics();
  });
  return registry;
}
