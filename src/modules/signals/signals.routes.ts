import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import type { ModuleDeps } from '../../server/modules.js';
import { problems } from '../../server/schemas.js';
import { accountSchema } from '../community/community.routes.js';

const finding = z.object({ kind: z.string(), value: z.number(), threshold: z.number(), evidence: z.record(z.string(), z.unknown()) });
const overview = z
  .object({
    account: accountSchema.nullable(),
    statistics: z.object({
      minorsContacted: z.number().int(), minorsFirstContacted24h: z.number().int(), minorsFirstContacted7d: z.number().int(),
      minorsWhoBlockedOrIgnored: z.number().int(), ageGapDenials24h: z.number().int(), buffsToMinors24h: z.number().int(),
    }),
    signals: z.array(finding),
    cases: z.array(z.object({
      id: z.uuid(), category: z.string(), status: z.string(), priority: z.number().int(), openedAt: z.string(),
      items: z.array(z.object({ kind: z.string(), createdAt: z.string(), evidence: z.unknown() })),
    })),
  })
  .meta({ id: 'AccountOverview' });

export function signalRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/accounts/:externalId/overview', {
    // Names the minors an adult contacted: child-safety data, behind a two-factor session.
    config: { access: { roles: ['admin', 'moderator', 'senior_moderator', 'legal'], twoFactor: true } },
    schema: {
      tags: ['signals'], summary: "A member's age, verification, restrictions, contact statistics, signals and cases",
      params: z.strictObject({ externalId: z.string().min(1).max(200) }),
      response: { 200: overview, ...problems },
    },
  }, async (request) => {
    const id = request.params.externalId;
    const [account, rest] = await Promise.all([services.community.findByExternalId(id), services.signals.overview(id)]);
    return { account: account ?? null, ...rest };
  });
}
