import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/** The appeal itself: why the decision is wrong, and an e-mail address only if the member wants the outcome by e-mail. */
export function AppealForm({ token, onAppealed }: { token: string; onAppealed: () => Promise<void> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!text.trim()) return setMissing(true);
    setMissing(false);
    setBusy(true);
    try {
      await send('POST /v1/public/statements/{token}/appeal', { token }, {
        text: text.trim(), ...(email.trim() ? { contactEmail: email.trim() } : {}),
      });
      await onAppealed();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="appeal-form-title">
      <h2 id="appeal-form-title">{t('appeal.formTitle')}</h2>
      <p>{t('appeal.formIntro')}</p>
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <Field label={t('appeal.text')} hint={t('appeal.textHint')} error={missing ? t('appeal.textMissing') : fieldError(problem, 'text')}>
          {(control) => <textarea {...control} rows={6} required maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <Field label={t('appeal.email')} hint={t('appeal.emailHint')} error={fieldError(problem, 'contactEmail')}>
          {(control) => <input {...control} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('appeal.submit')}</button>
      </form>
    </section>
  );
}
