import { useState } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { TakedownRequest } from '../../api/takedowns';
import { Link } from '../../app/router';
import { useConsole } from '../../app/session';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isMessageKey, useI18n } from '../../i18n';

/** One request: what and where, the requester's answers, and the decision controls with a written reason. */
export function TakedownItem({ request: r, onChanged }: { request: TakedownRequest; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const { session } = useConsole();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const open = r.status === 'open' || r.status === 'rejection_pending';
  const mayDecide = r.sensitive ? session.staff.role === 'senior_moderator' : ['moderator', 'senior_moderator'].includes(session.staff.role);
  const reasonId = `takedown-reason-${r.id}`;
  const yesNo = (v: string | boolean) => (v === true || v === 'yes' ? t('takedowns.yes') : v === 'unsure' ? t('takedowns.unsure') : t('takedowns.no'));

  const decide = async (verb: 'confirm' | 'reject') => {
    if (!reason.trim()) {
      setProblem({ status: 400, code: 'validation', detail: t('takedowns.reasonHint'), errors: [{ field: 'body.reason', message: t('takedowns.reason') }] });
      document.getElementById(reasonId)?.focus();
      return;
    }
    setBusy(true);
    try {
      await send(`POST /v1/takedowns/{id}/${verb}`, { id: r.id }, { reason: reason.trim() });
      setReason('');
      setProblem(null);
      onChanged();
    } catch (error) {
      const p = asProblem(error);
      const known = p.code === 'same-reviewer' ? 'takedowns.problem.sameReviewer' : p.code === 'senior-moderator-required' ? 'takedowns.problem.senior' : null;
      setProblem(known ? { ...p, detail: t(known) } : p);
    } finally {
      setBusy(false);
    }
  };

  const relation = `takedown.relation.${r.relation}`;
  return (
    <li className="panel takedown-item" data-testid="takedown-item" data-status={r.status}>
      <h2>
        {t(`takedowns.state.${r.status}`)} · {t('takedowns.priority')} {r.priority}
        {r.sensitive && <span className="tag tag-warning">{t('takedowns.sensitive')}</span>}
        {r.bankMatch && <span className="tag tag-danger">{t('takedowns.bankMatch')}</span>}
      </h2>
      <p className="muted">{t('takedowns.received', { time: formatDateTime(r.receivedAt) })}</p>
      <dl className="facts">
        <dt>{t('takedowns.content')}</dt>
        <dd><ul>{r.content.map((c) => <li key={c}><code>{c}</code></li>)}</ul></dd>
        {r.hashes.length > 0 && (<><dt>{t('takedowns.hashes')}</dt><dd><ul>{r.hashes.map((h, i) => <li key={i}><code>{h.pdq ?? h.md5}</code></li>)}</ul></dd></>)}
        <dt>{t('takedowns.relation')}</dt>
        <dd>{isMessageKey(relation) ? t(relation) : r.relation}</dd>
        <dt>{t('takedowns.under18')}</dt>
        <dd>{yesNo(r.under18)}</dd>
        <dt>{t('takedowns.sexual')}</dt>
        <dd>{yesNo(r.sexual)}</dd>
        {r.policeCaseNumber && (<><dt>{t('takedowns.police')}</dt><dd>{r.policeCaseNumber}</dd></>)}
        {r.contact && (<><dt>{t('takedowns.contact')}</dt><dd>{[r.contact.name, r.contact.email, r.contact.phone].filter(Boolean).join(' · ')}</dd></>)}
        {r.caseId && (<><dt>{t('takedowns.case')}</dt><dd><Link href={`/console/cases/${r.caseId}`}>{r.caseId.slice(0, 8)}</Link>{r.hideActionIds.length > 0 && ` · ${t('takedowns.hidden', { n: r.hideActionIds.length })}`}</dd></>)}
        {r.firstRejection && (<><dt>{t('takedowns.firstRejection')}</dt><dd>{r.firstRejection.reason} ({formatDateTime(r.firstRejection.at)})</dd></>)}
        {r.decision && (<><dt>{t('takedowns.decision')}</dt><dd>{r.decision.reason} ({formatDateTime(r.decision.at)}){r.status === 'confirmed' && ` · ${t('takedowns.banked', { n: r.bankedHashes })}`}</dd></>)}
      </dl>
      {open && mayDecide && (
        <form className="decide" onSubmit={(e) => e.preventDefault()} aria-label={t('takedowns.decision')}>
          <ProblemAlert problem={problem} />
          <Field id={reasonId} label={t('takedowns.reason')} hint={t('takedowns.reasonHint')}>
            {(control) => <textarea {...control} rows={2} required value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void decide('confirm')}>{t('takedowns.confirm')}</button>
            <button type="button" className="button-danger" disabled={busy} onClick={() => void decide('reject')}>
              {r.status === 'rejection_pending' ? t('takedowns.rejectSecond') : t('takedowns.reject')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
