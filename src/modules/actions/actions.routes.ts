import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { allStaff } from '../../server/access.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems } from '../../server/schemas.js';
import { actionBody, actionResultSchema, actionSchema, appealSchema, externalId, plainText, requireReviewer, reviewerOf } from './actions.schemas.js';
import { appealRoutes } from './appeals.routes.js';
import { ruleRoutes } from './rules.routes.js';
import { statementRoutes } from './statements.routes.js';

const deciders = { roles: ['moderator', 'senior_moderator', 'admin'] } as const;
const tags = ['actions'];

/** Decisions on cases, the second review of child-safety dismissals, and strikes; with rules, appeals and statements. */
export async function actionRoutes(app: TryggApp, deps: ModuleDeps): Promise<void> {
  const { services } = deps;

  app.post('/cases/:id/actions', {
    config: { access: deciders },
    schema: {
      tags, summary: 'Act on a case: dismiss, warn, hide, remove, restrict_minors, suspend or ban',
      description:
        'One transaction: the action with its statement of reasons, the case status, strikes, the moderation event, the ' +
        'action.taken and statement.issued webhooks and the reporters\' outcome. Child-safety cases need a two-factor ' +
        'session; their dismissal waits for a second, different senior moderator (secondReviewRequired, case waiting).',
      params: idParams, body: actionBody, response: { 201: actionResultSchema, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.actions.takeAction(requireReviewer(request), request.params.id, request.body)));

  app.get('/cases/:id/actions', {
    config: { access: { roles: allStaff } },
    schema: {
      tags, summary: "A case's actions, oldest first, and whether strikes suggest a suspension",
      params: idParams, response: { 200: z.object({ items: z.array(actionSchema), suspensionSuggested: z.boolean() }), ...problems },
    },
  }, async (request) => services.actions.caseActions(reviewerOf(request), request.params.id));

  app.get('/actions/:id', {
    config: { access: { roles: allStaff, scopes: ['decisions:read'] } },
    schema: {
      tags, summary: 'One action with its statement of reasons and appeals',
      params: idParams,
      response: { 200: actionSchema.extend({ category: z.string(), appeals: z.array(appealSchema) }), ...problems },
    },
  }, async (request) => services.actions.getAction(reviewerOf(request), request.params.id));

  app.get('/second-reviews', {
    config: { access: { roles: ['senior_moderator', 'admin'], twoFactor: true } },
    schema: {
      tags, summary: 'Child-safety dismissals waiting for a second reviewer, oldest first',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(actionSchema.extend({ category: z.string(), caseStatus: z.string() })) }), ...problems },
    },
  }, async (request) => ({ items: await services.actions.pendingSecondReviews(request.query.limit) }));

  app.post('/actions/:id/confirm', {
    config: { access: { roles: ['senior_moderator'], twoFactor: true } },
    schema: {
      tags, summary: 'Second review: confirm a child-safety dismissal (a senior moderator other than the first reviewer)',
      params: idParams, body: z.strictObject({ note: plainText(2000).optional() }), response: { 200: actionResultSchema, ...problems },
    },
  }, async (request) => services.actions.confirmDismissal(requireReviewer(request), request.params.id, request.body.note));

  app.post('/actions/:id/reject', {
    config: { access: { roles: ['senior_moderator'], twoFactor: true } },
    schema: {
      tags, summary: 'Second review: reject a child-safety dismissal; the case goes back to open',
      params: idParams, body: z.strictObject({ reason: plainText(2000) }), response: { 200: actionResultSchema, ...problems },
    },
  }, async (request) => services.actions.rejectDismissal(requireReviewer(request), request.params.id, request.body.reason));

  app.get('/accounts/:externalId/strikes', {
    config: { access: { roles: ['admin', 'moderator', 'senior_moderator', 'legal'], scopes: ['accounts:read'] } },
    schema: {
      tags, summary: "A member's strikes, the thresholds that suggest suspension, and the restrictions in force",
      params: z.strictObject({ externalId }),
      response: {
        200: z.object({
          member: z.string(), activeStrikes: z.number().int(), thresholds: z.array(z.number().int()),
          strikes: z.array(z.object({
            actionId: z.uuid(), action: z.string(), weight: z.number().int(), createdAt: z.string(), expiresAt: z.string().nullable(),
            removedAt: z.string().nullable(), active: z.boolean(),
          })),
          restrictionsInForce: z.array(z.object({ actionId: z.uuid(), action: z.string(), endsAt: z.string().nullable() })),
          suspensionSuggested: z.boolean().describe('Active strikes reach a threshold (DSA Art. 23) and no suspension or ban is in force'),
        }),
        ...problems,
      },
    },
  }, async (request) => services.actions.memberStrikes(request.params.externalId));

  ruleRoutes(app, deps);
  appealRoutes(app, deps);
  statementRoutes(app, deps);
}
