import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import type { ModuleDeps } from '../../server/modules.js';
import { problems } from '../../server/schemas.js';

const eventSchema = z
  .object({
    seq: z.number().int(), id: z.uuid(), occurredAt: z.string(),
    actorType: z.string(), actorId: z.string().nullable(),
    subjectType: z.string().nullable(), subjectId: z.string().nullable(),
    type: z.string(), payload: z.unknown(), hash: z.string(),
  })
  .meta({ id: 'ModerationEvent' });

const listQuery = z.strictObject({
  actorType: z.enum(['staff', 'api_key', 'system', 'anonymous']).optional(),
  actorId: z.string().max(100).optional(),
  type: z.string().max(100).optional().describe('Exact type, or a prefix ending in * (e.g. staff.*)'),
  subjectType: z.string().max(50).optional(),
  subjectId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional().describe('Keyset cursor: the nextBefore of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const readers = { roles: ['admin', 'auditor'] } as const;
const tags = ['audit'];

export function auditRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/audit/events', {
    config: { access: readers },
    schema: {
      tags, summary: 'The moderation event log, newest first', querystring: listQuery,
      response: { 200: z.object({ items: z.array(eventSchema), nextBefore: z.number().int().nullable() }), ...problems },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await services.audit.list({
      actorType: q.actorType, actorId: q.actorId, type: q.type, subjectType: q.subjectType, subjectId: q.subjectId,
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, beforeSeq: q.before, limit: q.limit,
    });
    return {
      items: rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() })),
      nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.seq : null,
    };
  });

  app.get('/audit/verify', {
    config: { access: readers },
    schema: {
      tags, summary: 'Check the hash chain of the whole log',
      response: {
        200: z.object({
          ok: z.boolean(), checked: z.number().int(), lastSeq: z.number().int().nullable(),
          firstBroken: z.object({ seq: z.number().int(), id: z.string(), reason: z.string() }).optional(),
        }),
        ...problems,
      },
    },
  }, async () => services.audit.verify());
}
