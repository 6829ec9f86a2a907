import { z } from 'zod';
import { categoryIds } from '../cases/categories.js';

export const subjectTypes = ['account', 'message', 'image', 'profile', 'conversation'] as const;
export const reporterRelations = ['self', 'witness', 'parent_or_guardian', 'representative', 'police', 'trusted_flagger', 'other'] as const;

const notice = {
  subject: z.strictObject({ type: z.enum(subjectTypes), id: z.string().trim().min(1).max(300) }),
  category: z.enum(categoryIds),
  explanation: z.string().trim().min(1).max(10_000).describe('Why the content or behaviour is illegal or breaks the rules (DSA Art. 16)'),
  location: z.string().trim().max(2_000).optional().describe('Exact location: a link or identifiers'),
  evidence: z.array(z.string().trim().min(1).max(500)).max(20).default([]).describe('References to evidence (ids, links); never upload abuse images here'),
  relation: z.enum(reporterRelations).optional(),
  goodFaith: z.literal(true, { error: 'the notifier must confirm the report is made in good faith' }),
};

/** A member's report, sent by the platform on the member's behalf. */
export const memberReportBody = z.strictObject({
  ...notice,
  reporterId: z.string().trim().min(1).max(200).describe("The reporting member's account id on the platform"),
});

/** The public form: no account; name and e-mail optional (never required for child sexual abuse). */
export const publicReportBody = z.strictObject({
  ...notice,
  name: z.string().trim().max(200).optional(),
  email: z.email().max(320).optional().describe('To hear the outcome; optional'),
});

export type MemberReport = z.output<typeof memberReportBody>;
export type PublicReport = z.output<typeof publicReportBody>;

export const receiptParams = z.strictObject({ receiptCode: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'must be a receipt code') });

export const receiptSchema = z
  .object({
    reportId: z.uuid(),
    receiptCode: z.string().describe('Keep it: it shows what became of the report'),
    statusUrl: z.string().describe('The public page that shows what became of the report (absolute link)'),
    receivedAt: z.string(),
    duplicate: z.boolean().describe('The same reporter had already reported this: counted once'),
    trustedFlagger: z.boolean(),
  })
  .meta({ id: 'ReportReceipt' });
