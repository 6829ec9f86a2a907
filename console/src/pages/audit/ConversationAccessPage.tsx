import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, asProblem, fieldError, query, type Problem } from '../../api/client';
import { Link } from '../../app/router';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isMessageKey, useI18n } from '../../i18n';

export interface AccessEntry {
  seq: number;
  occurredAt: string;
  kind: string;
  staff: { id: string | null; email: string | null; role: string | null };
  caseId: string | null;
  conversationId: string | null;
  anchorMessageId: string | null;
  firstMessageId: string | null;
  lastMessageId: string | null;
  messages: number;
  reason: string;
  viewReason: string | null;
  refusal: string | null;
}

interface Filter {
  staffId: string;
  caseId: string;
  /** datetime-local values, in the viewer's time zone */
  from: string;
  to: string;
}

const empty: Filter = { staffId: '', caseId: '', from: '', to: '' };
const PAGE_SIZE = 50;
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The access report (auditors, admins): every reading of a conversation, newest first. */
export function ConversationAccessPage() {
  const { t, formatDateTime } = useI18n();
  const [filter, setFilter] = useState<Filter>(empty);
  const [entries, setEntries] = useState<AccessEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const load = useCallback(async (applied: Filter, before?: number) => {
    const request = ++latest.current;
    setLoading(true);
    setProblem(null);
    try {
      const page = await api<{ items: AccessEntry[]; nextBefore: number | null }>('GET', `/audit/conversation-access${query({
        staffId: applied.staffId.trim(), caseId: applied.caseId.trim(), from: instant(applied.from), to: instant(applied.to), before, limit: PAGE_SIZE,
      })}`);
      if (request !== latest.current) return;
      setEntries((shown) => (before === undefined ? page.items : [...shown, ...page.items]));
      setNextBefore(page.nextBefore);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(empty);
  }, [load]);

  const set = (key: keyof Filter) => (e: { target: { value: string } }) => setFilter({ ...filter, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load(filter);
  };
  const kind = (k: string) => {
    const key = `conversationAccess.kind.${k}`;
    return isMessageKey(key) ? t(key) : k;
  };

  return (
    <>
      <h1>{t('conversationAccess.title')}</h1>
      <p className="lead">{t('conversationAccess.description')}</p>
      <form className="panel filters" onSubmit={submit} aria-label={t('conversationAccess.title')}>
        <Field label={t('conversationAccess.staffId')} error={fieldError(problem, 'staffId')}>
          {(control) => <input {...control} value={filter.staffId} onChange={set('staffId')} />}
        </Field>
        <Field label={t('conversationAccess.caseId')} error={fieldError(problem, 'caseId')}>
          {(control) => <input {...control} value={filter.caseId} onChange={set('caseId')} />}
        </Field>
        <Field label={t('conversationAccess.from')} error={fieldError(problem, 'from')}>
          {(control) => <input {...control} type="datetime-local" value={filter.from} onChange={set('from')} />}
        </Field>
        <Field label={t('conversationAccess.to')} error={fieldError(problem, 'to')}>
          {(control) => <input {...control} type="datetime-local" value={filter.to} onChange={set('to')} />}
        </Field>
        <div className="actions"><button type="submit">{t('conversationAccess.apply')}</button></div>
      </form>
      <ProblemAlert problem={problem} />
      {entries.length > 0 ? (
        <div className="table-wrap">
          <table className="audit-table access-report">
            <thead>
              <tr>
                <th scope="col">{t('conversationAccess.time')}</th>
                <th scope="col">{t('conversationAccess.who')}</th>
                <th scope="col">{t('conversationAccess.what')}</th>
                <th scope="col">{t('conversationAccess.why')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td><time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time><div className="muted">{kind(e.kind)}</div></td>
                  <td>
                    {e.staff.email ?? <code className="id">{e.staff.id}</code>}
                    {e.staff.role && isMessageKey(`role.${e.staff.role}`) && <div className="muted">{t(`role.${e.staff.role}` as 'role.admin')}</div>}
                  </td>
                  <td>
                    {e.caseId && <Link href={`/console/cases/${e.caseId}`}><code className="id">{e.caseId}</code></Link>}
                    {e.conversationId && <div><code>{e.conversationId}</code></div>}
                    {e.messages > 0 && <div className="muted">{t('conversationAccess.range', { count: e.messages, first: e.firstMessageId ?? '', last: e.lastMessageId ?? '' })}</div>}
                    {e.refusal && <div className="muted"><code>{e.refusal}</code></div>}
                  </td>
                  <td>
                    {e.reason}
                    {e.viewReason && <div className="muted">{t('conversationAccess.viewReason', { reason: e.viewReason })}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        !loading && !problem && <p>{t('conversationAccess.none')}</p>
      )}
      <div className="actions" aria-live="polite">
        {loading && <span role="status">{t('common.loading')}</span>}
        {!loading && nextBefore !== null && <button type="button" onClick={() => void load(filter, nextBefore)}>{t('conversationAccess.older')}</button>}
        {!loading && entries.length > 0 && nextBefore === null && <span className="muted">{t('conversationAccess.end')}</span>}
      </div>
    </>
  );
}
