import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { allStaff } from '../../server/access.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { problems } from '../../server/schemas.js';
import { policyDocument } from './policy.document.js';

const change = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });
const policyVersion = z
  .object({
    version: z.number().int(),
    document: policyDocument,
    comment: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string().nullable(),
  })
  .meta({ id: 'PolicyVersion' });
const withChanges = policyVersion.extend({ changes: z.array(change) });
const tags = ['policy'];

export function policyRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/policy', {
    config: { access: { roles: allStaff, scopes: ['decisions:read'] } },
    schema: { tags, summary: 'The contact policy in force', response: { 200: policyVersion, ...problems } },
  }, async () => services.policies.current());

  app.get('/policy/versions', {
    config: { access: { roles: allStaff } },
    schema: {
      tags, summary: 'Policy history, newest first, each with its changes against the one before',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20), before: z.coerce.number().int().min(1).optional() }),
      response: { 200: z.object({ items: z.array(withChanges) }), ...problems },
    },
  }, async (request) => ({ items: await services.policies.history(request.query.limit, request.query.before) }));

  app.get('/policy/versions/:version', {
    config: { access: { roles: allStaff } },
    schema: {
      tags, summary: 'One policy version', params: z.strictObject({ version: z.coerce.number().int().min(0) }),
      response: { 200: policyVersion, ...problems },
    },
  }, async (request) => services.policies.get(request.params.version));

  app.put('/policy', {
    config: { access: { roles: ['admin'] } },
    schema: {
      tags, summary: 'Save a new policy version',
      description: 'The document is validated in full; errors name the field as document.<path>. Applies to the next decision on every node.',
      body: z.strictObject({ document: z.unknown(), comment: z.string().max(500).optional() }),
      response: { 200: withChanges, ...problems },
    },
  }, async (request) => services.policies.save(actorOf(request.principal), request.body.document, request.body.comment));
}
