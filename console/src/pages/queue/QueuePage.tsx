import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, query, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { Case, CasePage, Category } from '../../api/moderation';
import { navigate } from '../../app/router';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { useI18n, usePageTitle } from '../../i18n';
import { caseWorkers } from '../cases/labels';
import { categoryParam, noFilter, QueueFilters, type QueueFilter } from './QueueFilters';
import { QueueTable } from './QueueTable';

const PAGE = 25;

/**
 * The moderation queue: open cases, most urgent first (the server's order: priority and waiting
 * time), with filters, "Take next case" to split the work among moderators, Claim, and keyset
 * paging with "More". Cases hold child-safety data: the server wants a two-factor session.
 */
export function QueuePage() {
  const { t } = useI18n();
  usePageTitle('queue.title');
  const { session } = useConsole();
  const canWork = (caseWorkers as readonly string[]).includes(session.staff.role);
  const [filter, setFilter] = useState<QueueFilter>(noFilter);
  const [items, setItems] = useState<Case[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [claiming, setClaiming] = useState<string | null>(null);
  const latest = useRef(0);

  const params = useCallback((after?: string) => query({
    status: filter.status, category: categoryParam(filter.category), assignee: filter.assignee,
    overdue: filter.overdue ? 'true' : undefined, limit: PAGE, cursor: after,
  }), [filter]);

  const load = useCallback(async (after?: string) => {
    const request = ++latest.current;
    setBusy(true);
    try {
      const page = await api<CasePage>('GET', `/cases${params(after)}`);
      if (request !== latest.current) return;
      setItems((shown) => (after && shown ? [...shown, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setProblem(null);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    } finally {
      if (request === latest.current) setBusy(false);
    }
  }, [params]);

  useEffect(() => {
    void load();
  }, [load]);

  const takeNext = async () => {
    setNotice(null);
    setProblem(null);
    try {
      // The filter's choices are the server's categories (or the child-safety four).
      const category = categoryParam(filter.category)?.split(',') as Category[] | undefined;
      const next = await send('POST /v1/cases/next', category ? { category } : {});
      if (next) navigate(`/console/cases/${next.id}`);
      else setNotice(t('queue.nothingNext'));
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const claim = async (c: Case) => {
    setClaiming(c.id);
    setNotice(null);
    try {
      const claimed = await send('POST /v1/cases/{id}/claim', { id: c.id });
      setItems((shown) => shown?.map((x) => (x.id === claimed.id ? claimed : x)) ?? null);
      setNotice(t('queue.claimed'));
    } catch (error) {
      setProblem(asProblem(error));
      void load();
    } finally {
      setClaiming(null);
    }
  };

  if (problem?.code === 'two-factor-required') {
    return (
      <>
        <h1>{t('queue.title')}</h1>
        <TwoFactorNeeded />
      </>
    );
  }
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <p className="lead">{t('queue.description')}</p>
      {canWork && (
        <div className="actions">
          <button type="button" onClick={() => void takeNext()}>{t('queue.takeNext')}</button>
          <span className="muted">{t('queue.takeNextHint')}</span>
        </div>
      )}
      <QueueFilters value={filter} onChange={(next) => { setNotice(null); setFilter(next); }} />
      <ProblemAlert problem={problem} />
      <p role="status" className="muted">
        {items === null ? t('common.loading') : t(cursor ? 'queue.countMore' : 'queue.count', { count: items.length })}
      </p>
      <p role="status" className={notice ? 'alert alert-ok' : 'visually-hidden'}>{notice ?? ''}</p>
      {items && items.length === 0 && <p>{t('queue.empty')}</p>}
      {items && items.length > 0 && <QueueTable items={items} canClaim={canWork} claiming={claiming} onClaim={(c) => void claim(c)} />}
      {cursor && (
        <div className="actions">
          <button type="button" className="button-quiet" disabled={busy} onClick={() => void load(cursor)}>{t('queue.more')}</button>
        </div>
      )}
    </>
  );
}
