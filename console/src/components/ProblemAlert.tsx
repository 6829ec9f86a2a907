import type { Problem } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';

// Common problems get a sentence in the reader's language; anything else shows the
// server's own detail, which always says what is wrong.
const known: Partial<Record<string, MessageKey>> = {
  network: 'problem.network',
  'invalid-credentials': 'problem.invalidCredentials',
  'invalid-two-factor-code': 'problem.invalidCode',
  'rate-limited': 'problem.rateLimited',
  'session-expired': 'problem.sessionExpired',
  'forbidden-role': 'problem.forbidden',
  'staff-exists': 'problem.staffExists',
  'last-admin': 'problem.lastAdmin',
  'cannot-disable-self': 'problem.cannotDisableSelf',
  'policy-unchanged': 'problem.policyUnchanged',
  'two-factor-required': 'problem.twoFactorRequired',
  'case-claimed': 'problem.caseClaimed',
  'case-closed': 'problem.caseClosed',
  'case-resolved': 'problem.caseResolved',
  'not-assignee': 'problem.notAssignee',
  'second-review-pending': 'problem.secondReviewPending',
  'appeal-reviewer-must-differ': 'problem.appealReviewerMustDiffer',
  'senior-moderator-required': 'problem.seniorModeratorRequired',
  'appeal-decided': 'problem.appealDecided',
  'hold-exists': 'holds.problem.exists',
  'hold-released': 'holds.problem.released',
  'request-reviewed': 'police.problem.reviewed',
  'request-not-accepted': 'police.problem.notAccepted',
  'export-too-large': 'police.problem.tooLarge',
  'referral-exists': 'referrals.problem.exists',
  'ncmec-not-configured': 'referrals.problem.notConfigured',
  'referral-finished': 'referrals.problem.finished',
};

export function ProblemAlert({ problem }: { problem: Problem | null }) {
  const { t } = useI18n();
  if (!problem) return null;
  const key = known[problem.code];
  return (
    <div className="alert alert-error" role="alert">
      {key ? t(key) : problem.detail}
    </div>
  );
}
