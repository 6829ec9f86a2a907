import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import type { ModuleDeps } from '../../server/modules.js';
import { problems } from '../../server/schemas.js';
import { actionStatus, actionType, appealSchema, dsaStatementSchema, plainText, publicAppealSchema, redressSchema, tokenParams } from './actions.schemas.js';

/** Statements of reasons: the Transparency Database export, and the public page behind each statement's link. */
export function statementRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/statements', {
    config: { access: { roles: ['admin', 'legal', 'auditor'] } },
    schema: {
      tags: ['transparency'], summary: 'Statements of reasons in the EU DSA Transparency Database request shape, in decision order',
      description: 'Each page is a body for the Transparency Database POST /api/v1/statements ({"statements": [...]}, at most 100). No personal data.',
      querystring: z.strictObject({
        after: z.uuid().optional().describe('Keyset cursor: the nextAfter of the previous page'),
        limit: z.coerce.number().int().min(1).max(100).default(100),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
      }),
      response: { 200: z.object({ statements: z.array(dsaStatementSchema), nextAfter: z.uuid().nullable() }), ...problems },
    },
  }, async (request) => {
    const q = request.query;
    return services.actions.exportStatements(q.after, q.limit, q.from ? new Date(q.from) : undefined, q.to ? new Date(q.to) : undefined);
  });

  app.get('/public/statements/:token', {
    config: { access: { public: true } },
    schema: {
      tags: ['public'], summary: 'A statement of reasons by its link, for the member it affects (no personal data)',
      params: tokenParams,
      response: {
        200: z.object({
          decision: z.object({ action: actionType, status: actionStatus, decidedAt: z.string(), endsAt: z.string().nullable() }),
          statement: dsaStatementSchema,
          redress: redressSchema,
          appeal: publicAppealSchema.nullable(),
          canAppeal: z.boolean(),
        }),
        ...problems,
      },
    },
  }, async (request) => services.actions.publicStatement(request.params.token));

  app.post('/public/statements/:token/appeal', {
    config: { access: { public: true } },
    schema: {
      tags: ['public'], summary: 'Appeal the decision (DSA Art. 20) from the statement\'s link, within the appeal window',
      params: tokenParams,
      body: z.strictObject({
        text: plainText(5000),
        contactEmail: z.email().max(320).optional().describe('To hear the outcome by e-mail; stored sealed'),
      }),
      response: { 201: appealSchema.pick({ id: true, status: true, receivedAt: true }), ...problems },
    },
  }, async (request, reply) => {
    const appeal = await services.actions.appealByToken(request.params.token, request.body);
    return reply.status(201).send({ id: appeal.id, status: appeal.status, receivedAt: appeal.receivedAt });
  });
}
