import type { TryggApp } from '../../server/app.js';
import type { ModuleDeps } from '../../server/modules.js';
import { problems } from '../../server/schemas.js';
import { ingestBody, ingestResult } from './events.schemas.js';

export function eventRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.post('/events', {
    config: { access: { roles: [], scopes: ['events:write'] } },
    // A full batch of 1,000 events with metadata fits well inside 8 MiB; images go by hash.
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags: ['events'],
      summary: 'Send a batch of community events',
      description:
        'Up to 1,000 events, each a `CommunityEvent` (see components.schemas.CommunityEvent). Each event is validated on its own: invalid ones are listed in `rejected` by index with the reason while the valid ones are stored. The answer comes only after the accepted events are durable. An event whose `id` was stored before is a duplicate and changes nothing, so a batch can be retried safely. Events may arrive in any order: an event about a member not yet registered is kept and applied when the registration arrives.',
      body: ingestBody,
      response: { 200: ingestResult, ...problems },
    },
  }, async (request) => {
    const key = request.principal.kind === 'api_key' ? request.principal.key.id : null;
    return services.events.ingest(request.body.events, key);
  });
}
