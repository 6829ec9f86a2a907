import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contentTypes, decisionGrounds, eeaCountries, actionTypes } from './actions.statement.js';
import { actionStatuses, appealStatuses, type Reviewer } from './actions.types.js';

/** Free text as people write it: trimmed, not empty, no NUL (PostgreSQL text refuses it). */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/** A member id as the platform names it. */
export const externalId = z.string().min(1).max(200).regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');

export const actionStatus = z.enum(actionStatuses).describe('expired: an active suspension or restriction whose end has passed');
export const appealStatus = z.enum(appealStatuses);
export const actionType = z.enum(actionTypes);
/** An appeal as the public pages show it (PublicAppeal). */
export const publicAppealSchema = z.object({ status: appealStatus, receivedAt: z.string(), decidedAt: z.string().nullable(), decisionReason: z.string().nullable() });

export const tokenParams = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a statement link'),
});

export const ruleSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    title: z.string(),
    description: z.string(),
    ground: z.enum(decisionGrounds),
    legalGround: z.string().nullable(),
    retiredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'CommunityRule' });

export const createRuleBody = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9_.-]{1,63}$/, 'lower-case letters, digits, _ . - (2-64)'),
  title: plainText(200),
  description: plainText(1500),
  ground: z.enum(decisionGrounds),
  legalGround: plainText(500).nullable().optional().describe('Required for DECISION_GROUND_ILLEGAL_CONTENT: the law relied on'),
});

export const updateRuleBody = z.strictObject({
  title: plainText(200).optional(),
  description: plainText(1500).optional(),
  ground: z.enum(decisionGrounds).optional(),
  legalGround: plainText(500).nullable().optional(),
});

const yesNo = z.enum(['Yes', 'No']);

/** A statement of reasons in the EU DSA Transparency Database request shape (POST /api/v1/statement). */
export const dsaStatementSchema = z
  .object({
    decision_visibility: z.array(z.string()).optional(),
    decision_visibility_other: z.string().optional(),
    end_date_visibility_restriction: z.string().optional(),
    decision_monetary: z.string().optional(),
    decision_monetary_other: z.string().optional(),
    end_date_monetary_restriction: z.string().optional(),
    decision_provision: z.string().optional(),
    end_date_service_restriction: z.string().optional(),
    decision_account: z.string().optional(),
    end_date_account_restriction: z.string().optional(),
    decision_ground: z.enum(decisionGrounds),
    illegal_content_legal_ground: z.string().optional(),
    illegal_content_explanation: z.string().optional(),
    incompatible_content_ground: z.string().optional(),
    incompatible_content_explanation: z.string().optional(),
    content_type: z.array(z.enum(contentTypes)),
    content_type_other: z.string().optional(),
    category: z.string(),
    category_specification: z.array(z.string()),
    category_specification_other: z.string().optional(),
    territorial_scope: z.array(z.string()),
    content_date: z.string(),
    application_date: z.string(),
    decision_facts: z.string(),
    source_type: z.enum(['SOURCE_ARTICLE_16', 'SOURCE_TRUSTED_FLAGGER', 'SOURCE_TYPE_OTHER_NOTIFICATION', 'SOURCE_VOLUNTARY']),
    automated_detection: yesNo,
    automated_decision: z.enum(['AUTOMATED_DECISION_FULLY', 'AUTOMATED_DECISION_PARTIALLY', 'AUTOMATED_DECISION_NOT_AUTOMATED']),
    puid: z.string(),
  })
  .meta({ id: 'DsaStatementOfReasons', description: 'EU DSA Transparency Database statement of reasons; no personal data' });

export const redressSchema = z
  .object({
    appealPath: z.string(), appealUrl: z.string().optional().describe('The appeal page as an absolute link'), appealDeadline: z.string(), appealWindowMonths: z.number().int(), text: z.string() })
  .meta({ id: 'Redress' });

export const storedStatementSchema = z.object({ version: z.literal(1), dsa: dsaStatementSchema, redress: redressSchema });

export const actionSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    subject: z.object({ type: z.string(), id: z.string() }),
    affectedExternalId: z.string().nullable(),
    action: actionType,
    status: actionStatus,
    rule: z.object({ id: z.uuid(), code: z.string(), title: z.string() }).nullable(),
    reason: z.string(),
    endsAt: z.string().nullable(),
    decidedBy: z.uuid(),
    secondReviewerId: z.uuid().nullable(),
    decidedAt: z.string(),
    reversedAt: z.string().nullable(),
    statement: storedStatementSchema.nullable(),
  })
  .meta({ id: 'ModerationAction' });

export const actionBody = z.strictObject({
  action: z.enum(actionTypes),
  ruleId: z.uuid().describe('The community rule the decision applies'),
  reason: plainText(4000).describe('Facts and reasons; published in the statement of reasons, so never name people'),
  endsAt: z.iso.datetime({ offset: true }).optional().describe('suspend (default: policy enforcement.suspensionDefaultDays) and restrict_minors (default: no end)'),
  affectedExternalId: externalId.optional().describe('The member the decision affects; defaults to the subject when it is an account or profile'),
  contentDate: z.iso.date().optional().describe('When the content was posted (default: when the case opened)'),
  contentTypes: z.array(z.enum(contentTypes)).min(1).max(8).optional(),
  territorialScope: z.array(z.enum(eeaCountries)).min(1).max(30).optional().describe('Default: the whole EEA'),
  keepOpen: z.boolean().optional().describe('Act now but leave the case undecided (e.g. remove, then suspend)'),
  confirmMedia: z.enum(['csam', 'ncii', 'none']).optional()
    .describe('remove only: the image is confirmed CSAM or non-consensual intimate imagery, so its hashes join the platform-confirmed bank and re-uploads are blocked (default: csam in a CSAM case, otherwise none)'),
});

export const caseRef = z.object({ id: z.uuid(), status: z.string(), resolution: z.string().nullable() });

export const actionResultSchema = z.object({
  action: actionSchema,
  case: caseRef,
  secondReviewRequired: z.boolean(),
  strikes: z
    .object({
      member: z.string(), added: z.number().int(), active: z.number().int(), thresholds: z.array(z.number().int()),
      thresholdCrossed: z.number().int().nullable(),
    })
    .nullable(),
  suspensionSuggested: z.boolean(),
});

export const appealSchema = z
  .object({
    id: z.uuid(),
    actionId: z.uuid(),
    appellantExternalId: z.string().nullable(),
    channel: z.string(),
    appellant: z.enum(['member', 'reporter']).describe('member: the affected member; reporter: a reporter contesting a decision not to act'),
    text: z.string(),
    status: appealStatus,
    decidedBy: z.uuid().nullable(),
    decisionReason: z.string().nullable(),
    receivedAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'Appeal' });

/** The staff member behind a session, for the checks the access declaration cannot make. */
export function reviewerOf(request: FastifyRequest): Reviewer | null {
  const p = request.principal;
  if (p.kind !== 'staff') return null;
  return { id: p.session.staff.id, role: p.session.staff.role, twoFactor: p.session.twoFactorVerified };
}

export function requireReviewer(request: FastifyRequest): Reviewer {
  const reviewer = reviewerOf(request);
  if (!reviewer) throw new Error('route reached without a staff session');
  return reviewer;
}
