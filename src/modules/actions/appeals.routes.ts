import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems } from '../../server/schemas.js';
import { receiptParams } from '../reports/reports.schemas.js';
import { actionSchema, actionType, appealSchema, appealStatus, caseRef, externalId, plainText, requireReviewer } from './actions.schemas.js';

const reviewers = { roles: ['moderator', 'senior_moderator', 'admin'] } as const;
const tags = ['appeals'];

/** Appeals (DSA Art. 20): filed by the platform for the member or on the public page; decided by a different reviewer. */
export function appealRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.post('/actions/:id/appeals', {
    config: { access: { roles: [], scopes: ['reports:write'] } },
    schema: {
      tags, summary: 'Appeal a decision on behalf of the member it affects',
      description: 'Within the appeal window (policy enforcement.appealWindowMonths, at least 6 months); outside it 409 appeal-window-closed names the deadline.',
      params: idParams,
      body: z.strictObject({ memberExternalId: externalId, text: plainText(5000) }),
      response: { 201: appealSchema, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.actions.appealByPlatform(actorOf(request.principal), request.params.id, request.body)));

  app.post('/reports/:id/appeals', {
    config: { access: { roles: [], scopes: ['reports:write'] } },
    schema: {
      tags, summary: 'Appeal a decision not to act on a report, on behalf of the member who made it',
      description:
        'DSA Art. 20: a reporter may contest a dismissal of their report within the appeal window. A different reviewer decides; ' +
        'a reversal reopens the case. 409 not-the-reporter, not-appealable (no dismissal stands), already-appealed, appeal-window-closed.',
      params: idParams,
      body: z.strictObject({ reporterId: externalId, text: plainText(5000) }),
      response: { 201: appealSchema, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.actions.appealByReporter(actorOf(request.principal), request.params.id, request.body)));

  app.post('/public/reports/:receiptCode/appeal', {
    config: { access: { public: true }, rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (request) => `public-report-appeal:${request.ip}` } },
    schema: {
      tags: ['public'], summary: 'Appeal a decision not to act on a report, from its status page (by receipt code)',
      params: receiptParams,
      body: z.strictObject({ text: plainText(5000) }),
      response: { 201: appealSchema.pick({ id: true, status: true, receivedAt: true }), ...problems },
    },
  }, async (request, reply) => {
    const appeal = await services.actions.appealByReceipt(request.params.receiptCode, request.body.text);
    return reply.status(201).send({ id: appeal.id, status: appeal.status, receivedAt: appeal.receivedAt });
  });

  app.get('/appeals', {
    config: { access: reviewers },
    schema: {
      tags, summary: 'Appeals, oldest first (texts only in the single view)',
      querystring: z.strictObject({
        status: appealStatus.optional(),
        after: z.uuid().optional().describe('Keyset cursor: the nextAfter of the previous page'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: {
        200: z.object({
          items: z.array(appealSchema.omit({ text: true }).extend({
            action: actionType, caseId: z.uuid(), category: z.string(), childSafety: z.boolean(), originalDeciderId: z.uuid(),
          })),
          nextAfter: z.uuid().nullable(),
        }),
        ...problems,
      },
    },
  }, async (request) => services.actions.listAppeals(request.query.status, request.query.after, request.query.limit));

  app.get('/appeals/:id', {
    config: { access: reviewers },
    schema: {
      tags, summary: 'One appeal with the decision it contests',
      params: idParams,
      response: { 200: appealSchema.extend({ action: actionSchema.extend({ category: z.string(), appeals: z.array(appealSchema) }) }), ...problems },
    },
  }, async (request) => services.actions.getAppeal(requireReviewer(request), request.params.id));

  app.post('/appeals/:id/decision', {
    config: { access: reviewers },
    schema: {
      tags, summary: 'Uphold or reverse (a reviewer who did not decide; a senior moderator for child-safety categories)',
      description:
        'A reversal marks the action reversed, removes its strike, lifts the account restriction it set and emits action.reversed. ' +
        'A child-safety case always goes back to the queue; other cases resolve (caseAfter resolve, default) or reopen.',
      params: idParams,
      body: z.strictObject({ outcome: z.enum(['upheld', 'reversed']), reason: plainText(4000), caseAfter: z.enum(['resolve', 'reopen']).optional() }),
      response: { 200: z.object({ appeal: appealSchema, action: actionSchema, case: caseRef }), ...problems },
    },
  }, async (request) => services.actions.decideAppeal(requireReviewer(request), request.params.id, request.body));
}
