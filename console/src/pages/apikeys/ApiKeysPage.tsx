import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { ApiKey } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { CreateApiKeyForm } from './CreateApiKeyForm';

export function ApiKeysPage() {
  const { t, formatDateTime } = useI18n();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    try {
      setKeys((await api<{ items: ApiKey[] }>('GET', '/api-keys?limit=200')).items);
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (key: ApiKey) => {
    try {
      await send('DELETE /v1/api-keys/{id}', { id: key.id });
      await load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  return (
    <>
      <h1>{t('apiKeys.title')}</h1>
      <p className="lead">{t('apiKeys.description')}</p>
      <CreateApiKeyForm onCreated={load} />
      <h2>{t('apiKeys.listTitle')}</h2>
      <ProblemAlert problem={problem} />
      {keys === null ? (
        !problem && <p role="status">{t('common.loading')}</p>
      ) : keys.length === 0 ? (
        <p>{t('apiKeys.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.name')}</th>
                <th scope="col">{t('apiKeys.prefix')}</th>
                <th scope="col">{t('apiKeys.scopes')}</th>
                <th scope="col">{t('apiKeys.created')}</th>
                <th scope="col">{t('apiKeys.lastUsed')}</th>
                <th scope="col">{t('apiKeys.state')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td><code>{key.prefix}</code></td>
                  <td>{key.scopes.map((s) => <code key={s} className="tag">{s}</code>)}</td>
                  <td>{formatDateTime(key.createdAt)}</td>
                  <td>{formatDateTime(key.lastUsedAt)}</td>
                  <td>
                    {key.revokedAt ? (
                      <span className="tag tag-disabled">{t('apiKeys.revokedAt', { time: formatDateTime(key.revokedAt) })}</span>
                    ) : (
                      <ConfirmButton
                        label={t('apiKeys.revoke')} question={t('apiKeys.revokeQuestion', { name: key.name })}
                        confirmLabel={t('apiKeys.revoke')} onConfirm={() => revoke(key)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
