import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { sessionOf } from '../../server/authenticate.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems } from '../../server/schemas.js';

const reason = z.string().trim().min(3, 'state why you need to read the conversation').max(1000);

const accessBody = z.strictObject({
  reason: reason.describe('Why the conversation must be read: recorded before any text is returned'),
  messageId: z.string().trim().min(1).max(200).optional().describe('Centre on this message: one the case references'),
  conversationId: z.string().trim().min(1).max(200).optional().describe('Which referenced conversation, when the case references several'),
  widen: z
    .strictObject({
      scope: z.enum(['wide', 'all']).describe('wide: ±50 messages; all: the whole conversation (up to 1,000 each side)'),
      reason: reason.describe('Why the default ±10 is not enough: recorded on its own'),
    })
    .optional()
    .describe('Senior moderators, admins and legal only'),
});

const conversationView = z
  .object({
    accessId: z.uuid().describe('The moderation event that recorded this view'),
    caseId: z.uuid(), conversationId: z.string(), anchorMessageId: z.string(), scope: z.enum(['around', 'wide', 'all']),
    moreBefore: z.boolean(), moreAfter: z.boolean(),
    messages: z.array(z.object({
      id: z.string(), from: z.string(), to: z.string(), sentAt: z.string(), hasMedia: z.boolean(),
      text: z.string().nullable().describe("Null where the platform's privacy setting kept the text back"), anchor: z.boolean(),
    })),
  })
  .meta({ id: 'ConversationView' });

const accessEntry = z
  .object({
    seq: z.number().int(), id: z.uuid(), occurredAt: z.string(), kind: z.string().describe('viewed, widened or refused'),
    staff: z.object({ id: z.string().nullable(), email: z.string().nullable(), role: z.string().nullable() }),
    caseId: z.string().nullable(), conversationId: z.string().nullable(), anchorMessageId: z.string().nullable(), scope: z.string().nullable(),
    firstMessageId: z.string().nullable(), lastMessageId: z.string().nullable(), messages: z.number().int(),
    reason: z.string(), viewReason: z.string().nullable(), refusal: z.string().nullable(),
  })
  .meta({ id: 'ConversationAccess' });

// Message text is the most private data Trygg holds: two-factor sessions only, never platform keys.
const readers = { roles: ['moderator', 'senior_moderator', 'admin', 'legal'], twoFactor: true } as const;
const auditors = { roles: ['auditor', 'admin'], twoFactor: true } as const;

export function conversationRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.post('/cases/:id/conversation-access', {
    config: { access: readers, rateLimit: { max: 60, timeWindow: 60_000 } },
    schema: {
      tags: ['cases'], summary: 'Read the referenced conversation (audited: who, which messages, why)',
      description: 'Only through a case that references the message or conversation, with a reason. By default the ±10 messages around the referenced one; `widen` (senior moderator, admin, legal) reaches ±50 or the whole conversation with its own reason. The view is recorded as a moderation event before any text is returned; refusals are recorded too.',
      params: idParams, body: accessBody, response: { 200: conversationView, ...problems },
    },
  }, async (request, reply) => {
    const { staff } = sessionOf(request);
    const view = await services.conversations.open({ id: staff.id, role: staff.role }, { caseId: request.params.id, ...request.body });
    return reply.header('cache-control', 'no-store').send(view);
  });

  app.get('/audit/conversation-access', {
    config: { access: auditors },
    schema: {
      tags: ['audit'], summary: 'The access report: who read which conversation, through which case, when and why (newest first)',
      querystring: z.strictObject({
        staffId: z.uuid().optional(), caseId: z.uuid().optional(),
        from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(),
        before: z.coerce.number().int().positive().optional().describe('Keyset cursor: the nextBefore of the previous page'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(accessEntry), nextBefore: z.number().int().nullable() }), ...problems },
    },
  }, async (request) => {
    const q = request.query;
    return services.conversations.report({
      staffId: q.staffId, caseId: q.caseId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, before: q.before, limit: q.limit,
    });
  });
}
