import { z } from 'zod';
import { contactKinds } from '../policy/contact-decision.js';

const externalId = z.string().trim().min(1).max(200);
const isoDate = z.iso.date();

/** A claimed birth date: a real calendar date, not in the future, not more than 120 years ago. */
export const birthDate = isoDate.refine((d) => {
  const year = Number(d.slice(0, 4));
  const now = new Date();
  return d <= now.toISOString().slice(0, 10) && year >= now.getUTCFullYear() - 120;
}, 'must be a date in the past, at most 120 years ago');

const base = {
  id: z.string().trim().min(1).max(200).describe('Your own unique id for this event: a replay with the same id changes nothing'),
  occurredAt: z.iso.datetime({ offset: true }),
};
const context = {
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  deviceId: z.string().max(200).optional(),
  userAgent: z.string().max(1000).optional(),
};

export const communityEvent = z
  .discriminatedUnion('type', [
    z.strictObject({
      ...base, ...context, type: z.literal('account.registered'), accountId: externalId, birthDate,
      displayName: z.string().max(200).optional(), email: z.email().max(320).optional(), phone: z.string().regex(/^\+?[0-9 ()-]{5,25}$/).optional(),
      locale: z.string().max(20).optional(), country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code').optional(),
    }),
    z.strictObject({
      ...base, type: z.literal('account.updated'), accountId: externalId, birthDate: birthDate.optional(),
      displayName: z.string().max(200).optional(), email: z.email().max(320).optional(), phone: z.string().regex(/^\+?[0-9 ()-]{5,25}$/).optional(),
      locale: z.string().max(20).optional(), country: z.string().regex(/^[A-Z]{2}$/).optional(),
    }),
    z.strictObject({ ...base, type: z.literal('account.deleted'), accountId: externalId }),
    z.strictObject({ ...base, type: z.literal('account.age_verified'), accountId: externalId, method: z.string().trim().min(1).max(50) }),
    z.strictObject({ ...base, ...context, type: z.literal('login'), accountId: externalId }),
    z
      .strictObject({
        ...base, type: z.literal('profile_photo.set'), accountId: externalId,
        sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(), md5: z.string().regex(/^[0-9a-f]{32}$/).optional(),
        pdq: z.string().regex(/^[0-9a-f]{64}$/).optional(),
        bytes: z.base64().max(28_000_000).optional().describe('The image itself (base64); Trygg hashes it'),
      })
      .refine((e) => e.sha256 || e.md5 || e.pdq || e.bytes, { message: 'give the image bytes or at least one hash', path: ['bytes'] }),
    z
      .strictObject({ ...base, type: z.literal('contact.attempted'), from: externalId, to: externalId, kind: z.enum(contactKinds) })
      .refine((e) => e.from !== e.to, { message: 'a member cannot contact themselves', path: ['to'] }),
    z
      .strictObject({
        ...base, type: z.literal('message.sent'), conversationId: externalId, from: externalId, to: externalId,
        messageId: externalId.optional().describe('Your id for the message, as reports name it; defaults to the event id'),
        hasMedia: z.boolean().default(false),
        text: z.string().max(20_000).optional().describe("Only where the platform's privacy setting allows it; stored sealed"),
      })
      .refine((e) => e.from !== e.to, { message: 'a member cannot message themselves', path: ['to'] }),
    z
      .strictObject({ ...base, type: z.literal('member.blocked'), by: externalId, whom: externalId })
      .refine((e) => e.by !== e.whom, { message: 'must differ from by', path: ['whom'] }),
    z
      .strictObject({ ...base, type: z.literal('member.ignored'), by: externalId, whom: externalId })
      .refine((e) => e.by !== e.whom, { message: 'must differ from by', path: ['whom'] }),
  ])
  .meta({ id: 'CommunityEvent' });

export type CommunityEvent = z.output<typeof communityEvent>;
export type EventOf<T extends CommunityEvent['type']> = Extract<CommunityEvent, { type: T }>;

export const eventTypes = [
  'account.registered', 'account.updated', 'account.deleted', 'account.age_verified', 'login', 'profile_photo.set',
  'contact.attempted', 'message.sent', 'member.blocked', 'member.ignored',
] as const satisfies readonly CommunityEvent['type'][];

export const MAX_BATCH = 1000;

export const ingestBody = z.strictObject({
  events: z
    .array(z.record(z.string(), z.unknown()))
    .min(1)
    .max(MAX_BATCH)
    .describe('Up to 1,000 events, each a CommunityEvent. Each is validated on its own: invalid events are reported by index while the valid ones are accepted.'),
});

export const ingestResult = z
  .object({
    accepted: z.number().int().describe('New events stored durably'),
    duplicates: z.number().int().describe('Events whose id was already stored (replays): nothing changed'),
    rejected: z.array(
      z.object({ index: z.number().int(), id: z.string().nullable(), errors: z.array(z.object({ field: z.string(), message: z.string() })) }),
    ),
  })
  .meta({ id: 'IngestResult' });
export type IngestResult = z.output<typeof ingestResult>;
