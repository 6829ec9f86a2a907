import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, query, type Problem } from '../../api/client';
import { evidenceOpeners, type MatchLogEntry, type MatchLogPage } from '../../api/media';
import { Link } from '../../app/router';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { useI18n, usePageTitle } from '../../i18n';
import { useSay } from '../cases/labels';
import { EvidencePreview } from './EvidencePreview';

const verdictTag: Record<string, string> = { block: 'tag tag-danger', flag: 'tag tag-warning', allow: 'tag tag-plain' };

function MatchRow({ entry, canOpen }: { entry: MatchLogEntry; canOpen: boolean }) {
  const { t, formatDateTime } = useI18n();
  const say = useSay();
  return (
    <tr data-check={entry.checkId}>
      <td><time dateTime={entry.checkedAt}>{formatDateTime(entry.checkedAt)}</time></td>
      <td><span className={verdictTag[entry.verdict] ?? 'tag'}>{say('media.verdict', entry.verdict)}</span></td>
      <td>
        <ul className="match-list">
          {entry.matches.map((m) => (
            <li key={`${m.bank.id}-${m.type}`}>
              <strong>{m.bank.name}</strong>{' '}
              <span className="muted small">
                {t('media.matches.how', { type: say('media.hashType', m.type), distance: m.distance, action: say('media.action', m.action) })}
              </span>
              {m.label && <> · <code>{m.label}</code></>}
            </li>
          ))}
        </ul>
      </td>
      <td>
        {entry.accountId ? <Link href={`/console/accounts/${encodeURIComponent(entry.accountId)}`}><code>{entry.accountId}</code></Link> : '—'}
        {entry.contentId && <span className="muted small block">{t('media.matches.content', { id: entry.contentId })}</span>}
      </td>
      <td>{entry.caseId ? <Link href={`/console/cases/${entry.caseId}`}>{t('media.matches.openCase')}</Link> : '—'}</td>
      <td className="match-evidence">
        {!entry.evidenceId && '—'}
        {entry.evidenceId && (canOpen ? <EvidencePreview evidenceId={entry.evidenceId} /> : <span className="muted small">{t('media.matches.preserved')}</span>)}
      </td>
    </tr>
  );
}

/**
 * The match log: every upload that matched a bank, newest first, with the banks it matched,
 * the uploader, the case it opened and the preserved upload (hidden until opened with a reason).
 */
export function MatchesPage() {
  const { t } = useI18n();
  usePageTitle('media.matches.title');
  const { session } = useConsole();
  const canOpen = (evidenceOpeners as readonly string[]).includes(session.staff.role);
  const [items, setItems] = useState<MatchLogEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const latest = useRef(0);

  const load = useCallback(async (before?: string) => {
    const request = ++latest.current;
    try {
      const page = await api<MatchLogPage>('GET', `/media/matches${query({ limit: 50, before })}`);
      if (request !== latest.current) return;
      setItems((shown) => (before && shown ? [...shown, ...page.items] : page.items));
      setNext(page.next);
      setProblem(null);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (problem?.code === 'two-factor-required') {
    return <><h1>{t('media.matches.title')}</h1><TwoFactorNeeded /></>;
  }
  return (
    <>
      <h1>{t('media.matches.title')}</h1>
      <p className="lead">{t('media.matches.description')}</p>
      <div className="actions">
        <button type="button" className="button-quiet" onClick={() => void load()}>{t('media.matches.refresh')}</button>
      </div>
      <ProblemAlert problem={problem} />
      {items === null && !problem && <p role="status">{t('common.loading')}</p>}
      {items?.length === 0 && <p>{t('media.matches.none')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="match-table">
            <thead>
              <tr>
                <th scope="col">{t('media.matches.checked')}</th>
                <th scope="col">{t('media.matches.verdict')}</th>
                <th scope="col">{t('media.matches.matches')}</th>
                <th scope="col">{t('media.matches.uploader')}</th>
                <th scope="col">{t('media.matches.case')}</th>
                <th scope="col">{t('media.matches.evidence')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => <MatchRow key={entry.checkId} entry={entry} canOpen={canOpen} />)}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div className="actions">
          <button type="button" className="button-quiet" onClick={() => void load(next)}>{t('media.matches.older')}</button>
        </div>
      )}
    </>
  );
}
