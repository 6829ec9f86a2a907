import { useState, type FormEvent } from 'react';
import { api, asProblem, fieldError, type Problem } from '../../api/client';
import type { HashHolder } from '../../api/media';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { useSay } from '../cases/labels';

/** "Is this hash in a bank?": every bank that holds it, withdrawn entries included. */
export function HashLookup() {
  const { t, formatDateTime } = useI18n();
  const say = useSay();
  const [hash, setHash] = useState('');
  const [asked, setAsked] = useState('');
  const [items, setItems] = useState<HashHolder[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = hash.trim().toLowerCase();
    setBusy(true);
    setProblem(null);
    try {
      setItems((await api<{ items: HashHolder[] }>('GET', `/hashes/${encodeURIComponent(value)}`)).items);
      setAsked(value);
    } catch (error) {
      setItems(null);
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="hash-lookup-title">
      <h2 id="hash-lookup-title">{t('media.lookup.title')}</h2>
      <form className="compact-form form-row" onSubmit={submit} noValidate>
        <Field label={t('media.lookup.hash')} hint={t('media.lookup.hint')} error={fieldError(problem, 'hash')}>
          {(control) => <input {...control} className="hash-input" spellCheck={false} value={hash} onChange={(e) => setHash(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy || !hash.trim()}>{t('media.lookup.submit')}</button>
        </div>
      </form>
      {problem && !fieldError(problem, 'hash') && <ProblemAlert problem={problem} />}
      {items?.length === 0 && <p role="status">{t('media.lookup.none', { hash: asked })}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="lookup-table">
            <caption className="muted">{t('media.lookup.found', { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('media.lookup.bank')}</th>
                <th scope="col">{t('media.hash.type')}</th>
                <th scope="col">{t('media.lookup.label')}</th>
                <th scope="col">{t('media.lookup.source')}</th>
                <th scope="col">{t('media.lookup.added')}</th>
                <th scope="col">{t('media.lookup.state')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((h) => (
                <tr key={`${h.bankId}-${h.type}`}>
                  <th scope="row">{h.bank}</th>
                  <td>{say('media.hashType', h.type)}</td>
                  <td>{h.label ?? '—'}</td>
                  <td><code>{h.source}</code></td>
                  <td>{formatDateTime(h.addedAt)}</td>
                  <td>
                    {h.withdrawnAt
                      ? <span className="tag tag-revoked">{t('media.lookup.withdrawnAt', { time: formatDateTime(h.withdrawnAt) })}</span>
                      : <span className="tag tag-active">{t('media.lookup.active')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
