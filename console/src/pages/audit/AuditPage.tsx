import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, asProblem, query, type Problem } from '../../api/client';
import type { EventPage, ModerationEvent } from '../../api/types';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { listAllStaff } from '../staff/StaffPage';
import { AuditFilters, emptyFilter, filterQuery, type AuditFilter } from './AuditFilters';
import { AuditTable, type StaffDirectory } from './AuditTable';
import { VerifyChain } from './VerifyChain';

const PAGE_SIZE = 50;

export function AuditPage() {
  const { t } = useI18n();
  const { session } = useConsole();
  const [filter, setFilter] = useState<AuditFilter>(emptyFilter);
  const [events, setEvents] = useState<ModerationEvent[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const [directory, setDirectory] = useState<StaffDirectory>(new Map());
  // A newer search wins over a slower, older one.
  const latest = useRef(0);

  const load = useCallback(async (applied: AuditFilter, before?: number) => {
    const request = ++latest.current;
    setLoading(true);
    setProblem(null);
    try {
      const page = await api<EventPage>('GET', `/audit/events${query({ ...filterQuery(applied), before, limit: PAGE_SIZE })}`);
      if (request !== latest.current) return;
      setEvents((shown) => (before === undefined ? page.items : [...shown, ...page.items]));
      setNextBefore(page.nextBefore);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(emptyFilter);
  }, [load]);

  // Only admins may list staff; other readers see ids.
  const isAdmin = session.staff.role === 'admin';
  useEffect(() => {
    if (!isAdmin) return;
    listAllStaff().then(
      (staff) => setDirectory(new Map(staff.map((s) => [s.id, s.email]))),
      () => setDirectory(new Map()),
    );
  }, [isAdmin]);

  const knownTypes = useMemo(() => {
    const types = new Set(events.map((e) => e.type));
    const prefixes = new Set([...types].map((type) => `${type.split('.')[0]}.*`));
    return [...prefixes, ...types].sort();
  }, [events]);

  const apply = (next: AuditFilter) => {
    setFilter(next);
    void load(next);
  };

  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.description')}</p>
      <VerifyChain />
      <AuditFilters problem={problem} knownTypes={knownTypes} onApply={apply} />
      <ProblemAlert problem={problem} />
      <h2 className="visually-hidden">{t('audit.results')}</h2>
      {events.length > 0 ? (
        <AuditTable events={events} directory={directory} />
      ) : (
        !loading && !problem && <p>{t('audit.none')}</p>
      )}
      <div className="actions" aria-live="polite">
        {loading && <span role="status">{t('common.loading')}</span>}
        {!loading && nextBefore !== null && (
          <button type="button" onClick={() => void load(filter, nextBefore)}>{t('audit.older')}</button>
        )}
        {!loading && events.length > 0 && nextBefore === null && <span className="muted">{t('audit.end')}</span>}
      </div>
    </>
  );
}
