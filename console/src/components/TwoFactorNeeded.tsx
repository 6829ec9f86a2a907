import { useConsole } from '../app/session';
import { useI18n } from '../i18n';

/**
 * The server answered 403 two-factor-required: say why, and offer enrolment to staff who have
 * none (moderators may work without it until they open child-safety data).
 */
export function TwoFactorNeeded() {
  const { t } = useI18n();
  const { session, setUpTwoFactor } = useConsole();
  return (
    <div className="alert alert-urgent" role="note" aria-labelledby="two-factor-needed-title">
      <p className="alert-title" id="two-factor-needed-title">{t('twoFactorNeeded.title')}</p>
      <p>{t('twoFactorNeeded.why')}</p>
      {session.staff.twoFactorEnabled ? (
        <p>{t('accounts.twoFactorSignInAgain')}</p>
      ) : (
        <>
          <p>{t('accounts.twoFactorNotEnrolled')}</p>
          <button type="button" onClick={setUpTwoFactor}>{t('accounts.twoFactorSetUp')}</button>
        </>
      )}
    </div>
  );
}
