import { useRef, useState, type FormEvent } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { relations, type Receipt } from '../../api/moderation';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, usePageTitle } from '../../i18n';
import { draftFieldOf, emptyDraft, fieldId, toBody, validate, type Draft, type DraftErrors, type DraftField, type FieldError } from './draft';
import { ReceiptView } from './Receipt';
import { CategoryFields, SubjectFields } from './ReportFields';
import { Support } from './Support';

/**
 * The public report form (DSA Art. 16 notice), no account needed: what and where, the category,
 * why, evidence references, the reporter's relation, optional name and e-mail, and the good-faith
 * statement. On success the receipt code, with the page that shows what became of the report.
 */
export function ReportPage() {
  const { t } = useI18n();
  usePageTitle('report.title');
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const set = <K extends DraftField>(field: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    // A corrected answer loses its error at once; the summary keeps the others.
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  };
  const say = (e: FieldError | undefined) => (e === undefined ? undefined : 'text' in e ? e.text : t(e.key, e.values));
  const showErrors = (found: DraftErrors) => {
    setErrors(found);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found = validate(draft);
    if (Object.keys(found).length) return showErrors(found);
    setErrors({});
    setBusy(true);
    try {
      setReceipt(await send('POST /v1/public/reports', toBody(draft)));
      window.scrollTo(0, 0);
    } catch (error) {
      const p = asProblem(error);
      const fromServer: DraftErrors = {};
      for (const e of p.errors ?? []) {
        const field = draftFieldOf(e.field);
        if (field) fromServer[field] = { text: e.message };
      }
      if (Object.keys(fromServer).length) showErrors(fromServer);
      else setProblem(p);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return <ReceiptView receipt={receipt} onAnother={() => { setReceipt(null); setDraft(emptyDraft); }} />;
  }

  const invalid = (Object.entries(errors) as [DraftField, FieldError | undefined][]).filter((e): e is [DraftField, FieldError] => e[1] !== undefined);
  const jump = (field: DraftField) => document.getElementById(fieldId(field))?.focus();
  return (
    <div className="report-page">
      <h1>{t('report.title')}</h1>
      <p className="lead">{t('report.intro')}</p>
      <p className="alert alert-urgent">{t('public.emergency')}</p>

      <form onSubmit={submit} noValidate className="report-form">
        {invalid.length > 0 && (
          <div className="alert alert-error" role="alert" tabIndex={-1} ref={summary}>
            <p className="alert-title">{t('report.invalid')}</p>
            <ul>
              {invalid.map(([field, message]) => (
                <li key={field}>
                  <a href={`#${fieldId(field)}`} onClick={(e) => { e.preventDefault(); jump(field); }}>
                    {t(`report.field.${field}`)}: {say(message)}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <ProblemAlert problem={problem} />

        <h2>{t('report.whatTitle')}</h2>
        <SubjectFields
          type={draft.subjectType} id={draft.subjectId} error={say(errors.subjectId)}
          onType={(v) => set('subjectType', v)} onId={(v) => set('subjectId', v)}
        />
        <CategoryFields value={draft.category} error={say(errors.category)} onChange={(v) => set('category', v)} />

        <h2>{t('report.whyTitle')}</h2>
        <Field id={fieldId('explanation')} label={t('report.explanation')} hint={t('report.explanationHint')} error={say(errors.explanation)}>
          {(control) => <textarea {...control} rows={6} required value={draft.explanation} onChange={(e) => set('explanation', e.target.value)} />}
        </Field>
        <Field id={fieldId('location')} label={t('report.location')} hint={t('report.locationHint')} error={say(errors.location)}>
          {(control) => <input {...control} value={draft.location} onChange={(e) => set('location', e.target.value)} />}
        </Field>
        <Field id={fieldId('evidence')} label={t('report.evidence')} hint={t('report.evidenceHint')} error={say(errors.evidence)}>
          {(control) => <textarea {...control} rows={3} value={draft.evidence} onChange={(e) => set('evidence', e.target.value)} />}
        </Field>
        <Field id={fieldId('relation')} label={t('report.relation')} error={say(errors.relation)}>
          {(control) => (
            <select {...control} value={draft.relation} onChange={(e) => set('relation', e.target.value as Draft['relation'])}>
              <option value="">{t('report.relation.unsaid')}</option>
              {relations.map((r) => <option key={r} value={r}>{t(`report.relation.${r}`)}</option>)}
            </select>
          )}
        </Field>

        <h2>{t('report.aboutYouTitle')}</h2>
        <p className="alert">{t('report.aboutYouIntro')}</p>
        <div className="form-row">
          <Field id={fieldId('name')} label={t('report.name')} error={say(errors.name)}>
            {(control) => <input {...control} autoComplete="name" value={draft.name} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field id={fieldId('email')} label={t('report.email')} hint={t('report.emailHint')} error={say(errors.email)}>
            {(control) => <input {...control} type="email" autoComplete="email" value={draft.email} onChange={(e) => set('email', e.target.value)} />}
          </Field>
        </div>

        <div className={errors.goodFaith ? 'field field-invalid good-faith' : 'field good-faith'}>
          <label className="checkbox checkbox-top" htmlFor={fieldId('goodFaith')}>
            <input
              type="checkbox" id={fieldId('goodFaith')} required checked={draft.goodFaith} onChange={(e) => set('goodFaith', e.target.checked)}
              aria-invalid={errors.goodFaith ? true : undefined} aria-describedby={errors.goodFaith ? 'good-faith-error' : undefined}
            />
            <span>{t('report.goodFaith')}</span>
          </label>
          {errors.goodFaith && <p id="good-faith-error" className="field-error">{say(errors.goodFaith)}</p>}
        </div>

        <div className="actions">
          <button type="submit" disabled={busy}>{busy ? t('common.working') : t('report.submit')}</button>
        </div>
      </form>
      <Support />
    </div>
  );
}
