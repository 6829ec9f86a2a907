import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import { isChildSafety, type AppealDetail } from '../../api/moderation';
import { Link } from '../../app/router';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatementView } from '../../components/StatementView';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { useI18n } from '../../i18n';
import { caseWorkers, useSay, useStaffName } from '../cases/labels';
import { DecideAppealForm } from './DecideAppealForm';

/**
 * One appeal: when and how it came, the member's text, the decision it contests (action, rule,
 * reason, who decided and the statement of reasons), the outcome once decided, and the form to
 * decide it while it is open.
 */
export function AppealItem({ id }: { id: string }) {
  const { t, formatDateTime } = useI18n();
  const { session } = useConsole();
  const say = useSay();
  const staffName = useStaffName();
  const [appeal, setAppeal] = useState<AppealDetail | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setAppeal(await api<AppealDetail>('GET', `/appeals/${id}`));
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!appeal) {
    return (
      <li className="panel decision-item appeal-item" data-appeal={id}>
        {problem?.code === 'two-factor-required' ? <TwoFactorNeeded /> : problem?.status === 404 ? <p>{t('appeals.notFound')}</p> : <ProblemAlert problem={problem} />}
        {!problem && <p role="status">{t('common.loading')}</p>}
      </li>
    );
  }
  const a = appeal.action;
  const childSafety = isChildSafety(a.category);
  const mayDecide = (caseWorkers as readonly string[]).includes(session.staff.role);
  const titleId = `appeal-${appeal.id}-title`;
  return (
    <li className="panel decision-item appeal-item" data-appeal={appeal.id} data-status={appeal.status} aria-labelledby={titleId}>
      <h2 id={titleId}>
        {t('appeals.itemTitle', { action: say('action.done', a.action) })}{' '}
        {appeal.appellant === 'reporter' && <><span className="tag tag-plain" data-testid="appeal-by-reporter">{t('appeals.byReporter')}</span>{' '}</>}
        <span className={appeal.status === 'open' ? 'tag tag-unverified' : 'tag tag-plain'} data-testid="appeal-status">{t(`appeals.status.${appeal.status}`)}</span>
      </h2>
      <dl className="facts facts-compact">
        <dt>{t('appeals.received')}</dt>
        <dd>
          <time dateTime={appeal.receivedAt}>{formatDateTime(appeal.receivedAt)}</time>
          {' · '}{say('appeals.channel', appeal.channel)}
        </dd>
        <dt>{t('appeals.category')}</dt>
        <dd>
          {say('case.category', a.category)}
          {childSafety && <> <span className="tag tag-danger">{t('appeals.childSafety')}</span></>}
        </dd>
        <dt>{t('appeals.case')}</dt>
        <dd><Link href={`/console/cases/${a.caseId}`}>{t('appeals.openCase')}</Link></dd>
      </dl>

      <h3>{appeal.appellant === 'reporter' ? t('appeals.reporterText') : t('appeals.appellantText')}</h3>
      <blockquote className="appeal-text statement-facts">{appeal.text}</blockquote>

      <h3>{t('appeals.decision')}</h3>
      <dl className="facts facts-compact appeal-decision">
        <dt>{t('decisions.rule')}</dt>
        <dd>{a.rule ? <><code>{a.rule.code}</code> {a.rule.title}</> : '—'}</dd>
        <dt>{t('decisions.reason')}</dt>
        <dd className="statement-facts">{a.reason}</dd>
        <dt>{t('decisions.decided')}</dt>
        <dd>{t('decisions.decidedBy', { who: staffName(a.decidedBy), time: formatDateTime(a.decidedAt) })}</dd>
        <dt>{t('appeals.decisionState')}</dt>
        <dd><span className="tag" data-testid="appealed-action-status">{say('action.status', a.status)}</span></dd>
      </dl>
      {a.statement && (
        <details className="statement-box">
          <summary>{t('decisions.statement')}</summary>
          <StatementView statement={a.statement.dsa} redress={a.statement.redress} />
        </details>
      )}

      {appeal.status !== 'open' && (
        <>
          <h3>{t('appeals.outcome')}</h3>
          <dl className="facts facts-compact appeal-outcome">
            <dt>{t('appeals.outcome')}</dt>
            <dd>{t(`appeals.status.${appeal.status}`)} · {t('appeals.outcomeBy', { who: staffName(appeal.decidedBy), time: formatDateTime(appeal.decidedAt) })}</dd>
            <dt>{t('appeals.outcomeReason')}</dt>
            <dd className="statement-facts">{appeal.decisionReason}</dd>
          </dl>
        </>
      )}
      {done && <p role="status" className="alert alert-ok" data-testid="appeal-done">{done}</p>}
      {appeal.status === 'open' && mayDecide && (
        <DecideAppealForm
          appeal={appeal}
          childSafety={childSafety}
          onDecided={async (result) => {
            // The appeal as it now stands first, then the message: never "reversed" beside an open appeal.
            await load();
            setDone(t(`appeals.done.${result.appeal.status === 'reversed' ? 'reversed' : 'upheld'}`, { status: say('case.status', result.case.status) }));
          }}
        />
      )}
    </li>
  );
}
