import { useState, type FormEvent } from 'react';
import { fieldError, fieldErrorsUnder } from '../../api/client';
import { send } from '../../api/send';
import type { PoliceRequestInput } from '../../api/legal';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAction } from '../../components/useAction';
import { useI18n, type MessageKey } from '../../i18n';

const empty = { agency: '', officer: '', contact: '', caseNumber: '', legalBasis: '', accounts: '', cases: '', from: '', to: '', deadline: '' };
type Draft = typeof empty;
const texts = ['agency', 'officer', 'contact', 'caseNumber'] as const;

/** Ids typed one a line or separated by commas. */
const ids = (text: string) => text.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean);

/** The body POST /v1/police-requests takes. A deadline left empty stays empty, so the API names the field. */
function intakeBody(d: Draft): PoliceRequestInput {
  const deadline = d.deadline ? new Date(d.deadline) : null;
  return {
    agency: d.agency.trim(), officer: d.officer.trim(), contact: d.contact.trim(), caseNumber: d.caseNumber.trim(), legalBasis: d.legalBasis.trim(),
    scope: { accounts: ids(d.accounts), cases: ids(d.cases), from: d.from || null, to: d.to || null },
    deadline: deadline && !Number.isNaN(deadline.getTime()) ? deadline.toISOString() : d.deadline,
  };
}

/** Intake of a police data request: who asks, on what legal basis, for what, by when. */
export function PoliceIntakeForm({ onCreated, onCancel }: { onCreated: () => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(empty);
  const { busy, problem, run } = useAction();
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await send('POST /v1/police-requests', intakeBody(draft));
      setDraft(empty);
      await onCreated();
    });
  };

  // The service names `scope` when neither accounts nor cases are given.
  const accountsError = fieldErrorsUnder(problem, 'scope.accounts') ?? problem?.errors?.find((e) => e.field === 'scope')?.message;
  return (
    <section className="panel" aria-labelledby="police-intake-title">
      <h2 id="police-intake-title">{t('police.intake.title')}</h2>
      <p className="muted">{t('police.intake.hint')}</p>
      <form onSubmit={submit} noValidate aria-labelledby="police-intake-title">
        <ProblemAlert problem={problem} />
        <div className="form-row">
          {texts.map((key) => (
            <Field key={key} label={t(`police.field.${key}` as MessageKey)} error={fieldError(problem, key)}>
              {(control) => <input {...control} required maxLength={key === 'contact' ? 500 : 300} value={draft[key]} onChange={set(key)} />}
            </Field>
          ))}
        </div>
        <Field label={t('police.field.legalBasis')} hint={t('police.field.legalBasisHint')} error={fieldError(problem, 'legalBasis')}>
          {(control) => <textarea {...control} rows={2} required maxLength={2000} value={draft.legalBasis} onChange={set('legalBasis')} />}
        </Field>
        <div className="form-row">
          <Field label={t('police.field.accounts')} hint={t('police.field.idsHint')} error={accountsError}>
            {(control) => <textarea {...control} rows={2} value={draft.accounts} onChange={set('accounts')} />}
          </Field>
          <Field label={t('police.field.cases')} hint={t('police.field.idsHint')} error={fieldErrorsUnder(problem, 'scope.cases')}>
            {(control) => <textarea {...control} rows={2} value={draft.cases} onChange={set('cases')} />}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('police.field.from')} hint={t('police.field.rangeHint')} error={fieldErrorsUnder(problem, 'scope.from')}>
            {(control) => <input {...control} type="date" value={draft.from} onChange={set('from')} />}
          </Field>
          <Field label={t('police.field.to')} hint={t('police.field.toHint')} error={fieldErrorsUnder(problem, 'scope.to')}>
            {(control) => <input {...control} type="date" value={draft.to} onChange={set('to')} />}
          </Field>
          <Field label={t('police.field.deadline')} error={fieldError(problem, 'deadline')}>
            {(control) => <input {...control} type="datetime-local" required value={draft.deadline} onChange={set('deadline')} />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>{t('police.intake.submit')}</button>
          <button type="button" className="button-quiet" onClick={onCancel}>{t('common.cancel')}</button>
        </div>
      </form>
    </section>
  );
}
