import type { Account } from '../../api/types';
import { isMessageKey, useI18n } from '../../i18n';

/** Who the member is: age and birth date, verification, restriction, status and registration. */
export function AccountFacts({ account }: { account: Account }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const say = (prefix: 'accounts.restriction' | 'accounts.status', value: string) => {
    const key = `${prefix}.${value}`;
    return isMessageKey(key) ? t(key) : value;
  };
  return (
    <section aria-labelledby="account-title" className="panel">
      <h2 id="account-title">{account.displayName}</h2>
      <dl className="facts">
        <dt>{t('accounts.externalId')}</dt>
        <dd><code>{account.externalId}</code></dd>
        <dt>{t('accounts.age')}</dt>
        <dd>{t('accounts.ageValue', { age: account.age, birthDate: formatDate(account.birthDate) })}</dd>
        <dt>{t('accounts.verification')}</dt>
        <dd>
          {account.ageVerified
            ? t('accounts.verifiedBy', { method: account.ageVerificationMethod ?? '—' })
            : t('accounts.notVerified')}
        </dd>
        <dt>{t('accounts.restriction')}</dt>
        <dd>
          {account.restriction ? (
            <strong>
              {say('accounts.restriction', account.restriction)}
              {account.restrictedUntil && <> {t('accounts.restrictedUntil', { time: formatDateTime(account.restrictedUntil) })}</>}
            </strong>
          ) : (
            t('accounts.restriction.none')
          )}
        </dd>
        <dt>{t('accounts.status')}</dt>
        <dd>{say('accounts.status', account.status)}</dd>
        <dt>{t('accounts.registered')}</dt>
        <dd>{formatDateTime(account.registeredAt)}</dd>
        <dt>{t('accounts.country')}</dt>
        <dd>{account.country ?? '—'}</dd>
        <dt>{t('accounts.locale')}</dt>
        <dd>{account.locale ?? '—'}</dd>
      </dl>
    </section>
  );
}
