import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problemSchema, problems } from '../../server/schemas.js';
import { createReferralBody, ncmecDetails, referralStatuses, referralView } from './referrals.schemas.js';

/** Referrals carry child-safety data out of the platform: legal and senior moderators, two-factor only. */
const referrers = { roles: ['legal', 'senior_moderator'], twoFactor: true } as const;
/** The police package is the legal role's to hand over. */
const legal = { roles: ['legal'], twoFactor: true } as const;
const tags = ['referrals'];
const moreProblems = { ...problems, 422: problemSchema, 502: problemSchema, 503: problemSchema };

const listQuery = z.strictObject({
  caseId: z.uuid().optional(),
  status: z.enum(referralStatuses).optional(),
  kind: z.enum(['ncmec', 'police']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(200).optional().describe("The previous page's `next`"),
});

export function referralRoutes(app: TryggApp, { services }: ModuleDeps): void {
  const referrals = services.referrals;

  app.get('/referrals', {
    config: { access: referrers },
    schema: {
      tags, summary: 'Referrals, most recently changed first, with every API answer',
      description: 'Keyset-paged: pass `next` as `before` for the following page (null at the end).',
      querystring: listQuery, response: { 200: z.object({ items: z.array(referralView), next: z.string().nullable() }), ...problems },
    },
  }, async (request) => referrals.list(request.query));

  app.get('/referrals/:id', {
    config: { access: referrers },
    schema: { tags, summary: 'One referral: its document, validation problems, progress and every API answer', params: idParams, response: { 200: referralView, ...problems } },
  }, async (request) => referrals.get(request.params.id));

  app.post('/cases/:id/referrals', {
    config: { access: referrers },
    schema: {
      tags, summary: 'Refer a case: a CyberTipline report (built and validated) or a police intelligence package',
      description: 'A report that does not validate is kept as a draft with its field problems; correct it with PUT /referrals/{id}/details.',
      params: idParams, body: createReferralBody, response: { 201: referralView, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await referrals.create(actorOf(request.principal), request.params.id, request.body)));

  app.put('/referrals/:id/details', {
    config: { access: referrers },
    schema: {
      tags, summary: "Correct a CyberTipline report's details; it is built and validated again",
      params: idParams, body: ncmecDetails, response: { 200: referralView, ...problems },
    },
  }, async (request) => referrals.update(actorOf(request.principal), request.params.id, request.body));

  app.post('/referrals/:id/send', {
    config: { access: referrers },
    schema: {
      tags, summary: 'Send a validated report to NCMEC (again, after a failure); a job sends it after commit',
      params: idParams, response: { 202: referralView, ...moreProblems },
    },
  }, async (request, reply) => reply.status(202).send(await referrals.send(actorOf(request.principal), request.params.id)));

  app.post('/referrals/:id/retract', {
    config: { access: referrers },
    schema: {
      tags, summary: 'Retract a report NCMEC has not been told is finished',
      params: idParams, body: z.strictObject({ reason: z.string().trim().min(3).max(1000) }), response: { 200: referralView, ...moreProblems },
    },
  }, async (request) => referrals.retract(actorOf(request.principal), request.params.id, request.body.reason));

  app.post('/referrals/:id/delivered', {
    config: { access: legal },
    schema: {
      tags, summary: 'Record that a police package reached the unit',
      params: idParams, body: z.strictObject({ note: z.string().trim().min(3).max(1000) }), response: { 200: referralView, ...problems },
    },
  }, async (request) => referrals.markDelivered(actorOf(request.principal), request.params.id, request.body.note));

  app.get('/referrals/:id/package', {
    config: { access: legal },
    schema: {
      tags, summary: 'Download a police intelligence package: JSON, or its PDF summary (audited)',
      params: idParams, querystring: z.strictObject({ format: z.enum(['json', 'pdf']).default('json') }),
    },
  }, async (request, reply) => {
    const file = await referrals.download(actorOf(request.principal), request.params.id, request.query.format);
    return reply
      .header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store').header('x-content-type-options', 'nosniff')
      .send(file.bytes);
  });
}
