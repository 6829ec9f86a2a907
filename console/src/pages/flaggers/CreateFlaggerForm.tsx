import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/** A new organisation: not yet verified, so its reports do not count as trusted until an admin verifies it. */
export function CreateFlaggerForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      await send('POST /v1/trusted-flaggers', { name: name.trim(), ...(email.trim() ? { contactEmail: email.trim() } : {}) });
      const created = t('flaggers.created', { name: name.trim() });
      setName('');
      setEmail('');
      await onCreated();
      setDone(created);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="create-flagger-title">
      <h2 id="create-flagger-title">{t('flaggers.createTitle')}</h2>
      <p className="muted">{t('flaggers.createHint')}</p>
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <div className="form-row">
          <Field label={t('flaggers.name')} error={fieldError(problem, 'name')}>
            {(control) => <input {...control} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('flaggers.contactEmail')} error={fieldError(problem, 'contactEmail')}>
            {(control) => <input {...control} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy || !name.trim()}>{t('flaggers.create')}</button>
          <span role="status" className="muted">{done ?? ''}</span>
        </div>
      </form>
    </section>
  );
}
