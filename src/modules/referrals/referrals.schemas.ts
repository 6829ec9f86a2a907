import { z } from 'zod';
import { industryClassifications, reportAnnotations } from './ncmec.model.js';

const platformId = z.string().trim().min(1).max(200);
const officer = z.strictObject({
  firstName: z.string().trim().min(1).max(100).optional(), lastName: z.string().trim().min(1).max(100).optional(), email: z.email().max(320).optional(),
});

/** What legal adds to a case for a CyberTipline report; everything else comes from the case. */
export const ncmecDetails = z.strictObject({
  reportedAccountId: platformId.optional().describe("The reported member's platform id; by default the case's subject (or the uploader of its matched content)"),
  victimAccountId: platformId.optional().describe("The child's platform id, when known; the report gives the child's age from the account"),
  intendedRecipientAccountIds: z.array(platformId).max(10).default([]),
  escalateToHighPriority: z.string().trim().min(1).max(3000).optional().describe('Why NCMEC should treat this as urgent (a child in imminent danger)'),
  annotations: z.array(z.enum(reportAnnotations)).max(reportAnnotations.length).default([])
    .describe('minorToMinorInteraction is added by itself when both sides are minors'),
  incidentDateTime: z.iso.datetime({ offset: true }).optional().describe('By default the first report on the case, or when it opened'),
  lawEnforcement: z.strictObject({ agencyName: z.string().trim().min(1).max(200), caseNumber: z.string().trim().min(1).max(100), officer: officer.optional() }).optional(),
  files: z.array(z.strictObject({
    evidenceItemId: z.uuid(),
    fileViewedByEsp: z.boolean().describe('Whether a person at the platform looked at the file'),
    publiclyAvailable: z.boolean(),
    industryClassification: z.enum(industryClassifications).optional(),
  })).max(100).optional().describe("The case's preserved files to send; by default every preserved content item, not viewed, not public"),
  additionalInfo: z.string().trim().min(1).max(10_000).optional(),
});
export type NcmecDetails = z.output<typeof ncmecDetails>;

/** What legal adds to a case for a national police unit's intelligence package. */
export const policeDetails = z.strictObject({
  unit: z.string().trim().min(1).max(200).default('Nationella operativa avdelningen (NOA)').describe('The receiving unit'),
  policeCaseNumber: z.string().trim().min(1).max(100).optional(),
  summary: z.string().trim().min(1).max(5_000).optional().describe("Legal's own summary for the unit"),
});
export type PoliceDetails = z.output<typeof policeDetails>;

export const createReferralBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ncmec'), details: ncmecDetails.default(ncmecDetails.parse({})) }),
  z.strictObject({ kind: z.literal('police'), details: policeDetails.default(policeDetails.parse({})) }),
]);

export const referralStatuses = ['draft', 'validated', 'submitting', 'submitted', 'failed', 'retracted'] as const;

export const referralView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(['ncmec', 'police']),
  status: z.enum(referralStatuses),
  details: z.unknown(),
  document: z.string().nullable().describe('The report XML (ncmec) or the package JSON (police) as built'),
  validationErrors: z.array(z.object({ field: z.string(), message: z.string() })).nullable(),
  remoteReportId: z.string().nullable(),
  progress: z.unknown(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdBy: z.uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  retractedAt: z.string().nullable(),
  responses: z.array(z.object({
    step: z.string(), attempt: z.number().int(), httpStatus: z.number().int().nullable(), responseCode: z.number().int().nullable(),
    body: z.string().nullable(), ok: z.boolean(), at: z.string(),
  })),
}).meta({ id: 'Referral' });
export type ReferralView = z.infer<typeof referralView>;
