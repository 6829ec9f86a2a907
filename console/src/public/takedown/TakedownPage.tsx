import { useRef, useState, type FormEvent } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { requesterRelations, supportCountries, takedownStatusPath, type TakedownReceipt } from '../../api/takedowns';
import { Link } from '../../app/router';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, usePageTitle } from '../../i18n';
import { emptyTakedown, takedownBody, takedownFieldId, takedownFieldOf, validateTakedown, type FieldError, type TakedownDraft, type TakedownErrors, type TakedownField } from './draft';
import { ContentList, HashPicker, RadioGroup, SupportContacts } from './TakedownFields';

const yesNo = [['yes', 'takedown.sexual.yes'], ['no', 'takedown.sexual.no']] as const;
const ages = [['yes', 'takedown.under18.yes'], ['no', 'takedown.under18.no'], ['unsure', 'takedown.under18.unsure']] as const;
const relationOptions = requesterRelations.map((r) => [r, `takedown.relation.${r}`] as const);

/**
 * The public takedown request (capability 6), no account: where the content is, optional hashes
 * computed on the device, who asks, age at the time, sexual or not, a police case number, optional
 * contact details. On success: the tracking code, whether the content was hidden, and support.
 */
export function TakedownPage() {
  const { t, language } = useI18n();
  usePageTitle('takedown.title');
  const [draft, setDraft] = useState<TakedownDraft>(emptyTakedown);
  const [errors, setErrors] = useState<TakedownErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [receipt, setReceipt] = useState<TakedownReceipt | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const set = <K extends keyof TakedownDraft>(field: K, value: TakedownDraft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => (field in e ? { ...e, [field]: undefined } : e));
  };
  const say = (e: FieldError | undefined) => (e === undefined ? undefined : 'text' in e ? e.text : t(e.key));
  const showErrors = (found: TakedownErrors) => {
    setErrors(found);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found = validateTakedown(draft);
    if (Object.keys(found).length) return showErrors(found);
    setErrors({});
    setBusy(true);
    try {
      setReceipt(await send('POST /v1/public/takedowns', takedownBody(draft, language)));
      window.scrollTo(0, 0);
    } catch (error) {
      const p = asProblem(error);
      const fromServer: TakedownErrors = {};
      for (const e of p.errors ?? []) {
        const field = takedownFieldOf(e.field);
        if (field) fromServer[field] = { text: e.message };
      }
      if (Object.keys(fromServer).length) showErrors(fromServer);
      else setProblem(p);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) return <TakedownReceiptView receipt={receipt} />;

  const invalid = (Object.entries(errors) as [TakedownField, FieldError | undefined][]).filter((e): e is [TakedownField, FieldError] => e[1] !== undefined);
  const jump = (field: TakedownField) => document.getElementById(takedownFieldId(field))?.focus();
  return (
    <div className="report-page takedown-page">
      <h1>{t('takedown.title')}</h1>
      <p className="lead">{t('takedown.intro')}</p>
      <p className="alert alert-urgent">{t('public.emergency')}</p>

      <form onSubmit={submit} noValidate className="report-form" aria-label={t('takedown.title')}>
        {invalid.length > 0 && (
          <div className="alert alert-error" role="alert" tabIndex={-1} ref={summary} data-testid="takedown-errors">
            <p className="alert-title">{t('takedown.invalid')}</p>
            <ul>
              {invalid.map(([field, message]) => (
                <li key={field}>
                  <a href={`#${takedownFieldId(field)}`} onClick={(e) => { e.preventDefault(); jump(field); }}>
                    {t(`takedown.field.${field}`)}: {say(message)}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <ProblemAlert problem={problem} />

        <ContentList items={draft.content} error={say(errors.content)} onChange={(v) => set('content', v)} />
        <HashPicker hashes={draft.hashes} onChange={(v) => set('hashes', v)} />
        <Field id={takedownFieldId('description')} label={t('takedown.description')} hint={t('takedown.descriptionHint')} error={say(errors.description)}>
          {(control) => <textarea {...control} rows={3} maxLength={2000} value={draft.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>

        <RadioGroup field="relation" legend="takedown.whoTitle" options={relationOptions} value={draft.relation} error={say(errors.relation)} onChange={(v) => set('relation', v)} />
        <RadioGroup field="under18" legend="takedown.ageTitle" options={ages} value={draft.under18} error={say(errors.under18)} onChange={(v) => set('under18', v)} />
        <RadioGroup field="sexual" legend="takedown.sexualTitle" options={yesNo} value={draft.sexual} error={say(errors.sexual)} onChange={(v) => set('sexual', v)} />
        <Field id={takedownFieldId('policeCaseNumber')} label={t('takedown.police')} hint={t('takedown.policeHint')} error={say(errors.policeCaseNumber)}>
          {(control) => <input {...control} maxLength={100} value={draft.policeCaseNumber} onChange={(e) => set('policeCaseNumber', e.target.value)} />}
        </Field>

        <fieldset className="choice-group">
          <legend>{t('takedown.contactTitle')}</legend>
          <p className="field-hint">{t('takedown.contactIntro')}</p>
          <div className="form-row">
            <Field id={takedownFieldId('name')} label={t('takedown.name')} error={say(errors.name)}>
              {(control) => <input {...control} autoComplete="name" value={draft.name} onChange={(e) => set('name', e.target.value)} />}
            </Field>
            <Field id={takedownFieldId('email')} label={t('takedown.email')} error={say(errors.email)}>
              {(control) => <input {...control} type="email" autoComplete="email" value={draft.email} onChange={(e) => set('email', e.target.value)} />}
            </Field>
            <Field id={takedownFieldId('phone')} label={t('takedown.phone')} error={say(errors.phone)}>
              {(control) => <input {...control} type="tel" autoComplete="tel" value={draft.phone} onChange={(e) => set('phone', e.target.value)} />}
            </Field>
          </div>
          <Field id="takedown-country" label={t('takedown.country')}>
            {(control) => (
              <select {...control} value={draft.country} onChange={(e) => set('country', e.target.value)}>
                <option value="">{t('takedown.country.none')}</option>
                {supportCountries.map((c) => <option key={c} value={c}>{t(`takedown.country.${c}`)}</option>)}
              </select>
            )}
          </Field>
        </fieldset>

        <div className="actions">
          <button type="submit" disabled={busy}>{busy ? t('common.working') : t('takedown.submit')}</button>
        </div>
      </form>
      <SupportContacts country={draft.country} />
    </div>
  );
}

function TakedownReceiptView({ receipt }: { receipt: TakedownReceipt }) {
  const { t } = useI18n();
  return (
    <div className="report-page takedown-page">
      <section className="panel receipt" aria-labelledby="takedown-receipt-title">
        <h1 id="takedown-receipt-title">{t('takedown.receipt.title')}</h1>
        <p>{receipt.contentHidden ? t('takedown.receipt.hidden') : t('takedown.receipt.review')}</p>
        <dl className="facts">
          <dt>{t('takedown.receipt.code')}</dt>
          <dd><code data-testid="takedown-code">{receipt.trackingCode}</code></dd>
        </dl>
        <p className="alert">{t('takedown.receipt.keep')}</p>
        <p><Link className="button-link-primary" href={takedownStatusPath(receipt.trackingCode)}>{t('takedown.receipt.follow')}</Link></p>
      </section>
      <SupportContacts given={receipt.support} />
    </div>
  );
}
