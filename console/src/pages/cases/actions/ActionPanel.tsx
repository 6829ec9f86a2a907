import { useEffect, useState, type FormEvent } from 'react';
import { api, asProblem, fieldError, type Problem } from '../../../api/client';
import { send } from '../../../api/send';
import { actionsOnMember, actionTypes, isChildSafety, type ActionResult, type ActionType, type Case, type Rule } from '../../../api/moderation';
import { Link } from '../../../app/router';
import { Field } from '../../../components/Field';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useI18n } from '../../../i18n';
import { ActionOutcome } from './ActionOutcome';

/** The end of a chosen day in the moderator's time zone, as the API's ISO time. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59`).toISOString();

/**
 * Decide the case: an action, the community rule it applies, and the reason (published in the
 * statement of reasons). Suspensions take an end date. A child-safety dismissal waits for a
 * second, different senior moderator (four eyes), and the panel says so before it is sent.
 */
export function ActionPanel({ kase, onDone }: { kase: Case; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [action, setAction] = useState<ActionType>('remove');
  const [ruleId, setRuleId] = useState('');
  const [reason, setReason] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [member, setMember] = useState('');
  const [keepOpen, setKeepOpen] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [busy, setBusy] = useState(false);
  const subjectIsMember = kase.subject.type === 'account' || kase.subject.type === 'profile';
  const needsMember = !subjectIsMember && actionsOnMember.includes(action);
  const takesEnd = action === 'suspend' || action === 'restrict_minors';
  const fourEyes = action === 'dismiss' && isChildSafety(kase.category);

  useEffect(() => {
    api<{ items: Rule[] }>('GET', '/rules').then(({ items }) => setRules(items), (e) => setProblem(asProblem(e)));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      const done = await send('POST /v1/cases/{id}/actions', { id: kase.id }, {
        action, ruleId, reason: reason.trim(),
        ...(takesEnd && endsOn ? { endsAt: endOfDay(endsOn) } : {}),
        ...(needsMember && member.trim() ? { affectedExternalId: member.trim() } : {}),
        ...(keepOpen && action !== 'dismiss' ? { keepOpen: true } : {}),
      });
      setResult(done);
      setReason('');
      await onDone();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const today = new Date().toISOString().slice(0, 10);
  return (
    <section className="panel action-panel" aria-labelledby="action-panel-title">
      <h2 id="action-panel-title">{t('act.title')}</h2>
      {result && <ActionOutcome result={result} />}
      {kase.status === 'resolved' && <p className="muted">{t('act.followUp')}</p>}
      {rules && rules.length === 0 ? (
        <p className="alert">{t('act.noRules')} <Link href="/console/rules">{t('nav.rules')}</Link></p>
      ) : (
        <form onSubmit={submit} noValidate>
          <ProblemAlert problem={problem} />
          <fieldset className="choice-group">
            <legend>{t('act.action')}</legend>
            <div className="action-choices">
              {actionTypes.map((a) => (
                <div key={a} className="choice">
                  <input
                    type="radio" id={`action-${a}`} name="action" value={a} checked={action === a} onChange={() => setAction(a)}
                    aria-describedby={`action-${a}-description`}
                  />
                  <div className="choice-text">
                    <label htmlFor={`action-${a}`} className="choice-label">{t(`action.${a}`)}</label>
                    <span id={`action-${a}-description`} className="choice-description">{t(`action.${a}.description`)}</span>
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
          {fourEyes && (
            <p className="alert alert-urgent" role="note" data-testid="four-eyes-note">{t('act.fourEyes')}</p>
          )}
          <Field label={t('act.rule')} hint={t('act.ruleHint')} error={fieldError(problem, 'ruleId')}>
            {(control) => (
              <select {...control} required value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
                <option value="">{t('act.chooseRule')}</option>
                {rules?.map((r) => <option key={r.id} value={r.id}>{r.code}: {r.title}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('act.reason')} hint={t('act.reasonHint')} error={fieldError(problem, 'reason')}>
            {(control) => <textarea {...control} rows={4} required maxLength={4000} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          {takesEnd && (
            <Field label={t('act.endsOn')} hint={t(action === 'suspend' ? 'act.endsOnSuspendHint' : 'act.endsOnRestrictHint')} error={fieldError(problem, 'endsAt')}>
              {(control) => <input {...control} type="date" min={today} value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />}
            </Field>
          )}
          {needsMember && (
            <Field label={t('act.member')} hint={t('act.memberHint')} error={fieldError(problem, 'affectedExternalId')}>
              {(control) => <input {...control} required value={member} onChange={(e) => setMember(e.target.value)} />}
            </Field>
          )}
          {action !== 'dismiss' && action !== 'hide' && (
            <label className="checkbox">
              <input type="checkbox" checked={keepOpen} onChange={(e) => setKeepOpen(e.target.checked)} />
              {t('act.keepOpen')}
            </label>
          )}
          <div className="actions">
            <button type="submit" className={action === 'dismiss' ? undefined : 'button-danger'} disabled={busy || !ruleId || !reason.trim()}>
              {busy ? t('common.working') : t(`act.submit.${action}`)}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
