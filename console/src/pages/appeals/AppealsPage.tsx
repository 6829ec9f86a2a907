import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, query, type Problem } from '../../api/client';
import { appealStatuses, type AppealList, type AppealSummary } from '../../api/moderation';
import { Link, usePath } from '../../app/router';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { useI18n, usePageTitle } from '../../i18n';
import { AppealItem } from './AppealItem';

const BASE = '/console/appeals/';
const PAGE_SIZE = 25;

/**
 * Appeals (DSA Art. 20) at /console/appeals: the open ones first (oldest first, as the API lists
 * them), the decided ones through the filter; each with the decision it contests and a form to
 * uphold or reverse it. /console/appeals/<id> shows one appeal (the case view links there).
 */
export function AppealsPage() {
  const { t } = useI18n();
  usePageTitle('appeals.title');
  const path = usePath();
  const single = path.startsWith(BASE) ? decodeURIComponent(path.slice(BASE.length)) : null;
  return (
    <>
      <h1>{t('appeals.title')}</h1>
      <p className="lead">{t('appeals.description')}</p>
      {single ? <OneAppeal id={single} /> : <AppealListView />}
    </>
  );
}

function OneAppeal({ id }: { id: string }) {
  const { t } = useI18n();
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  return (
    <>
      <p><Link href="/console/appeals">{t('appeals.all')}</Link></p>
      {valid ? <ul className="decision-list appeal-list"><AppealItem id={id} /></ul> : <p className="alert" role="status">{t('appeals.notFound')}</p>}
    </>
  );
}

function AppealListView() {
  const { t } = useI18n();
  // '' lists every appeal, decided or not.
  const [status, setStatus] = useState<string>('open');
  const [items, setItems] = useState<AppealSummary[] | null>(null);
  const [nextAfter, setNextAfter] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  const load = useCallback(async (after?: string) => {
    const request = ++latest.current;
    setBusy(true);
    try {
      const page = await api<AppealList>('GET', `/appeals${query({ status: status || undefined, after, limit: PAGE_SIZE })}`);
      if (request !== latest.current) return;
      setItems((before) => (after && before ? [...before, ...page.items] : page.items));
      setNextAfter(page.nextAfter);
      setProblem(null);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    } finally {
      if (request === latest.current) setBusy(false);
    }
  }, [status]);

  useEffect(() => {
    setItems(null);
    setNextAfter(null);
    void load();
  }, [load]);

  if (problem?.code === 'two-factor-required') return <TwoFactorNeeded />;
  return (
    <>
      <form className="filters appeal-filters" aria-label={t('appeals.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('appeals.show')}>
          {(control) => (
            <select {...control} value={status} onChange={(e) => setStatus(e.target.value)}>
              {appealStatuses.map((s) => <option key={s} value={s}>{t(`appeals.show.${s}`)}</option>)}
              <option value="">{t('appeals.show.all')}</option>
            </select>
          )}
        </Field>
      </form>
      <ProblemAlert problem={problem} />
      <p role="status" className="muted">
        {items === null ? t('common.loading') : t(nextAfter ? 'appeals.countMore' : 'appeals.count', { count: items.length })}
      </p>
      {items?.length === 0 && <p>{t('appeals.none')}</p>}
      {items && items.length > 0 && (
        <ul className="decision-list appeal-list">
          {items.map((a) => <AppealItem key={a.id} id={a.id} />)}
        </ul>
      )}
      {nextAfter && (
        <div className="actions">
          <button type="button" className="button-quiet" disabled={busy} onClick={() => void load(nextAfter)}>{t('appeals.more')}</button>
        </div>
      )}
    </>
  );
}
