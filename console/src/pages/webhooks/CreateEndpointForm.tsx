import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { EndpointWithSecret, WebhookEventType } from '../../api/webhooks';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ShownOnce } from '../../components/ShownOnce';
import { isMessageKey, useI18n } from '../../i18n';

/** A new endpoint: its URL, what it is for, and the events it receives; the signing secret is shown once. */
export function CreateEndpointForm({ eventTypes, onCreated }: { eventTypes: readonly WebhookEventType[]; onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<Set<WebhookEventType>>(new Set());
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<EndpointWithSecret | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (type: WebhookEventType) => {
    const next = new Set(chosen);
    if (next.has(type)) next.delete(type);
    else next.add(type);
    setChosen(next);
  };
  const explain = (type: string) => {
    const key = `webhooks.event.${type}`;
    return isMessageKey(key) ? t(key) : '';
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setCreated(null);
    try {
      setCreated(await send('POST /v1/webhooks/endpoints', {
        url: url.trim(), eventTypes: [...chosen], ...(description.trim() ? { description: description.trim() } : {}),
      }));
      setUrl('');
      setDescription('');
      setChosen(new Set());
      await onCreated();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const typesError = fieldError(problem, 'eventTypes');
  return (
    <section className="panel" aria-labelledby="create-endpoint-title">
      <h2 id="create-endpoint-title">{t('webhooks.createTitle')}</h2>
      {created && (
        <ShownOnce title={t('webhooks.secretTitle', { url: created.endpoint.url })} value={created.secret} testId="webhook-secret" onDismiss={() => setCreated(null)} />
      )}
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <div className="form-row">
          <Field label={t('webhooks.url')} hint={t('webhooks.urlHint')} error={fieldError(problem, 'url')}>
            {(control) => <input {...control} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />}
          </Field>
          <Field label={t('webhooks.descriptionField')} error={fieldError(problem, 'description')}>
            {(control) => <input {...control} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
        </div>
        <fieldset className={typesError ? 'field-invalid' : undefined} aria-describedby={typesError ? 'event-types-error' : undefined}>
          <legend>{t('webhooks.eventTypes')}</legend>
          {eventTypes.map((type) => (
            <label key={type} className="checkbox">
              <input type="checkbox" checked={chosen.has(type)} onChange={() => toggle(type)} />
              <code>{type}</code> <span className="muted">{explain(type)}</span>
            </label>
          ))}
          {typesError && <p id="event-types-error" className="field-error">{typesError}</p>}
        </fieldset>
        <button type="submit" disabled={busy}>{t('webhooks.create')}</button>
      </form>
    </section>
  );
}
