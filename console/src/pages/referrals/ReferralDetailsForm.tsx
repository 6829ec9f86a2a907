import { useState, type FormEvent } from 'react';
import { fieldError, type FieldProblem } from '../../api/client';
import type { ReferralKind } from '../../api/referrals';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAction } from '../../components/useAction';
import { useI18n, type MessageKey } from '../../i18n';

/** The fields legal fills in per kind; everything else the server takes from the case. */
export const detailFields: Record<ReferralKind, readonly string[]> = {
  ncmec: ['reportedAccountId', 'victimAccountId', 'escalateToHighPriority', 'additionalInfo'],
  police: ['unit', 'policeCaseNumber', 'summary'],
};
const long = new Set(['escalateToHighPriority', 'additionalInfo', 'summary']);

/** The form's text values of a referral's stored details (other fields are kept by the caller). */
export function detailValues(kind: ReferralKind, details: unknown): Record<string, string> {
  const stored = (details ?? {}) as Record<string, unknown>;
  return Object.fromEntries(detailFields[kind].flatMap((name) => (typeof stored[name] === 'string' ? [[name, stored[name]]] : [])));
}

/**
 * The details of a referral, to make one or to correct a draft: each field shows the API's error
 * for it, or else the problem the built report had there (`details.<field>`, from validation).
 */
export function ReferralDetailsForm(props: {
  kind: ReferralKind;
  label: string;
  hint: string;
  submitLabel: string;
  initial?: Record<string, string>;
  reportProblems?: FieldProblem[] | null;
  /** The filled-in fields, trimmed; an emptied field is left out. */
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string>>(props.initial ?? {});
  const { busy, problem, run } = useAction();
  const reportProblem = (name: string) => props.reportProblems?.find((p) => p.field === `details.${name}`)?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filled = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
    void run(() => props.onSubmit(filled));
  };

  return (
    <form onSubmit={submit} noValidate aria-label={props.label}>
      <ProblemAlert problem={problem} />
      <p className="muted">{props.hint}</p>
      {detailFields[props.kind].map((name) => (
        <Field key={name} label={t(`referrals.field.${name}` as MessageKey)} error={fieldError(problem, name) ?? reportProblem(name)}>
          {(control) => long.has(name)
            ? <textarea {...control} rows={2} value={values[name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} />
            : <input {...control} value={values[name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} />}
        </Field>
      ))}
      <div className="actions">
        <button type="submit" disabled={busy}>{props.submitLabel}</button>
        <button type="button" className="button-quiet" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
