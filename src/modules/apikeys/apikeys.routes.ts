import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { scopes } from '../../server/access.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, pageQuery, problems } from '../../server/schemas.js';

const apiKeySchema = z
  .object({
    id: z.uuid(), name: z.string(), prefix: z.string(), scopes: z.array(z.enum(scopes)),
    createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

const admins = { roles: ['admin'] } as const;
const tags = ['api keys'];

export function apiKeyRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/api-keys', {
    config: { access: admins },
    schema: { tags, summary: 'List platform API keys', querystring: pageQuery, response: { 200: z.object({ items: z.array(apiKeySchema) }), ...problems } },
  }, async (request) => ({ items: await services.apiKeys.list(request.query.limit, request.query.offset) }));

  app.post('/api-keys', {
    config: { access: admins },
    schema: {
      tags, summary: 'Create an API key (the key is shown once)',
      body: z.strictObject({ name: z.string().trim().min(1).max(120), scopes: z.array(z.enum(scopes)).min(1) }),
      response: { 201: z.object({ apiKey: apiKeySchema, key: z.string() }), ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.apiKeys.create(actorOf(request.principal), request.body.name, request.body.scopes)));

  app.delete('/api-keys/:id', {
    config: { access: admins },
    schema: { tags, summary: 'Revoke an API key', params: idParams, response: { 200: apiKeySchema, ...problems } },
  }, async (request) => services.apiKeys.revoke(actorOf(request.principal), request.params.id));
}
