import { useMemo, useState } from 'react';
import { api, query } from '../../api/client';
import { policeStates, type PoliceRequest } from '../../api/legal';
import { Field } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { offsetPages, usePages } from '../../components/usePages';
import { useI18n, usePageTitle } from '../../i18n';
import { PoliceIntakeForm } from './PoliceIntakeForm';
import { PoliceRequestItem } from './PoliceRequestItem';

/**
 * Police data requests at /console/police-requests, newest first: intake, legal's review with a
 * reason, and fulfilment as a signed export package. Every route is the legal role's, with two-factor.
 */
export function PoliceRequestsPage() {
  const { t } = useI18n();
  usePageTitle('police.title');
  const [status, setStatus] = useState('');
  const [intake, setIntake] = useState(false);
  const fetchPage = useMemo(
    () => offsetPages((limit, offset) => api<{ items: PoliceRequest[] }>('GET', `/police-requests${query({ status, limit, offset })}`)),
    [status],
  );
  const requests = usePages(fetchPage);
  const created = async () => {
    setIntake(false);
    await requests.reload();
  };

  if (requests.problem?.code === 'two-factor-required') return <><h1>{t('police.title')}</h1><TwoFactorNeeded /></>;
  return (
    <>
      <h1>{t('police.title')}</h1>
      <p className="lead">{t('police.description')}</p>
      {intake ? (
        <PoliceIntakeForm onCreated={created} onCancel={() => setIntake(false)} />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setIntake(true)}>{t('police.intake.open')}</button>
        </div>
      )}
      <section aria-labelledby="police-list-title">
        <h2 id="police-list-title">{t('police.listTitle')}</h2>
        <form className="filters" aria-label={t('police.show')} onSubmit={(e) => e.preventDefault()}>
          <Field label={t('police.show')}>
            {(control) => (
              <select {...control} value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">{t('police.state.all')}</option>
                {policeStates.map((s) => <option key={s} value={s}>{t(`police.state.${s}`)}</option>)}
              </select>
            )}
          </Field>
        </form>
        <PagedList pages={requests} none={t('police.none')} className="police-list">
          {(r) => <PoliceRequestItem key={r.id} request={r} onChanged={requests.replace} />}
        </PagedList>
      </section>
    </>
  );
}
