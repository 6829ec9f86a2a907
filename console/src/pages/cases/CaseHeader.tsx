import type { CaseDetail } from '../../api/moderation';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n';
import { CaseFlags, DueAt } from './CaseBits';
import { useSay, useStaffName } from './labels';

/** The case at a glance: category, status, priority, time limit, holder; and the subject, linked to the account page. */
export function CaseHeader({ detail }: { detail: CaseDetail }) {
  const { t, formatDateTime, formatDate } = useI18n();
  const say = useSay();
  const staffName = useStaffName();
  const c = detail.case;
  const account = detail.subjectAccount;
  const isMember = c.subject.type === 'account' || c.subject.type === 'profile';
  return (
    <>
      <h1>
        {say('case.category', c.category)} <span className="tag" data-testid="case-status">{say('case.status', c.status)}</span>
      </h1>
      <p><CaseFlags kase={c} /></p>
      <div className="case-summary">
        <section className="panel" aria-labelledby="case-facts-title">
          <h2 id="case-facts-title">{t('case.factsTitle')}</h2>
          <dl className="facts">
            <dt>{t('case.priority')}</dt>
            <dd data-testid="case-priority">{c.priority}</dd>
            <dt>{t('case.due')}</dt>
            <dd><DueAt kase={c} /></dd>
            <dt>{t('case.assignee')}</dt>
            <dd data-testid="case-assignee">{staffName(c.assigneeId)}</dd>
            <dt>{t('case.opened')}</dt>
            <dd>{formatDateTime(c.openedAt)}</dd>
            {c.resolution && (
              <>
                <dt>{t('case.resolution')}</dt>
                <dd>{say('action.done', c.resolution)}</dd>
              </>
            )}
            <dt>{t('case.id')}</dt>
            <dd><code className="id">{c.id}</code></dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="case-subject-title">
          <h2 id="case-subject-title">{t('case.subjectTitle')}</h2>
          <dl className="facts">
            <dt>{t('case.subjectType')}</dt>
            <dd>{say('subject', c.subject.type)}</dd>
            <dt>{t('case.subjectId')}</dt>
            <dd>
              {isMember ? (
                <Link href={`/console/accounts/${encodeURIComponent(c.subject.id)}`}><code>{c.subject.id}</code></Link>
              ) : (
                <code>{c.subject.id}</code>
              )}
            </dd>
            {account && (
              <>
                <dt>{t('accounts.age')}</dt>
                <dd>{t('accounts.ageValue', { age: account.age, birthDate: formatDate(account.birthDate) })}</dd>
                <dt>{t('case.displayName')}</dt>
                <dd>{account.displayName}</dd>
                <dt>{t('accounts.restriction')}</dt>
                <dd>{account.restriction ? say('accounts.restriction', account.restriction) : t('accounts.restriction.none')}</dd>
              </>
            )}
          </dl>
          {isMember && !account && <p className="muted">{t('case.subjectUnknown')}</p>}
        </section>
      </div>
    </>
  );
}
