import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { TrustedFlagger } from '../../api/moderation';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/** One organisation: its state in words, members, reports, accuracy; for admins verify/revoke and add a member. */
export function FlaggerRow({ flagger: f, isAdmin, onChanged }: { flagger: TrustedFlagger; isAdmin: boolean; onChanged: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const [member, setMember] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = f.revoked ? 'revoked' : f.verified ? 'verified' : 'unverified';
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });

  /** `write` answers whether it added anything (adding a member who is already one adds nothing). */
  const run = async (write: () => Promise<{ added: boolean } | void>, message: string) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const result = await write();
      // Said once the list shows it: the message never stands beside a stale count.
      await onChanged();
      setDone(result && !result.added ? t('flaggers.memberAlready') : message);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const addMember = (event: FormEvent) => {
    event.preventDefault();
    if (!member.trim()) return;
    void run(() => send('POST /v1/trusted-flaggers/{id}/members', { id: f.id }, { memberId: member.trim() }), t('flaggers.memberAdded', { member: member.trim() })).then(() => setMember(''));
  };

  return (
    <tr data-flagger={f.id}>
      <th scope="row">
        {f.name}
        {f.contactEmail && <><br /><span className="muted small">{f.contactEmail}</span></>}
      </th>
      <td><span className={`tag tag-${state}`}>{t(`flaggers.state.${state}`)}</span></td>
      <td>{f.members}</td>
      <td>{t('flaggers.reportsValue', { reports: f.reports, decided: f.decided })}</td>
      <td data-testid="accuracy">{f.upheldShare === null ? t('flaggers.noDecisions') : t('flaggers.upheld', { share: percent.format(f.upheldShare) })}</td>
      {isAdmin && (
        <td>
          <div className="cell-actions">
            {state !== 'verified' && (
              <button type="button" className="button-quiet" disabled={busy} onClick={() => void run(() => send('POST /v1/trusted-flaggers/{id}/status', { id: f.id }, { status: 'verified' }).then(() => {}), t('flaggers.verifiedDone'))}>
                {t('flaggers.verify')}
              </button>
            )}
            {state === 'verified' && (
              <ConfirmButton
                label={t('flaggers.revoke')} question={t('flaggers.revokeQuestion', { name: f.name })} confirmLabel={t('flaggers.revoke')}
                disabled={busy} onConfirm={() => run(() => send('POST /v1/trusted-flaggers/{id}/status', { id: f.id }, { status: 'revoked' }).then(() => {}), t('flaggers.revokedDone'))}
              />
            )}
          </div>
          <form className="inline-form compact-form" onSubmit={addMember} aria-label={t('flaggers.addMemberFor', { name: f.name })}>
            <label className="visually-hidden" htmlFor={`member-${f.id}`}>{t('flaggers.memberId')}</label>
            <input id={`member-${f.id}`} placeholder={t('flaggers.memberId')} value={member} onChange={(e) => setMember(e.target.value)}
              aria-invalid={fieldError(problem, 'memberId') ? true : undefined} />
            <button type="submit" className="button-quiet" disabled={busy || !member.trim()}>{t('flaggers.addMember')}</button>
          </form>
          <ProblemAlert problem={problem} />
          <span role="status" className="muted small">{done ?? ''}</span>
        </td>
      )}
    </tr>
  );
}
