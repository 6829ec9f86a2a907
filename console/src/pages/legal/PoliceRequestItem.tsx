import { api } from '../../api/client';
import { send } from '../../api/send';
import { isOverdue, type PoliceRequest } from '../../api/legal';
import { Link } from '../../app/router';
import { ReasonForm } from '../../components/ReasonForm';
import { useI18n } from '../../i18n';
import { useStaffName } from '../cases/labels';
import { PoliceExport } from './PoliceExport';

const stateTag: Record<PoliceRequest['status'], string> = {
  received: 'tag tag-warning', accepted: 'tag tag-active', rejected: 'tag tag-plain', fulfilled: 'tag tag-verified',
};

/** What the request covers: accounts and cases (linked), and the range on when evidence was preserved. */
function Scope({ request: r }: { request: PoliceRequest }) {
  const { t, formatDate } = useI18n();
  return (
    <ul className="police-scope">
      {r.scope.accounts.map((a) => <li key={`a-${a}`}>{t('holds.scope.account')} <Link href={`/console/accounts/${encodeURIComponent(a)}`}><code>{a}</code></Link></li>)}
      {r.scope.cases.map((c) => <li key={`c-${c}`}>{t('holds.scope.case')} <Link href={`/console/cases/${c}`}><code>{c.slice(0, 8)}</code></Link></li>)}
      {(r.scope.from || r.scope.to) && (
        <li>{t('police.range', { from: r.scope.from ? formatDate(r.scope.from) : '…', to: r.scope.to ? formatDate(r.scope.to) : '…' })}</li>
      )}
    </ul>
  );
}

/**
 * One police data request: who asked, on what basis, for what and by when (overdue marked in words,
 * not by colour alone); legal's review while it waits for one, then the export of the signed package.
 */
export function PoliceRequestItem({ request: r, onChanged }: { request: PoliceRequest; onChanged: (r: PoliceRequest) => void }) {
  const { t, formatDateTime } = useI18n();
  const staffName = useStaffName();
  const overdue = isOverdue(r);
  const review = (decision: 'accept' | 'reject') => async (reason: string) =>
    onChanged(await send('POST /v1/police-requests/{id}/review', { id: r.id }, { decision, reason }));
  const refresh = async () => onChanged(await api<PoliceRequest>('GET', `/police-requests/${r.id}`));

  return (
    <li className="panel police-request" data-request={r.id} data-status={r.status}>
      <h3>
        {r.agency} · {r.caseNumber} <span className={stateTag[r.status]} data-testid="request-state">{t(`police.state.${r.status}`)}</span>
        {overdue && <span className="tag tag-overdue" data-testid="overdue"><span aria-hidden="true">⚠ </span>{t('police.overdue')}</span>}
      </h3>
      <dl className="facts">
        <dt>{t('police.field.deadline')}</dt>
        <dd><time dateTime={r.deadline}>{formatDateTime(r.deadline)}</time></dd>
        <dt>{t('police.field.officer')}</dt>
        <dd>{r.officer} · {r.contact}</dd>
        <dt>{t('police.field.legalBasis')}</dt>
        <dd>{r.legalBasis}</dd>
        <dt>{t('police.scope')}</dt>
        <dd><Scope request={r} /></dd>
        <dt>{t('police.received')}</dt>
        <dd>{t('police.byAt', { who: staffName(r.receivedBy), time: formatDateTime(r.receivedAt) })}</dd>
        {r.review && (
          <>
            <dt>{t(`police.review.${r.review.decision}`)}</dt>
            <dd>{r.review.reason} ({t('police.byAt', { who: staffName(r.review.by), time: formatDateTime(r.review.at) })})</dd>
          </>
        )}
        {r.exports.length > 0 && (
          <>
            <dt>{t('police.exports')}</dt>
            <dd>
              <ul className="police-exports">
                {r.exports.map((e) => (
                  <li key={e.id} data-export={e.id}>
                    {t('police.exportLine', { time: formatDateTime(e.exportedAt), who: staffName(e.exportedBy), items: e.itemCount })}{' '}
                    <span className="muted">SHA-256</span> <code className="id">{e.packageSha256}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {r.status === 'received' && (
        <ReasonForm
          name={t('police.review.title', { number: r.caseNumber })} label={t('police.review.reason')} hint={t('police.review.hint')}
          actions={[{ label: t('police.review.acceptSubmit'), run: review('accept') }, { label: t('police.review.rejectSubmit'), danger: true, run: review('reject') }]}
        />
      )}
      {(r.status === 'accepted' || r.status === 'fulfilled') && <PoliceExport request={r} onExported={refresh} />}
    </li>
  );
}
