import type { Case } from '../../api/moderation';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n';
import { isChildSafety, useSay, useStaffName } from '../cases/labels';
import { CaseFlags, DueAt } from '../cases/CaseBits';

/** The cases in queue order, each with its flags, time limit, holder, and Open and Claim. */
export function QueueTable({ items, canClaim, claiming, onClaim }: {
  items: readonly Case[];
  canClaim: boolean;
  claiming: string | null;
  onClaim: (c: Case) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const say = useSay();
  const staffName = useStaffName();
  return (
    <div className="table-wrap">
      <table className="queue-table">
        <caption className="visually-hidden">{t('queue.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('queue.col.priority')}</th>
            <th scope="col">{t('queue.col.case')}</th>
            <th scope="col">{t('queue.col.subject')}</th>
            <th scope="col">{t('queue.col.status')}</th>
            <th scope="col">{t('queue.col.due')}</th>
            <th scope="col">{t('queue.col.assignee')}</th>
            <th scope="col">{t('queue.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-case={c.id} className={c.overdue ? 'row-overdue' : undefined}>
              <td className="priority"><span className="priority-value">{c.priority}</span></td>
              <th scope="row">
                <Link href={`/console/cases/${c.id}`} className={isChildSafety(c.category) ? 'case-link child-safety' : 'case-link'}>
                  {say('case.category', c.category)}
                </Link>
                <CaseFlags kase={c} />
                <span className="muted small">{t('queue.opened', { time: formatDateTime(c.openedAt) })}</span>
              </th>
              <td>
                <span className="muted">{say('subject', c.subject.type)}</span> <code className="subject-id">{c.subject.id}</code>
              </td>
              <td>{say('case.status', c.status)}</td>
              <td><DueAt kase={c} /></td>
              <td data-testid="assignee">{staffName(c.assigneeId)}</td>
              <td>
                <div className="cell-actions">
                  <Link href={`/console/cases/${c.id}`} className="button-link-quiet">{t('queue.open')}</Link>
                  {canClaim && !c.assigneeId && c.status !== 'resolved' && (
                    <button type="button" className="button-quiet" disabled={claiming === c.id} onClick={() => onClaim(c)}>
                      {t('case.claim')}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
