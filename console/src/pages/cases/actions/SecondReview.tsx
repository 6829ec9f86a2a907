import { useState, type FormEvent } from 'react';
import { asProblem, type Problem } from '../../../api/client';
import { send } from '../../../api/send';
import type { ModerationAction } from '../../../api/moderation';
import { useConsole } from '../../../app/session';
import { Field } from '../../../components/Field';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useI18n } from '../../../i18n';
import { useStaffName } from '../labels';

/**
 * Four eyes: a child-safety dismissal waits until a second senior moderator, not the one who
 * proposed it, confirms it (the case resolves) or rejects it with a reason (the case reopens).
 */
export function SecondReview({ action, onChanged }: { action: ModerationAction; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const { session } = useConsole();
  const staffName = useStaffName();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const proposer = action.decidedBy === session.staff.id;
  const mayReview = session.staff.role === 'senior_moderator' && !proposer;

  const review = async (event: FormEvent, verdict: 'confirm' | 'reject') => {
    event.preventDefault();
    if (verdict === 'reject' && !text.trim()) return setProblem({ status: 400, code: 'reason-missing', detail: t('fourEyes.reasonNeeded') });
    setBusy(true);
    setProblem(null);
    try {
      if (verdict === 'confirm') await send('POST /v1/actions/{id}/confirm', { id: action.id }, text.trim() ? { note: text.trim() } : {});
      else await send('POST /v1/actions/{id}/reject', { id: action.id }, { reason: text.trim() });
      await onChanged();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="alert alert-urgent four-eyes" role="note" aria-labelledby={`four-eyes-${action.id}`}>
      <p className="alert-title" id={`four-eyes-${action.id}`}>{t('fourEyes.title')}</p>
      <p>{t('fourEyes.proposedBy', { who: staffName(action.decidedBy) })}</p>
      {proposer && <p>{t('fourEyes.notYou')}</p>}
      {!proposer && !mayReview && <p>{t('fourEyes.seniorOnly')}</p>}
      {mayReview && (
        <form onSubmit={(e) => void review(e, 'confirm')}>
          <ProblemAlert problem={problem} />
          <Field label={t('fourEyes.text')} hint={t('fourEyes.textHint')}>
            {(control) => <textarea {...control} rows={2} value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy}>{t('fourEyes.confirm')}</button>
            <button type="button" className="button-danger" disabled={busy} onClick={(e) => void review(e, 'reject')}>{t('fourEyes.reject')}</button>
          </div>
        </form>
      )}
    </div>
  );
}
