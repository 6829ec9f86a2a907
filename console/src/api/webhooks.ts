// Shapes of the webhooks API (src/modules/webhooks/webhooks.routes.ts).

import type { BodyOf } from './send';

/** The events an endpoint can subscribe to, as the server's schema lists them. */
export type WebhookEventType = NonNullable<BodyOf<'POST /v1/webhooks/endpoints'>>['eventTypes'][number];

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  createdBy: string | null;
  createdAt: string;
  previousSecretValidUntil: string | null;
}

export interface WebhookAttempt {
  id: string;
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface WebhookDelivery {
  id: string;
  /** The webhook-id header: the same on every attempt and redelivery. */
  messageId: string;
  endpointId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  succeededAt: string | null;
  createdAt: string;
  attempts: WebhookAttempt[];
}

export interface DeliveryPage {
  items: WebhookDelivery[];
  nextBefore: string | null;
}

export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}
