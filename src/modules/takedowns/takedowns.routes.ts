import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems } from '../../server/schemas.js';
import { requireReviewer } from '../actions/actions.schemas.js';
import {
  decisionBody, listQuery, publicTakedownBody, supportList, supportQuery, takedownPublicStatus, takedownReceipt, takedownView, trackingParams,
} from './takedowns.schemas.js';

const tags = ['takedowns'];
/** Child-safety data: every staff route needs a two-factor session. */
const viewers = { roles: ['moderator', 'senior_moderator', 'admin'], twoFactor: true } as const;
const deciders = { roles: ['moderator', 'senior_moderator'], twoFactor: true } as const;

/** Victim takedown requests (capability 6): the public form and status page, and the staff review. */
export function takedownRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/public/takedowns/support', {
    config: { access: { public: true } },
    schema: { tags, summary: 'Support contacts for the form: the country\'s own, then international ones', querystring: supportQuery, response: { 200: supportList, ...problems } },
  }, async (request) => ({ items: services.takedowns.support(request.query.country) }));

  app.post('/public/takedowns', {
    // The form carries links and hashes, never an image: a small body is plenty.
    bodyLimit: 64 * 1024,
    config: { access: { public: true }, rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (request) => `public-takedown:${request.ip}` } },
    schema: {
      tags, summary: 'A takedown request from the person shown, a parent or guardian, a representative or the police (no account)',
      description: 'Name the content by its links or identifiers; optionally send hashes computed in the browser instead of the image. For a minor (or unsure) or sexual content the content is hidden at once pending review. The tracking code is the only key to the status page.',
      body: publicTakedownBody, response: { 201: takedownReceipt, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.takedowns.submit(request.body)));

  app.get('/public/takedowns/:code', {
    // Guessing is slowed per address; the code (128 bits) cannot be enumerated anyway.
    config: { access: { public: true }, rateLimit: { max: 20, timeWindow: 60_000, keyGenerator: (request) => `public-takedown-status:${request.ip}` } },
    schema: { tags, summary: 'Progress of a takedown request, without personal data', params: trackingParams, response: { 200: takedownPublicStatus, ...problems } },
  }, async (request) => services.takedowns.status(request.params.code));

  app.get('/takedowns', {
    config: { access: viewers },
    schema: { tags, summary: 'Takedown requests, highest priority first', querystring: listQuery, response: { 200: z.object({ items: z.array(takedownView) }), ...problems } },
  }, async (request) => ({ items: await services.takedowns.list(request.query.status, request.query.limit, request.query.offset) }));

  app.get('/takedowns/:id', {
    config: { access: viewers },
    schema: { tags, summary: 'One takedown request with its contact details, hashes and decisions', params: idParams, response: { 200: takedownView, ...problems } },
  }, async (request) => services.takedowns.get(request.params.id));

  app.post('/takedowns/:id/confirm', {
    config: { access: deciders },
    schema: {
      tags, summary: 'Confirm: remove the content, bank its hashes, act on the uploader per policy',
      description: 'A request about a minor or sexual content is confirmed by a senior moderator (also while a rejection waits for its second).',
      params: idParams, body: decisionBody, response: { 200: takedownView, ...problems },
    },
  }, async (request) => services.takedowns.confirm(requireReviewer(request), request.params.id, request.body.reason));

  app.post('/takedowns/:id/reject', {
    config: { access: deciders },
    schema: {
      tags, summary: 'Reject: for a minor or sexual content, two different senior moderators, each with a reason',
      description: 'The first rejection of a sensitive request leaves it rejection_pending and the content hidden; a second senior moderator rejects it (the hides are lifted) or anyone senior confirms instead.',
      params: idParams, body: decisionBody, response: { 200: takedownView, ...problems },
    },
  }, async (request) => services.takedowns.reject(requireReviewer(request), request.params.id, request.body.reason));
}
