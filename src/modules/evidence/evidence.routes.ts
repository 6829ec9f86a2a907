import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems } from '../../server/schemas.js';

export const evidenceItemSchema = z.object({
  id: z.uuid(), kind: z.string(), sha256: z.string(), size: z.number().int(), contentType: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }), caseId: z.uuid().nullable(), reason: z.string(), provenance: z.unknown(),
  preservedBy: z.object({ type: z.string(), id: z.string().nullable() }), preservedAt: z.string(), purged: z.boolean(),
}).meta({ id: 'EvidenceItem' });
const item = evidenceItemSchema;
/** Evidence is child-safety data: two-factor sessions only, and never for platform keys. */
const readers = { roles: ['moderator', 'senior_moderator', 'admin', 'legal'], twoFactor: true } as const;
const tags = ['evidence'];

export function evidenceRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/evidence/:id', {
    config: { access: readers },
    schema: { tags, summary: 'What an evidence item is, where it came from (no content)', params: idParams, response: { 200: item, ...problems } },
  }, async (request) => services.evidence.describe(request.params.id));

  app.get('/cases/:id/evidence', {
    config: { access: readers },
    schema: { tags, summary: "A case's preserved evidence (no content)", params: idParams, response: { 200: z.object({ items: z.array(item) }), ...problems } },
  }, async (request) => ({ items: await services.evidence.forCase(request.params.id) }));

  app.get('/evidence/:id/content', {
    config: { access: readers, rateLimit: { max: 60, timeWindow: 60_000 } },
    schema: {
      tags, summary: 'Open an evidence item (audited: who, when, why)',
      description: 'Returns the preserved bytes. The reason is required and recorded in the moderation event log before the bytes are sent; the console shows images blurred and greyscale until the moderator reveals them.',
      params: idParams, querystring: z.strictObject({ reason: z.string().trim().min(3).max(500) }),
    },
  }, async (request, reply) => {
    const opened = await services.evidence.open(actorOf(request.principal), request.params.id, request.query.reason);
    return reply
      .header('content-type', opened.contentType).header('cache-control', 'no-store').header('x-content-sha256', opened.sha256)
      .header('content-disposition', 'inline').header('x-content-type-options', 'nosniff')
      // Preserved bytes are hostile by assumption: nothing in them may run on Trygg's origin.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(opened.bytes);
  });
}
