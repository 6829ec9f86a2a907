import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, query, type Problem } from '../../api/client';
import { deliveryStatuses, type DeliveryPage, type WebhookDelivery, type WebhookEndpoint } from '../../api/webhooks';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { DeliveryRow } from './DeliveryRow';

/** Every delivery, newest first, with its attempts; filter by status or endpoint; page back with "Older". */
export function DeliveryLog({ endpoints, reload }: { endpoints: readonly WebhookEndpoint[]; reload: number }) {
  const { t } = useI18n();
  const [status, setStatus] = useState('');
  const [endpointId, setEndpointId] = useState('');
  const [items, setItems] = useState<WebhookDelivery[] | null>(null);
  const [before, setBefore] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const latest = useRef(0);

  const load = useCallback(async (older?: string) => {
    const request = ++latest.current;
    try {
      const page = await api<DeliveryPage>('GET', `/webhooks/deliveries${query({ status, endpointId, before: older, limit: 50 })}`);
      if (request !== latest.current) return;
      setItems((shown) => (older && shown ? [...shown, ...page.items] : page.items));
      setBefore(page.nextBefore);
      setProblem(null);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    }
  }, [status, endpointId]);

  useEffect(() => {
    void load();
  }, [load, reload]);

  const replaced = (next: WebhookDelivery) => setItems((shown) => shown?.map((d) => (d.id === next.id ? next : d)) ?? null);
  const urlOf = (id: string) => endpoints.find((e) => e.id === id)?.url ?? id;

  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t('webhooks.deliveriesTitle')}</h2>
      <form className="filters" aria-label={t('webhooks.deliveryFilters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('webhooks.deliveryStatus')}>
          {(control) => (
            <select {...control} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('webhooks.any')}</option>
              {deliveryStatuses.map((s) => <option key={s} value={s}>{t(`webhooks.status.${s}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('webhooks.endpoint')}>
          {(control) => (
            <select {...control} value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
              <option value="">{t('webhooks.any')}</option>
              {endpoints.map((e) => <option key={e.id} value={e.id}>{e.url}</option>)}
            </select>
          )}
        </Field>
        <div className="actions">
          <button type="button" className="button-quiet" onClick={() => void load()}>{t('webhooks.refresh')}</button>
        </div>
      </form>
      <ProblemAlert problem={problem} />
      {items?.length === 0 && <p>{t('webhooks.noDeliveries')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="delivery-table">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.created')}</th>
                <th scope="col">{t('webhooks.event')}</th>
                <th scope="col">{t('webhooks.endpoint')}</th>
                <th scope="col">{t('webhooks.deliveryStatus')}</th>
                <th scope="col">{t('webhooks.attempts')}</th>
                <th scope="col">{t('webhooks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => <DeliveryRow key={d.id} delivery={d} endpointUrl={urlOf(d.endpointId)} onRedelivered={replaced} />)}
            </tbody>
          </table>
        </div>
      )}
      {before && (
        <div className="actions">
          <button type="button" className="button-quiet" onClick={() => void load(before)}>{t('audit.older')}</button>
        </div>
      )}
    </section>
  );
}
