import { useState, type FormEvent } from 'react';
import { api, asProblem, fieldError, type Problem } from '../api/client';
import type { Account } from '../api/types';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n';

export function AccountLookupPage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const [externalId, setExternalId] = useState('');
  const [account, setAccount] = useState<Account | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = externalId.trim();
    if (!id) return;
    setBusy(true);
    setProblem(null);
    setAccount(null);
    try {
      setAccount(await api<Account>('GET', `/accounts/${encodeURIComponent(id)}`));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('accounts.title')}</h1>
      <p className="lead">{t('accounts.description')}</p>
      <form className="inline-form" onSubmit={submit}>
        <Field label={t('accounts.externalId')} hint={t('accounts.externalIdHint')} error={fieldError(problem, 'externalId')}>
          {(control) => <input {...control} required value={externalId} onChange={(e) => setExternalId(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy}>{t('accounts.lookUp')}</button>
      </form>
      {problem?.status === 404 ? (
        <p role="status" className="alert">{t('accounts.notFound', { id: externalId.trim() })}</p>
      ) : (
        <ProblemAlert problem={problem} />
      )}
      {account && (
        <section aria-labelledby="account-title" className="panel">
          <h2 id="account-title">{account.displayName}</h2>
          <dl className="facts">
            <dt>{t('accounts.externalId')}</dt>
            <dd><code>{account.externalId}</code></dd>
            <dt>{t('accounts.age')}</dt>
            <dd>{t('accounts.ageValue', { age: account.age, birthDate: formatDate(account.birthDate) })}</dd>
            <dt>{t('accounts.status')}</dt>
            <dd>{account.status}</dd>
            <dt>{t('accounts.registered')}</dt>
            <dd>{formatDateTime(account.registeredAt)}</dd>
            <dt>{t('accounts.country')}</dt>
            <dd>{account.country ?? '—'}</dd>
            <dt>{t('accounts.locale')}</dt>
            <dd>{account.locale ?? '—'}</dd>
          </dl>
        </section>
      )}
    </>
  );
}
