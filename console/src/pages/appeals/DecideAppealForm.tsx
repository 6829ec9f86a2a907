import { useId, useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { AppealDecision, AppealDetail } from '../../api/moderation';
import { useConsole } from '../../app/session';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

const outcomes = [
  { value: 'upheld', label: 'appeals.uphold', description: 'appeals.uphold.description' },
  { value: 'reversed', label: 'appeals.reverse', description: 'appeals.reverse.description' },
] as const;

/**
 * Uphold or reverse, with a reason. Whoever took the decision (and, in a child-safety category,
 * anyone but a senior moderator) is told beforehand; the server refuses them either way, and its
 * refusal is shown in words.
 */
export function DecideAppealForm({ appeal, childSafety, onDecided }: {
  appeal: AppealDetail;
  childSafety: boolean;
  onDecided: (result: AppealDecision) => Promise<void>;
}) {
  const { t } = useI18n();
  const { session } = useConsole();
  const base = useId();
  const [outcome, setOutcome] = useState<'upheld' | 'reversed' | ''>('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [reasonMissing, setReasonMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const me = session.staff;
  const decidedIt = appeal.action.decidedBy === me.id || appeal.action.secondReviewerId === me.id;
  const notSenior = childSafety && me.role !== 'senior_moderator';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setReasonMissing(!reason.trim());
    if (!outcome || !reason.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      const result = await send('POST /v1/appeals/{id}/decision', { id: appeal.id }, { outcome, reason: reason.trim() });
      await onDecided(result);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="decide-appeal" onSubmit={submit} noValidate aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>{t('appeals.decideTitle')}</h3>
      {decidedIt && <p className="alert" role="note">{t('appeals.youDecided')}</p>}
      {!decidedIt && notSenior && <p className="alert" role="note">{t('appeals.seniorOnly')}</p>}
      <ProblemAlert problem={problem} />
      <fieldset className="choice-group">
        <legend>{t('appeals.outcomeChoice')}</legend>
        {outcomes.map((o) => (
          <div key={o.value} className="choice">
            <input
              type="radio" id={`${base}-${o.value}`} name={`${base}-outcome`} value={o.value} checked={outcome === o.value}
              onChange={() => setOutcome(o.value)} aria-describedby={`${base}-${o.value}-description`}
            />
            <div className="choice-text">
              <label htmlFor={`${base}-${o.value}`} className="choice-label">{t(o.label)}</label>
              <span id={`${base}-${o.value}-description`} className="choice-description">{t(o.description)}</span>
            </div>
          </div>
        ))}
      </fieldset>
      {childSafety && outcome === 'reversed' && <p className="muted">{t('appeals.childSafetyCaseAfter')}</p>}
      <Field
        label={t('appeals.reason')} hint={t('appeals.reasonHint')}
        error={reasonMissing ? t('appeals.reasonMissing') : fieldError(problem, 'reason')}
      >
        {(control) => <textarea {...control} rows={3} required maxLength={4000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className={outcome === 'reversed' ? 'button-danger' : undefined} disabled={busy || !outcome}>
          {busy ? t('common.working') : t('appeals.submit')}
        </button>
      </div>
    </form>
  );
}
