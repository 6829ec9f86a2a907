import { useState } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { WebhookEndpoint } from '../../api/webhooks';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/** One endpoint: where, what, on or off; switching it off asks first (pending deliveries then end failed). */
export function EndpointRow({ endpoint: e, onChanged }: { endpoint: WebhookEndpoint; onChanged: () => Promise<void> }) {
  const { t, formatDateTime } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const setEnabled = async (enabled: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      await send('PATCH /v1/webhooks/endpoints/{id}', { id: e.id }, { enabled });
      await onChanged();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-endpoint={e.id}>
      <th scope="row">
        <code className="id">{e.url}</code>
        {e.description && <><br /><span className="muted small">{e.description}</span></>}
      </th>
      <td>{e.eventTypes.map((type) => <code key={type} className="tag tag-plain">{type}</code>)}</td>
      <td><span className={e.enabled ? 'tag tag-active' : 'tag tag-disabled'}>{e.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}</span></td>
      <td>{formatDateTime(e.createdAt)}</td>
      <td>
        {e.enabled ? (
          <ConfirmButton
            label={t('webhooks.disable')} question={t('webhooks.disableQuestion', { url: e.url })} confirmLabel={t('webhooks.disable')}
            disabled={busy} onConfirm={() => setEnabled(false)}
          />
        ) : (
          <button type="button" className="button-quiet" disabled={busy} onClick={() => void setEnabled(true)}>{t('webhooks.enable')}</button>
        )}
        <ProblemAlert problem={problem} />
      </td>
    </tr>
  );
}
