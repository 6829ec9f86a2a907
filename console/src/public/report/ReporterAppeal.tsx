import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { ReportStatus } from '../../api/moderation';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/**
 * A reporter's appeal of a decision not to act on the report (DSA Art. 20): the form while the
 * window is open, then the appeal's state and outcome.
 */
export function ReporterAppeal({ code, status, onChanged }: { code: string; status: ReportStatus; onChanged: () => Promise<void> }) {
  const { t, formatDate } = useI18n();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  if (status.appeal) {
    const a = status.appeal;
    return (
      <section className="panel" aria-labelledby="reporter-appeal-state" data-testid="reporter-appeal" data-status={a.status}>
        <h2 id="reporter-appeal-state">{t('status.appeal.state')}</h2>
        <p data-testid="reporter-appeal-status">{t(`status.appeal.${a.status}`)}</p>
        {a.decisionReason && <p><strong>{t('status.appeal.reason')}:</strong> {a.decisionReason}</p>}
        {a.status !== 'open' && <p>{t('status.appeal.redress')}</p>}
      </section>
    );
  }
  if (!status.canAppeal || !status.appealDeadline) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!text.trim()) return setMissing(true);
    setMissing(false);
    setBusy(true);
    try {
      await send('POST /v1/public/reports/{receiptCode}/appeal', { receiptCode: code }, { text: text.trim() });
      await onChanged();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="reporter-appeal-title">
      <h2 id="reporter-appeal-title">{t('status.appeal.title')}</h2>
      <p>{t('status.appeal.intro', { deadline: formatDate(status.appealDeadline) })}</p>
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <Field label={t('status.appeal.text')} hint={t('status.appeal.textHint')} error={missing ? t('status.appeal.textMissing') : fieldError(problem, 'text')}>
          {(control) => <textarea {...control} rows={6} required maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('status.appeal.submit')}</button>
      </form>
    </section>
  );
}
