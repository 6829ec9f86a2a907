import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { HashBank } from '../../api/media';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { useI18n, usePageTitle } from '../../i18n';
import { BankCard } from './BankCard';
import { CreateBankForm } from './CreateBankForm';
import { HashLookup } from './HashLookup';

/**
 * Hash banks: the lists of known images every upload is checked against (a clearinghouse's,
 * victims' own submissions, this platform's confirmed removals), with their counts and a hash
 * look-up. Admins create banks, import hash files, withdraw single hashes and export a bank.
 */
export function BanksPage() {
  const { t } = useI18n();
  usePageTitle('media.banks.title');
  const { session } = useConsole();
  const isAdmin = session.staff.role === 'admin';
  const [items, setItems] = useState<HashBank[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: HashBank[] }>('GET', '/banks')).items);
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (problem?.code === 'two-factor-required') {
    return <><h1>{t('media.banks.title')}</h1><TwoFactorNeeded /></>;
  }
  return (
    <>
      <h1>{t('media.banks.title')}</h1>
      <p className="lead">{t('media.banks.description')}</p>
      <HashLookup />
      {isAdmin && <CreateBankForm onCreated={load} />}
      <h2>{t('media.banks.listTitle')}</h2>
      <ProblemAlert problem={problem} />
      {items === null && !problem && <p role="status">{t('common.loading')}</p>}
      {items?.length === 0 && <p>{t('media.banks.none')}</p>}
      {items && items.length > 0 && (
        <ul className="bank-list">
          {items.map((b) => <BankCard key={b.id} bank={b} isAdmin={isAdmin} onChanged={load} />)}
        </ul>
      )}
    </>
  );
}
