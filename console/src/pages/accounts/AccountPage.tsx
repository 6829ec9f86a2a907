import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, asProblem, fieldError, type Problem } from '../../api/client';
import type { Account, AccountOverview } from '../../api/types';
import { navigate, usePath } from '../../app/router';
import { useConsole } from '../../app/session';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { AccountFacts } from './AccountFacts';
import { CaseList } from './Cases';
import { ContactStatistics, SignalList } from './Signals';
import { Strikes } from './Strikes';

const BASE = '/console/accounts';

type Found =
  | { kind: 'overview'; overview: AccountOverview }
  /** The session lacks two-factor: only the basic account (or null when there is none). */
  | { kind: 'basic'; account: Account | null };

const hasActivity = (o: AccountOverview) =>
  Object.values(o.statistics).some((n) => n > 0) || o.signals.length > 0 || o.cases.length > 0;

/**
 * A member by the platform's id, at /console/accounts/<id> (a link can be shared): who they are,
 * their contact with minors, the signals they cross now, and their cases. The overview names
 * minors, so the server gives it only to a two-factor session; without one, the page explains
 * that and shows the basic account.
 */
export function AccountPage() {
  const { t } = useI18n();
  const { session, setUpTwoFactor } = useConsole();
  const path = usePath();
  const id = path.startsWith(`${BASE}/`) ? decodeURIComponent(path.slice(BASE.length + 1)) : '';
  const [input, setInput] = useState(id);
  const [found, setFound] = useState<Found | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const latest = useRef(0);

  useEffect(() => setInput(id), [id]);

  useEffect(() => {
    const request = ++latest.current;
    setFound(null);
    setProblem(null);
    setBusy(Boolean(id));
    if (!id) return;
    const mine = () => request === latest.current;
    const encoded = encodeURIComponent(id);
    (async () => {
      try {
        const overview = await api<AccountOverview>('GET', `/accounts/${encoded}/overview`);
        if (mine()) setFound({ kind: 'overview', overview });
      } catch (error) {
        const first = asProblem(error);
        if (first.code !== 'two-factor-required') {
          if (mine()) setProblem(first);
          return;
        }
        try {
          const account = await api<Account>('GET', `/accounts/${encoded}`);
          if (mine()) setFound({ kind: 'basic', account });
        } catch (second) {
          const p = asProblem(second);
          if (!mine()) return;
          if (p.status === 404) setFound({ kind: 'basic', account: null });
          else setProblem(p);
        }
      } finally {
        if (mine()) setBusy(false);
      }
    })();
  }, [id, reload]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = input.trim();
    if (!wanted) return;
    if (wanted === id) setReload((n) => n + 1);
    else navigate(`${BASE}/${encodeURIComponent(wanted)}`);
  };

  const account = found?.kind === 'overview' ? found.overview.account : found?.account ?? null;
  const overview = found?.kind === 'overview' ? found.overview : null;
  const unknown = found !== null && account === null && !(overview && hasActivity(overview));

  return (
    <>
      <h1>{t('accounts.title')}</h1>
      <p className="lead">{t('accounts.description')}</p>
      <form className="inline-form" onSubmit={submit}>
        <Field label={t('accounts.externalId')} hint={t('accounts.externalIdHint')} error={fieldError(problem, 'externalId')}>
          {(control) => <input {...control} required value={input} onChange={(e) => setInput(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy}>{t('accounts.lookUp')}</button>
      </form>
      {busy && <p role="status">{t('common.loading')}</p>}
      <ProblemAlert problem={problem} />
      {found?.kind === 'basic' && (
        <div className="alert alert-urgent" role="note" aria-labelledby="two-factor-title">
          <p className="alert-title" id="two-factor-title">{t('accounts.twoFactorTitle')}</p>
          <p>{t('accounts.twoFactorWhy')}</p>
          {session.staff.twoFactorEnabled ? (
            <p>{t('accounts.twoFactorSignInAgain')}</p>
          ) : (
            <>
              <p>{t('accounts.twoFactorNotEnrolled')}</p>
              <button type="button" onClick={setUpTwoFactor}>{t('accounts.twoFactorSetUp')}</button>
            </>
          )}
        </div>
      )}
      {unknown && <p role="status" className="alert">{t('accounts.notFound', { id })}</p>}
      {overview && !account && !unknown && <p role="status" className="alert">{t('accounts.notRegistered', { id })}</p>}
      {account && <AccountFacts account={account} />}
      {account && <Strikes externalId={account.externalId} />}
      {overview && !unknown && (
        <>
          <ContactStatistics values={overview.statistics} />
          <SignalList signals={overview.signals} />
          <CaseList cases={overview.cases} />
        </>
      )}
    </>
  );
}
