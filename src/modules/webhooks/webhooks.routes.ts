import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, pageQuery, problems } from '../../server/schemas.js';
import { webhookEventTypes } from './outbox.js';
import { deliveryStatuses } from './webhooks.service.js';

const eventType = z.enum(webhookEventTypes);

const endpointSchema = z
  .object({
    id: z.uuid(), url: z.string(), description: z.string().nullable(), eventTypes: z.array(eventType), enabled: z.boolean(),
    createdBy: z.string().nullable(), createdAt: z.string(),
    previousSecretValidUntil: z.string().nullable().describe('After a rotation the previous secret also signs until this time'),
  })
  .meta({ id: 'WebhookEndpoint' });

const attemptSchema = z
  .object({
    id: z.uuid(), attemptedAt: z.string(), statusCode: z.number().int().nullable(), durationMs: z.number().int(), error: z.string().nullable(),
  })
  .meta({ id: 'WebhookAttempt' });

const deliverySchema = z
  .object({
    id: z.uuid(),
    messageId: z.string().describe('The webhook-id header: the same on every attempt and redelivery'),
    endpointId: z.uuid(),
    eventType: z.string(),
    status: z.enum(deliveryStatuses),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    succeededAt: z.string().nullable(),
    createdAt: z.string(),
    attempts: z.array(attemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });

const deliveryDetail = deliverySchema
  .extend({ message: z.object({ id: z.string(), type: z.string(), timestamp: z.string(), data: z.unknown() }) })
  .meta({ id: 'WebhookDeliveryDetail' });

const url = z.string().trim().min(1).max(2000).describe('http:// or https://, without credentials');
const description = z.string().trim().max(500).nullable();
const eventTypes = z.array(eventType).min(1).max(webhookEventTypes.length * 2);

const deliveryQuery = z.strictObject({
  status: z.enum(deliveryStatuses).optional(),
  before: z.string().max(200).optional().describe('Keyset cursor: the nextBefore of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const deliveryPage = z.object({ items: z.array(deliverySchema), nextBefore: z.string().nullable() });
const withSecret = z.object({ endpoint: endpointSchema, secret: z.string().describe('whsec_…: shown this once') });

const admins = { roles: ['admin'] } as const;
const tags = ['webhooks'];

export function webhookRoutes(app: TryggApp, { services }: ModuleDeps): void {
  const webhooks = services.webhooks;

  app.get('/webhooks/event-types', {
    config: { access: admins },
    schema: { tags, summary: 'The event types an endpoint can subscribe to', response: { 200: z.object({ items: z.array(eventType) }), ...problems } },
  }, async () => ({ items: [...webhookEventTypes] }));

  app.get('/webhooks/endpoints', {
    config: { access: admins },
    schema: { tags, summary: 'List webhook endpoints', querystring: pageQuery, response: { 200: z.object({ items: z.array(endpointSchema) }), ...problems } },
  }, async (request) => ({ items: await webhooks.listEndpoints(request.query.limit, request.query.offset) }));

  app.post('/webhooks/endpoints', {
    config: { access: admins },
    schema: {
      tags, summary: 'Register an endpoint (its signing secret is shown once)',
      body: z.strictObject({ url, description: description.optional(), eventTypes }),
      response: { 201: withSecret, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await webhooks.createEndpoint(actorOf(request.principal), request.body)));

  app.get('/webhooks/endpoints/:id', {
    config: { access: admins },
    schema: { tags, summary: 'One webhook endpoint', params: idParams, response: { 200: endpointSchema, ...problems } },
  }, async (request) => webhooks.getEndpoint(request.params.id));

  app.patch('/webhooks/endpoints/:id', {
    config: { access: admins },
    schema: {
      tags, summary: 'Change an endpoint: URL, description, event types, enabled',
      description: 'A disabled endpoint gets no new deliveries; its pending ones end failed at their next attempt and can be redelivered once it is enabled again.',
      params: idParams,
      body: z
        .strictObject({ url: url.optional(), description: description.optional(), eventTypes: eventTypes.optional(), enabled: z.boolean().optional() })
        .refine((b) => Object.keys(b).length > 0, 'name at least one of url, description, eventTypes, enabled'),
      response: { 200: endpointSchema, ...problems },
    },
  }, async (request) => webhooks.updateEndpoint(actorOf(request.principal), request.params.id, request.body));

  app.post('/webhooks/endpoints/:id/rotate-secret', {
    config: { access: admins },
    schema: {
      tags, summary: 'Replace the signing secret (the new one is shown once; the old one also signs for 24 hours)',
      params: idParams, response: { 200: withSecret, ...problems },
    },
  }, async (request) => webhooks.rotateSecret(actorOf(request.principal), request.params.id));

  app.delete('/webhooks/endpoints/:id', {
    config: { access: admins },
    schema: {
      tags, summary: 'Delete an endpoint (its delivery log stays; pending deliveries end failed)',
      params: idParams, response: { 200: endpointSchema, ...problems },
    },
  }, async (request) => webhooks.deleteEndpoint(actorOf(request.principal), request.params.id));

  app.get('/webhooks/endpoints/:id/deliveries', {
    config: { access: admins },
    schema: {
      tags, summary: "An endpoint's delivery log, newest first, with attempts",
      params: idParams, querystring: deliveryQuery, response: { 200: deliveryPage, ...problems },
    },
  }, async (request) => webhooks.listEndpointDeliveries(request.params.id, request.query));

  app.get('/webhooks/deliveries', {
    config: { access: admins },
    schema: {
      tags, summary: 'The delivery log of every endpoint, newest first, with attempts',
      querystring: deliveryQuery.extend({ endpointId: z.uuid().optional(), messageId: z.string().max(100).optional() }),
      response: { 200: deliveryPage, ...problems },
    },
  }, async (request) => webhooks.listDeliveries(request.query));

  app.get('/webhooks/deliveries/:id', {
    config: { access: admins },
    schema: { tags, summary: 'One delivery with its attempts and message', params: idParams, response: { 200: deliveryDetail, ...problems } },
  }, async (request) => webhooks.getDelivery(request.params.id));

  app.post('/webhooks/deliveries/:id/redeliver', {
    config: { access: admins },
    schema: {
      tags, summary: 'Send a delivery again (same webhook-id, a fresh retry schedule)',
      description: 'Refused with 409 while the delivery is still pending, or when its endpoint is disabled or deleted.',
      params: idParams, response: { 200: deliverySchema, ...problems },
    },
  }, async (request) => webhooks.redeliver(actorOf(request.principal), request.params.id));
}
