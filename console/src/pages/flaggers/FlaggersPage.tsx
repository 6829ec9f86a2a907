import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { TrustedFlagger } from '../../api/moderation';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, usePageTitle } from '../../i18n';
import { CreateFlaggerForm } from './CreateFlaggerForm';
import { FlaggerRow } from './FlaggerRow';

/**
 * Trusted flaggers: organisations (net-walker groups) whose verified members' reports are marked
 * and prioritised, with how many of their decided reports were upheld. Admins add, verify or
 * revoke them and add member accounts; moderators and auditors read.
 */
export function FlaggersPage() {
  const { t } = useI18n();
  usePageTitle('flaggers.title');
  const { session } = useConsole();
  const isAdmin = session.staff.role === 'admin';
  const [items, setItems] = useState<TrustedFlagger[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: TrustedFlagger[] }>('GET', '/trusted-flaggers')).items);
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <h1>{t('flaggers.title')}</h1>
      <p className="lead">{t('flaggers.description')}</p>
      {isAdmin && <CreateFlaggerForm onCreated={load} />}
      <h2>{t('flaggers.listTitle')}</h2>
      <ProblemAlert problem={problem} />
      {items === null && !problem && <p role="status">{t('common.loading')}</p>}
      {items?.length === 0 && <p>{t('flaggers.none')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('flaggers.name')}</th>
                <th scope="col">{t('flaggers.state')}</th>
                <th scope="col">{t('flaggers.members')}</th>
                <th scope="col">{t('flaggers.reports')}</th>
                <th scope="col">{t('flaggers.accuracy')}</th>
                {isAdmin && <th scope="col">{t('flaggers.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((f) => <FlaggerRow key={f.id} flagger={f} isAdmin={isAdmin} onChanged={load} />)}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
