import { z } from 'zod';
import type { Database } from '../storage/db.js';
import { pendingMigrations } from '../storage/migrate.js';
import type { TryggApp } from './app.js';
import { trustedOkSerializer } from './schemas.js';

const health = z.object({ status: z.enum(['ok', 'unavailable']), detail: z.string().optional() });

export function installHealth(app: TryggApp, database: Database): void {
  const common = { config: { access: { public: true } as const, rateLimit: false as const } };
  app.get('/healthz', { ...common, serializerCompiler: trustedOkSerializer, schema: { tags: ['operations'], summary: 'The process is alive', response: { 200: health } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/readyz',
    { ...common, schema: { tags: ['operations'], summary: 'The database is reachable and every migration applied', response: { 200: health, 503: health } } },
    async (_request, reply) => {
      try {
        await database.executeSql('SELECT 1');
        const pending = await pendingMigrations(database);
        if (pending.length) return reply.status(503).send({ status: 'unavailable' as const, detail: `pending migrations: ${pending.join(', ')}` });
        return { status: 'ok' as const };
      } catch (error) {
        return reply.status(503).send({ status: 'unavailable' as const, detail: `database unreachable: ${(error as Error).message}` });
      }
    },
  );
}
