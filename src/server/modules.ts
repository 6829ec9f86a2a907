import type { Clock } from '../lib/clock.js';
import type { JobQueue } from '../jobs/queue.js';
import { apiKeyRoutes } from '../modules/apikeys/apikeys.routes.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { authRoutes } from '../modules/auth/auth.routes.js';
import { communityRoutes } from '../modules/community/community.routes.js';
import { eventRoutes } from '../modules/events/events.routes.js';
import { contactRoutes } from '../modules/policy/contact.routes.js';
import { policyRoutes } from '../modules/policy/policy.routes.js';
import { caseRoutes } from '../modules/cases/cases.routes.js';
import { reportRoutes } from '../modules/reports/reports.routes.js';
import { signalRoutes } from '../modules/signals/signals.routes.js';
import { staffRoutes } from '../modules/staff/staff.routes.js';
import { webhookRoutes } from '../modules/webhooks/webhooks.routes.js';
import { actionRoutes } from '../modules/actions/actions.routes.js';
import { evidenceRoutes } from '../modules/evidence/evidence.routes.js';
import { legalHoldRoutes } from '../modules/evidence/holds.routes.js';
import { policeRequestRoutes } from '../modules/evidence/police.routes.js';
import { referralRoutes } from '../modules/referrals/referrals.routes.js';
import { mediaRoutes } from '../modules/media/media.routes.js';
import { takedownRoutes } from '../modules/takedowns/takedowns.routes.js';
import { conversationRoutes } from '../modules/conversations/conversations.routes.js';
import type { TryggApp } from './app.js';
import type { Services } from './services.js';

export interface ModuleDeps {
  services: Services;
  jobs?: JobQueue;
  clock: Clock;
}

/** A module contributes routes under /v1; adding one means adding it here and nowhere else. */
export interface TryggModule {
  name: string;
  register(app: TryggApp, deps: ModuleDeps): void | Promise<void>;
}

export const modules: TryggModule[] = [
  { name: 'auth', register: authRoutes },
  { name: 'staff', register: staffRoutes },
  { name: 'apikeys', register: apiKeyRoutes },
  { name: 'audit', register: auditRoutes },
  { name: 'community', register: communityRoutes },
  { name: 'events', register: eventRoutes },
  { name: 'policy', register: policyRoutes },
  { name: 'contact', register: contactRoutes },
  { name: 'signals', register: signalRoutes },
  { name: 'reports', register: reportRoutes },
  { name: 'cases', register: caseRoutes },
  { name: 'webhooks', register: webhookRoutes },
  { name: 'actions', register: actionRoutes },
  { name: 'media', register: mediaRoutes },
  { name: 'evidence', register: evidenceRoutes },
  { name: 'legal-holds', register: legalHoldRoutes },
  { name: 'police-requests', register: policeRequestRoutes },
  { name: 'referrals', register: referralRoutes },
  { name: 'takedowns', register: takedownRoutes },
  { name: 'conversations', register: conversationRoutes },
];
