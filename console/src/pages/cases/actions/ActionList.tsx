import type { ModerationAction } from '../../../api/moderation';
import { Link } from '../../../app/router';
import { StatementView } from '../../../components/StatementView';
import { useI18n } from '../../../i18n';
import { useSay, useStaffName } from '../labels';
import { SecondReview } from './SecondReview';

/** The decisions on the case, newest first, each with its statement of reasons; a waiting dismissal with its second review. */
export function ActionList({ actions, suspensionSuggested, onChanged, appeals }: {
  actions: readonly ModerationAction[];
  suspensionSuggested: boolean;
  onChanged: () => Promise<void>;
  /** Action id to appeal id, for the roles that may open the Appeals page. */
  appeals?: ReadonlyMap<string, string>;
}) {
  const { t, formatDateTime } = useI18n();
  const say = useSay();
  const staffName = useStaffName();
  if (actions.length === 0) return null;
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('decisions.title')}</h2>
      {suspensionSuggested && <p className="alert alert-urgent">{t('act.suspensionSuggested')}</p>}
      <ul className="decision-list">
        {[...actions].reverse().map((a) => (
          <li key={a.id} className="panel decision-item" data-action={a.action} data-status={a.status}>
            <h3>
              {say('action.done', a.action)} <span className="tag">{say('action.status', a.status)}</span>
            </h3>
            <dl className="facts facts-compact">
              <dt>{t('decisions.rule')}</dt>
              <dd>{a.rule ? <><code>{a.rule.code}</code> {a.rule.title}</> : '—'}</dd>
              <dt>{t('decisions.reason')}</dt>
              <dd className="statement-facts">{a.reason}</dd>
              <dt>{t('decisions.decided')}</dt>
              <dd>{t('decisions.decidedBy', { who: staffName(a.decidedBy), time: formatDateTime(a.decidedAt) })}</dd>
              {a.secondReviewerId && (
                <>
                  <dt>{t('decisions.secondReviewer')}</dt>
                  <dd>{staffName(a.secondReviewerId)}</dd>
                </>
              )}
              {a.endsAt && (
                <>
                  <dt>{t('decisions.endsAt')}</dt>
                  <dd>{formatDateTime(a.endsAt)}</dd>
                </>
              )}
              {a.affectedExternalId && (
                <>
                  <dt>{t('decisions.member')}</dt>
                  <dd><code>{a.affectedExternalId}</code></dd>
                </>
              )}
            </dl>
            {appeals?.has(a.id) && (
              <p className="appeal-link"><Link href={`/console/appeals/${appeals.get(a.id)!}`}>{t('decisions.appealed')}</Link></p>
            )}
            {a.status === 'pending_second_review' && <SecondReview action={a} onChanged={onChanged} />}
            {a.statement ? (
              <details className="statement-box" open>
                <summary>{t('decisions.statement')}</summary>
                <StatementView statement={a.statement.dsa} redress={a.statement.redress} appealLink />
              </details>
            ) : (
              a.action === 'dismiss' && <p className="muted">{t('decisions.noStatement')}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
