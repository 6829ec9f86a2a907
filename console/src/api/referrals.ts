// Shapes of the referrals API: NCMEC CyberTipline reports and police intelligence packages
// (src/modules/referrals/referrals.routes.ts, referrals.schemas.ts; docs/referrals.md).
import type { FieldProblem } from './client';

export const referralKinds = ['ncmec', 'police'] as const;
export type ReferralKind = (typeof referralKinds)[number];
export const referralStates = ['draft', 'validated', 'submitting', 'submitted', 'failed', 'retracted'] as const;
export type ReferralState = (typeof referralStates)[number];

/** Legal and senior moderators refer cases and see referrals; the police package is legal's alone. */
export const referrers = ['legal', 'senior_moderator'] as const;

/** The categories NCMEC takes (incidentTypeByCategory in src/modules/referrals/ncmec.build.ts). */
export const ncmecCategories = ['csam', 'grooming', 'minor_selling_sexual_content'] as const;

/** One answer of the CyberTipline API, as stored. */
export interface ReferralResponse {
  step: string;
  attempt: number;
  httpStatus: number | null;
  responseCode: number | null;
  body: string | null;
  ok: boolean;
  at: string;
}

export interface Referral {
  id: string;
  caseId: string;
  kind: ReferralKind;
  status: ReferralState;
  details: unknown;
  /** The report XML (ncmec) or the package JSON (police), as built. */
  document: string | null;
  validationErrors: FieldProblem[] | null;
  remoteReportId: string | null;
  progress: unknown;
  attempts: number;
  lastError: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  retractedAt: string | null;
  responses: ReferralResponse[];
}

export interface ReferralPage {
  items: Referral[];
  /** The cursor of the next page (`before`); null at the end. */
  next: string | null;
}

/** What legal adds to a case for a CyberTipline report (the rest comes from the case). */
export interface NcmecDetails {
  reportedAccountId?: string;
  victimAccountId?: string;
  escalateToHighPriority?: string;
  additionalInfo?: string;
}

export interface PoliceDetails {
  unit?: string;
  policeCaseNumber?: string;
  summary?: string;
}

export type NewReferral = { kind: 'ncmec'; details: NcmecDetails } | { kind: 'police'; details: PoliceDetails };

/** As the API allows: a CyberTipline report NCMEC has not been told is finished, and not already retracted. */
export const mayRetract = (r: Referral): boolean => r.kind === 'ncmec' && r.status !== 'submitted' && r.status !== 'retracted';

/** As the API allows (EDITABLE in referrals.service.ts): a CyberTipline report not sent, or rejected, and not open at NCMEC. */
export const mayCorrect = (r: Referral): boolean =>
  r.kind === 'ncmec' && (r.status === 'draft' || r.status === 'validated' || r.status === 'failed') && r.remoteReportId === null;
