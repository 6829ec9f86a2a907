import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { WebhookEndpoint, WebhookEventType } from '../../api/webhooks';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, usePageTitle } from '../../i18n';
import { CreateEndpointForm } from './CreateEndpointForm';
import { DeliveryLog } from './DeliveryLog';
import { EndpointRow } from './EndpointRow';

/**
 * Webhooks tell the platform about decisions (signed, retried for a day and more). Admins register
 * endpoints and their event types (the signing secret is shown once), switch them on and off, and
 * read the delivery log with every attempt, sending a failed delivery again when the platform is back.
 */
export function WebhooksPage() {
  const { t } = useI18n();
  usePageTitle('webhooks.title');
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [eventTypes, setEventTypes] = useState<WebhookEventType[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [reloadLog, setReloadLog] = useState(0);

  const load = useCallback(async () => {
    try {
      const [list, types] = await Promise.all([
        api<{ items: WebhookEndpoint[] }>('GET', '/webhooks/endpoints?limit=200'),
        api<{ items: WebhookEventType[] }>('GET', '/webhooks/event-types'),
      ]);
      setEndpoints(list.items);
      setEventTypes(types.items);
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = async () => {
    await load();
    setReloadLog((n) => n + 1);
  };

  return (
    <>
      <h1>{t('webhooks.title')}</h1>
      <p className="lead">{t('webhooks.description')}</p>
      <CreateEndpointForm eventTypes={eventTypes} onCreated={changed} />
      <h2>{t('webhooks.endpointsTitle')}</h2>
      <ProblemAlert problem={problem} />
      {endpoints === null && !problem && <p role="status">{t('common.loading')}</p>}
      {endpoints?.length === 0 && <p>{t('webhooks.none')}</p>}
      {endpoints && endpoints.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.url')}</th>
                <th scope="col">{t('webhooks.eventTypes')}</th>
                <th scope="col">{t('webhooks.state')}</th>
                <th scope="col">{t('webhooks.created')}</th>
                <th scope="col">{t('webhooks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => <EndpointRow key={e.id} endpoint={e} onChanged={changed} />)}
            </tbody>
          </table>
        </div>
      )}
      {endpoints && <DeliveryLog endpoints={endpoints} reload={reloadLog} />}
    </>
  );
}
