import { useState } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { WebhookDelivery } from '../../api/webhooks';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/** One delivery: when, what, where, how it went, its attempts, and "Redeliver" once it is no longer pending. */
export function DeliveryRow({ delivery: d, endpointUrl, onRedelivered }: {
  delivery: WebhookDelivery;
  endpointUrl: string;
  onRedelivered: (next: WebhookDelivery) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const redeliver = async () => {
    setBusy(true);
    setProblem(null);
    try {
      onRedelivered(await send('POST /v1/webhooks/deliveries/{id}/redeliver', { id: d.id }));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const statusClass = d.status === 'succeeded' ? 'tag tag-active' : d.status === 'failed' ? 'tag tag-danger' : 'tag tag-warning';
  return (
    <tr data-delivery={d.id} data-status={d.status}>
      <td>{formatDateTime(d.createdAt)}</td>
      <td><code>{d.eventType}</code><br /><code className="id muted">{d.messageId}</code></td>
      <td><code className="id">{endpointUrl}</code></td>
      <td>
        <span className={statusClass}>{t(`webhooks.status.${d.status}`)}</span>
        {d.status === 'pending' && d.nextAttemptAt && <><br /><span className="muted small">{t('webhooks.nextAttempt', { time: formatDateTime(d.nextAttemptAt) })}</span></>}
        {d.lastError && <><br /><span className="muted small">{d.lastError}</span></>}
      </td>
      <td>
        <details>
          <summary>{t('webhooks.attemptCount', { count: d.attemptCount })}</summary>
          <ol className="attempts">
            {d.attempts.map((a) => (
              <li key={a.id}>
                {formatDateTime(a.attemptedAt)}: {a.statusCode ?? t('webhooks.noResponse')} · {t('webhooks.duration', { ms: a.durationMs })}
                {a.error && <> · <span className="muted">{a.error}</span></>}
              </li>
            ))}
          </ol>
        </details>
      </td>
      <td>
        <button type="button" className="button-quiet" disabled={busy || d.status === 'pending'} onClick={() => void redeliver()}>
          {t('webhooks.redeliver')}
        </button>
        <ProblemAlert problem={problem} />
      </td>
    </tr>
  );
}
