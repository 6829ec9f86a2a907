import { useEffect } from 'react';
import { api } from '../../api/client';
import type { Referral } from '../../api/referrals';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n';
import { useStaffName } from '../cases/labels';
import { ReferralActions } from './ReferralActions';

/** How often a referral being sent is looked at again: the job sends it after the request returned. */
const POLL_MS = 1500;

const stateTag: Record<Referral['status'], string> = {
  draft: 'tag tag-warning', validated: 'tag', submitting: 'tag tag-plain', submitted: 'tag tag-verified', failed: 'tag tag-danger', retracted: 'tag tag-revoked',
};

/** Every answer the CyberTipline API gave, oldest first: what was asked, the HTTP status, its code and body. */
function Answers({ referral: r }: { referral: Referral }) {
  const { t, formatDateTime } = useI18n();
  if (r.responses.length === 0) return null;
  return (
    <details className="referral-answers">
      <summary>{t('referrals.answers', { count: r.responses.length })}</summary>
      <ol className="attempts">
        {r.responses.map((a, i) => (
          <li key={i} data-ok={String(a.ok)}>
            {formatDateTime(a.at)} · {a.step} · {t('referrals.answer', { http: a.httpStatus ?? '—', code: a.responseCode ?? '—' })}
            {a.body && <pre className="evidence-text">{a.body}</pre>}
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * One referral: the kind and state, its case, what went wrong (the API's answer, or the report's
 * field problems) and the actions. While it is being sent it is fetched again until it settles.
 */
export function ReferralItem({ referral: r, onChanged }: { referral: Referral; onChanged: (r: Referral) => void }) {
  const { t, formatDateTime } = useI18n();
  const staffName = useStaffName();

  useEffect(() => {
    if (r.status !== 'submitting') return;
    const timer = setTimeout(() => {
      api<Referral>('GET', `/referrals/${r.id}`).then(onChanged, () => undefined); // a failed look is tried again on the next change
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [r, onChanged]);

  return (
    <li className="panel referral" data-referral={r.id} data-status={r.status}>
      <h3>
        {t(`referrals.kind.${r.kind}`)} <span className={stateTag[r.status]} data-testid="referral-state">{t(`referrals.state.${r.status}`)}</span>
      </h3>
      <dl className="facts">
        <dt>{t('referrals.case')}</dt>
        <dd><Link href={`/console/cases/${r.caseId}`}>{t('referrals.openCase')}</Link> <code className="id">{r.caseId.slice(0, 8)}</code></dd>
        <dt>{t('referrals.created')}</dt>
        <dd>{t('referrals.byAt', { who: staffName(r.createdBy), time: formatDateTime(r.createdAt) })}</dd>
        <dt>{t('referrals.updated')}</dt>
        <dd>{formatDateTime(r.updatedAt)}</dd>
        {r.remoteReportId && (<><dt>{t('referrals.reportId')}</dt><dd><code>{r.remoteReportId}</code></dd></>)}
        {r.submittedAt && (<><dt>{t(r.kind === 'ncmec' ? 'referrals.submitted' : 'referrals.deliveredAt')}</dt><dd>{formatDateTime(r.submittedAt)}</dd></>)}
        {r.retractedAt && (<><dt>{t('referrals.retracted')}</dt><dd>{formatDateTime(r.retractedAt)}</dd></>)}
        {r.attempts > 0 && (<><dt>{t('referrals.attempts')}</dt><dd>{r.attempts}</dd></>)}
      </dl>
      {r.lastError && (
        <div className="alert alert-error" data-testid="referral-error">
          <p className="alert-title">{r.status === 'failed' ? t('referrals.rejected') : t('referrals.lastError')}</p>
          <p>{r.lastError}</p>
        </div>
      )}
      {r.validationErrors && r.validationErrors.length > 0 && (
        <div className="alert alert-urgent">
          <p className="alert-title">{t('referrals.invalid')}</p>
          <ul>{r.validationErrors.map((e) => <li key={e.field}><code>{e.field}</code>: {e.message}</li>)}</ul>
        </div>
      )}
      <Answers referral={r} />
      <ReferralActions referral={r} onChanged={onChanged} />
    </li>
  );
}
