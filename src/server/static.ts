import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { TryggApp } from './app.js';

export const consoleDist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console', 'dist');

/**
 * Serves the built web app: the staff console under /console and the public pages at /.
 * Both are client-side routed, so unknown paths below them get their HTML shell.
 */
export async function installStatic(app: TryggApp): Promise<void> {
  if (!existsSync(join(consoleDist, 'index.html'))) {
    app.log.warn(`console not built (${consoleDist}); run npm run build:console`);
    return;
  }
  await app.register(fastifyStatic, { root: consoleDist, prefix: '/', index: ['index.html'], wildcard: false });
  const shell = (file: string) => ({ schema: { hide: true }, config: { access: { public: true } as const } , handler: async (_req: unknown, reply: { sendFile: (f: string) => unknown }) => reply.sendFile(file) });
  const consoleShell = existsSync(join(consoleDist, 'console.html')) ? 'console.html' : 'index.html';
  app.get('/console', shell(consoleShell) as never);
  app.get('/console/*', shell(consoleShell) as never);
  app.get('/', shell('index.html') as never);
}
