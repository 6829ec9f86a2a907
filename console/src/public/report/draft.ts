import type { Category, Relation, SubjectType } from '../../api/moderation';
import type { BodyOf } from '../../api/send';
import type { MessageKey } from '../../i18n';

/** What the reporter has typed so far. */
export interface Draft {
  subjectType: SubjectType;
  subjectId: string;
  category: Category | '';
  explanation: string;
  location: string;
  /** One reference per line. */
  evidence: string;
  relation: Relation | '';
  name: string;
  email: string;
  goodFaith: boolean;
}

export const emptyDraft: Draft = {
  subjectType: 'profile', subjectId: '', category: '', explanation: '', location: '', evidence: '', relation: '', name: '', email: '',
  goodFaith: false,
};

export type DraftField = keyof Draft;
/** A problem with a field: a message in the reader's language (kept as a key, so it follows a language switch), or the server's words. */
export type FieldError = { key: MessageKey; values?: Record<string, number> } | { text: string };
export type DraftErrors = Partial<Record<DraftField, FieldError>>;

/** The id of each field's control, for the error summary's links. */
export const fieldId = (field: DraftField) => `report-${field}`;

const MAX_EVIDENCE = 20;
export const evidenceLines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

/** The same limits the server checks, said in the reader's language before anything is sent. */
export function validate(draft: Draft): DraftErrors {
  const errors: DraftErrors = {};
  const t = (key: MessageKey, values?: Record<string, number>): FieldError => ({ key, values });
  if (!draft.subjectId.trim()) errors.subjectId = t('report.error.subjectId');
  else if (draft.subjectId.trim().length > 300) errors.subjectId = t('report.error.tooLong', { max: 300 });
  if (!draft.category) errors.category = t('report.error.category');
  if (!draft.explanation.trim()) errors.explanation = t('report.error.explanation');
  else if (draft.explanation.trim().length > 10_000) errors.explanation = t('report.error.tooLong', { max: 10_000 });
  if (draft.location.trim().length > 2_000) errors.location = t('report.error.tooLong', { max: 2_000 });
  const lines = evidenceLines(draft.evidence);
  if (lines.length > MAX_EVIDENCE) errors.evidence = t('report.error.evidenceCount', { max: MAX_EVIDENCE });
  else if (lines.some((line) => line.length > 500)) errors.evidence = t('report.error.evidenceLength', { max: 500 });
  if (draft.name.trim().length > 200) errors.name = t('report.error.tooLong', { max: 200 });
  if (draft.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) errors.email = t('report.error.email');
  if (!draft.goodFaith) errors.goodFaith = t('report.error.goodFaith');
  return errors;
}

/** The body of POST /v1/public/reports: only what was filled in. */
export function toBody(draft: Draft): BodyOf<'POST /v1/public/reports'> {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    subject: { type: draft.subjectType, id: draft.subjectId.trim() },
    // validate() has refused an unchosen one.
    category: draft.category as Category,
    explanation: draft.explanation.trim(),
    location: optional(draft.location),
    evidence: evidenceLines(draft.evidence),
    relation: draft.relation || undefined,
    goodFaith: true as const,
    name: optional(draft.name),
    email: optional(draft.email),
  };
}

/** A server field name (body.subject.id, body.evidence.3) as the form's field. */
export function draftFieldOf(serverField: string): DraftField | undefined {
  const path = serverField.replace(/^body\./, '');
  if (path.startsWith('subject')) return path === 'subject.type' ? 'subjectType' : 'subjectId';
  if (path.startsWith('evidence')) return 'evidence';
  const known: DraftField[] = ['category', 'explanation', 'location', 'relation', 'name', 'email', 'goodFaith'];
  return known.find((f) => f === path);
}
