import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { scopes, type Scope } from '../../api/types';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ShownOnce } from '../../components/ShownOnce';
import { useI18n } from '../../i18n';

/** A key for one integration, with only the scopes it needs; the key itself is shown once. */
export function CreateApiKeyForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<Set<Scope>>(new Set());
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (scope: Scope) => {
    const next = new Set(chosen);
    if (next.has(scope)) next.delete(scope);
    else next.add(scope);
    setChosen(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setCreated(null);
    try {
      const result = await send('POST /v1/api-keys', { name: name.trim(), scopes: [...chosen] });
      setCreated({ name: result.apiKey.name, key: result.key });
      setName('');
      setChosen(new Set());
      await onCreated();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const scopesError = fieldError(problem, 'scopes');
  return (
    <section className="panel" aria-labelledby="create-key-title">
      <h2 id="create-key-title">{t('apiKeys.createTitle')}</h2>
      {created && (
        <ShownOnce title={t('apiKeys.keyTitle', { name: created.name })} value={created.key} testId="api-key" onDismiss={() => setCreated(null)} />
      )}
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <Field label={t('apiKeys.name')} hint={t('apiKeys.nameHint')} error={fieldError(problem, 'name')}>
          {(control) => <input {...control} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset className={scopesError ? 'field-invalid' : undefined} aria-describedby={scopesError ? 'scopes-error' : undefined}>
          <legend>{t('apiKeys.scopes')}</legend>
          {scopes.map((scope) => (
            <label key={scope} className="checkbox">
              <input type="checkbox" checked={chosen.has(scope)} onChange={() => toggle(scope)} />
              <code>{scope}</code> <span className="muted">{t(`scope.${scope}`)}</span>
            </label>
          ))}
          {scopesError && <p id="scopes-error" className="field-error">{scopesError}</p>}
        </fieldset>
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('apiKeys.create')}</button>
      </form>
    </section>
  );
}
