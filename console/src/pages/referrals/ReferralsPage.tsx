import { useCallback, useState } from 'react';
import { api, query } from '../../api/client';
import { referralKinds, referralStates, type Referral, type ReferralPage } from '../../api/referrals';
import { Link, usePath } from '../../app/router';
import { Field } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { usePages } from '../../components/usePages';
import { useI18n, usePageTitle } from '../../i18n';
import { ReferralItem } from './ReferralItem';

const BASE = '/console/referrals';
/** One case's referrals live at /console/referrals/case/<id> (the case page links there). */
const CASE = `${BASE}/case/`;

/**
 * NCMEC CyberTipline reports and police intelligence packages at /console/referrals, most recently
 * changed first, paged with the API's cursor. Rejected reports show NCMEC's answer and can be sent again.
 */
export function ReferralsPage() {
  const { t } = useI18n();
  usePageTitle('referrals.title');
  const path = usePath();
  const caseId = path.startsWith(CASE) ? decodeURIComponent(path.slice(CASE.length)) : undefined;
  const [status, setStatus] = useState('');
  const [kind, setKind] = useState('');
  const fetchPage = useCallback(
    (before: string | undefined) => api<ReferralPage>('GET', `/referrals${query({ caseId, status, kind, before, limit: 25 })}`),
    [caseId, status, kind],
  );
  const referrals = usePages<Referral, string>(fetchPage);

  if (referrals.problem?.code === 'two-factor-required') return <><h1>{t('referrals.title')}</h1><TwoFactorNeeded /></>;
  return (
    <>
      <h1>{t('referrals.title')}</h1>
      <p className="lead">{t('referrals.description')}</p>
      {caseId && (
        <p>
          {t('referrals.forCase')} <Link href={`/console/cases/${caseId}`}><code>{caseId.slice(0, 8)}</code></Link> · <Link href={BASE}>{t('referrals.allCases')}</Link>
        </p>
      )}
      <form className="filters" aria-label={t('referrals.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('referrals.status')}>
          {(control) => (
            <select {...control} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('referrals.any')}</option>
              {referralStates.map((s) => <option key={s} value={s}>{t(`referrals.state.${s}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('referrals.kind')}>
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">{t('referrals.any')}</option>
              {referralKinds.map((k) => <option key={k} value={k}>{t(`referrals.kind.${k}`)}</option>)}
            </select>
          )}
        </Field>
      </form>
      <PagedList pages={referrals} none={t('referrals.none')} className="referral-list">
        {(r) => <ReferralItem key={r.id} referral={r} onChanged={referrals.replace} />}
      </PagedList>
    </>
  );
}
