import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { TryggApp } from './app.js';

export const consoleDist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console', 'dist');

// The pages load only their own scripts, styles and API: no inline code, no third parties, no framing.
// blob: images are object URLs the console made itself from evidence it fetched with a reason.
const contentSecurityPolicy = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "connect-src 'self'",
  "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built web app: the public pages at / (index.html) and the staff console at
 * /console and every path below it (console.html; the console routes on the client).
 * Both load their content-hashed files from /assets/, which may be cached for good;
 * the HTML is revalidated on every load so a new release is picked up at once.
 */
export async function installStatic(app: TryggApp): Promise<void> {
  if (!existsSync(join(consoleDist, 'index.html'))) {
    app.log.warn(`console not built (${consoleDist}); run npm run build:console`);
    return;
  }
  await app.register(fastifyStatic, {
    root: join(consoleDist, 'assets'),
    prefix: '/assets/',
    index: false,
    maxAge: '365d',
    immutable: true,
  });

  const shell = (file: string) => ({
    schema: { hide: true },
    handler: async (_request: unknown, reply: FastifyReply) =>
      reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', contentSecurityPolicy)
        .header('referrer-policy', 'same-origin')
        .header('x-content-type-options', 'nosniff')
        .sendFile(file, consoleDist, { cacheControl: false }),
  });
  const consoleShell = existsSync(join(consoleDist, 'console.html')) ? 'console.html' : 'index.html';
  app.get('/', shell('index.html'));
  // Public pages routed on the client: the report form and its status page, and the appeal
  // page that statements of reasons link to.
  app.get('/report', shell('index.html'));
  app.get('/report/*', shell('index.html'));
  app.get('/appeal/*', shell('index.html'));
  // The takedown request form and its status page (docs/takedowns.md).
  app.get('/takedown', shell('index.html'));
  app.get('/takedown/*', shell('index.html'));
  app.get('/console', shell(consoleShell));
  app.get('/console/*', shell(consoleShell));
}
