import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { PublicStatement } from '../../api/moderation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatementView } from '../../components/StatementView';
import { isMessageKey, useI18n, usePageTitle } from '../../i18n';
import { Support } from '../report/Support';
import { AppealForm } from './AppealForm';

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The page behind a statement's link (/appeal/<token>): the decision and its statement of reasons,
 * with no personal data, and the form to appeal it (DSA Art. 20) while the window is open.
 */
export function AppealPage({ param: token }: { param: string }) {
  const { t, formatDateTime } = useI18n();
  usePageTitle('appeal.title');
  const [found, setFound] = useState<PublicStatement | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    if (!TOKEN.test(token)) return setProblem({ status: 404, code: 'not-found', detail: '' });
    try {
      setFound(await api<PublicStatement>('GET', `/public/statements/${encodeURIComponent(token)}`));
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, [token]);

  useEffect(() => {
    void load();
  }, [load]);

  const say = (prefix: string, value: string) => {
    const key = `${prefix}.${value}`;
    return isMessageKey(key) ? t(key) : value;
  };

  if (problem?.status === 404) {
    return (
      <>
        <h1>{t('appeal.title')}</h1>
        <p className="alert alert-error" role="alert">{t('appeal.notFound')}</p>
        <Support />
      </>
    );
  }
  return (
    <>
      <h1>{t('appeal.title')}</h1>
      <p className="lead">{t('appeal.intro')}</p>
      <ProblemAlert problem={problem} />
      {!found && !problem && <p role="status">{t('common.loading')}</p>}
      {found && (
        <>
          <section className="panel" aria-labelledby="decision-title">
            <h2 id="decision-title">{say('action.done', found.decision.action)}</h2>
            <p>
              {t('appeal.decidedAt', { time: formatDateTime(found.decision.decidedAt) })}
              {found.decision.endsAt && <> · {t('appeal.endsAt', { time: formatDateTime(found.decision.endsAt) })}</>}
              {' · '}<span className="tag">{say('action.status', found.decision.status)}</span>
            </p>
            <h3>{t('appeal.statementTitle')}</h3>
            <StatementView statement={found.statement} redress={found.redress} />
          </section>
          {found.appeal && (
            <section className="panel" aria-labelledby="appeal-state-title" data-appeal-status={found.appeal.status}>
              <h2 id="appeal-state-title">{t('appeal.yours')}</h2>
              <p>{t('appeal.receivedAt', { time: formatDateTime(found.appeal.receivedAt) })}</p>
              <p><strong>{say('appeal.status', found.appeal.status)}</strong></p>
              {found.appeal.decisionReason && <p className="statement-facts">{found.appeal.decisionReason}</p>}
            </section>
          )}
          {found.canAppeal && <AppealForm token={token} onAppealed={load} />}
          {!found.canAppeal && !found.appeal && <p className="alert">{t('appeal.closed')}</p>}
        </>
      )}
      <Support />
    </>
  );
}
