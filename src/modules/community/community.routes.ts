import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import type { ModuleDeps } from '../../server/modules.js';
import { problems } from '../../server/schemas.js';

export const accountSchema = z
  .object({
    id: z.uuid(), externalId: z.string(), displayName: z.string(), birthDate: z.string(), age: z.number().int(),
    country: z.string().nullable(), locale: z.string().nullable(), status: z.string(), registeredAt: z.string(),
    ageVerified: z.boolean(), ageVerificationMethod: z.string().nullable(),
    restriction: z.string().nullable(), restrictedUntil: z.string().nullable(),
  })
  .meta({ id: 'Account' });

export function communityRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/accounts/:externalId', {
    config: { access: { roles: ['admin', 'moderator', 'senior_moderator', 'legal'], scopes: ['accounts:read', 'decisions:read'] } },
    schema: {
      tags: ['community'], summary: "A member account by the platform's id",
      params: z.strictObject({ externalId: z.string().min(1).max(200) }),
      response: { 200: accountSchema, ...problems },
    },
  }, async (request) => services.community.getByExternalId(request.params.externalId));
}
