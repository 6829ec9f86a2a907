import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, query, type Problem } from '../../api/client';
import type { PolicyVersionWithChanges } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { ChangesTable } from './ChangesTable';

const PAGE_SIZE = 10;

/**
 * Every version, newest first, each with who saved it, when, why, and its changes against the one
 * before. Pages back with `before` (a version number). `reload` changes after a save.
 */
export function PolicyHistory({ reload, who }: { reload: number; who: (staffId: string | null) => string }) {
  const { t, formatDateTime } = useI18n();
  const [items, setItems] = useState<PolicyVersionWithChanges[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);
  const latest = useRef(0);

  const load = useCallback(async (before?: number) => {
    const request = ++latest.current;
    setLoading(true);
    setProblem(null);
    try {
      const page = await api<{ items: PolicyVersionWithChanges[] }>('GET', `/policy/versions${query({ limit: PAGE_SIZE, before })}`);
      if (request !== latest.current) return;
      setItems((shown) => (before === undefined ? page.items : [...shown, ...page.items]));
      const last = page.items.at(-1);
      setMore(page.items.length === PAGE_SIZE && last !== undefined && last.version > 0);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, reload]);

  return (
    <section aria-labelledby="policy-history-title">
      <h2 id="policy-history-title">{t('policy.history')}</h2>
      <p className="muted">{t('policy.historyIntro')}</p>
      <ProblemAlert problem={problem} />
      <ol className="history">
        {items.map((v) => {
          const title = t('policy.version', { version: v.version });
          return (
            <li key={v.version} className="panel" aria-labelledby={`policy-version-${v.version}`}>
              <h3 id={`policy-version-${v.version}`}>{title}</h3>
              {v.version === 0 ? (
                <p className="muted">{t('policy.builtIn')}</p>
              ) : (
                <>
                  <p className="muted">{t('policy.savedBy', { time: formatDateTime(v.createdAt), who: who(v.createdBy) })}</p>
                  {v.comment && (
                    <p className="policy-comment-text"><span className="visually-hidden">{t('policy.comment')}: </span>{v.comment}</p>
                  )}
                  {v.changes.length > 0 ? (
                    <ChangesTable changes={v.changes} caption={title} />
                  ) : (
                    <p>{t('policy.noChangesInVersion')}</p>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ol>
      <div className="actions" aria-live="polite">
        {loading && <span role="status">{t('common.loading')}</span>}
        {!loading && more && (
          <button type="button" onClick={() => void load(items.at(-1)?.version)}>{t('policy.older')}</button>
        )}
        {!loading && !more && items.length > 0 && <span className="muted">{t('policy.historyEnd')}</span>}
      </div>
    </section>
  );
}
