import { z } from 'zod';
import { supportCountries } from './takedowns.config.js';

export const requesterRelations = ['self', 'parent_or_guardian', 'representative', 'police'] as const;
export const under18Answers = ['yes', 'no', 'unsure'] as const;
export const takedownLanguages = ['sv', 'nb', 'da', 'en'] as const;
export const takedownStatuses = ['open', 'rejection_pending', 'confirmed', 'rejected'] as const;

/** Free text from the public: trimmed, no control characters but line breaks. */
const text = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'must not contain control characters');

/** A file name for the requester's own reference: a bare name, never a path. */
const fileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !/[/\\\u0000-\u001f\u007f]/.test(s) && s !== '.' && s !== '..', 'must be a bare file name, without folders or control characters');

const hashItem = z.strictObject({
  pdq: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits').optional(),
  quality: z.number().int().min(0).max(100).optional(),
  md5: z.string().regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex digits').optional(),
  fileName: fileName.optional(),
}).refine((h) => h.pdq || h.md5, 'needs pdq or md5');

export const publicTakedownBody = z.strictObject({
  content: z.array(text(2000)).min(1, 'name at least one content item: its link or identifier').max(20).describe('Links or identifiers of the content on the platform'),
  hashes: z.array(hashItem).max(20).default([]).describe('Hashes computed in the browser (PDQ of the pixels, MD5 of the file); the image itself is never sent'),
  description: text(2000).optional(),
  relation: z.enum(requesterRelations).describe('Who is asking: the person shown, a parent or guardian, a representative, the police'),
  under18: z.enum(under18Answers).describe('Whether the person shown was under 18 when it was made'),
  sexual: z.boolean().describe('Whether the content is sexual or intimate'),
  policeCaseNumber: text(100).optional(),
  contact: z.strictObject({ name: text(200).optional(), email: z.email().max(320).optional(), phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,30}$/, 'must be a phone number').optional() }).optional(),
  country: z.enum(supportCountries).optional().describe('For the support contacts shown'),
  language: z.enum(takedownLanguages).default('en'),
});
export type PublicTakedown = z.output<typeof publicTakedownBody>;

/** 128 bits, URL-safe (22 characters). */
export const trackingParams = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be a tracking code') });

const supportContact = z.object({ name: z.string(), description: z.string(), phone: z.string().optional(), url: z.string().optional() }).meta({ id: 'SupportContact' });
export const supportList = z.object({ items: z.array(supportContact) });
export const supportQuery = z.strictObject({ country: z.enum(supportCountries).optional() });

export const takedownReceipt = z.object({
  trackingCode: z.string().describe('Keep it: the only key to the status page; Trygg stores only its digest'),
  statusUrl: z.string(),
  receivedAt: z.string(),
  contentHidden: z.boolean().describe('The content was hidden at once, pending review'),
  support: z.array(supportContact),
}).meta({ id: 'TakedownReceipt' });

export const takedownPublicStatus = z.object({
  /** under_review (also while one rejection waits for a second), removed, not_removed */
  status: z.enum(['under_review', 'removed', 'not_removed']),
  receivedAt: z.string(),
  updatedAt: z.string(),
  items: z.number().int(),
  contentHidden: z.boolean(),
  support: z.array(supportContact),
}).meta({ id: 'TakedownStatus' });

export const takedownView = z.object({
  id: z.uuid(),
  status: z.enum(takedownStatuses),
  content: z.array(z.string()),
  hashes: z.array(z.object({ pdq: z.string().optional(), quality: z.number().optional(), md5: z.string().optional(), fileName: z.string().optional() })),
  description: z.string().nullable(),
  relation: z.string(),
  under18: z.string(),
  sexual: z.boolean(),
  sensitive: z.boolean(),
  policeCaseNumber: z.string().nullable(),
  contact: z.object({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() }).nullable(),
  country: z.string().nullable(),
  language: z.string(),
  caseId: z.string().nullable(),
  category: z.string(),
  priority: z.number().int(),
  bankMatch: z.boolean(),
  hideActionIds: z.array(z.string()),
  removeActionIds: z.array(z.string()),
  firstRejection: z.object({ by: z.string(), reason: z.string(), at: z.string() }).nullable(),
  decision: z.object({ by: z.string(), reason: z.string(), at: z.string() }).nullable(),
  bankedHashes: z.number().int(),
  receivedAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'TakedownRequest' });

export const decisionBody = z.strictObject({ reason: text(2000).describe('Written reason, kept in the moderation log') });
export const listQuery = z.strictObject({
  status: z.enum([...takedownStatuses, 'undecided']).optional().describe('undecided: open or waiting for a second rejection'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
