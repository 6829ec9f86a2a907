import type { Session } from '../api/types';
import { useI18n } from '../i18n';
import { AuthFrame } from './AuthFrame';
import { CodeForm } from './CodeForm';

export function TwoFactorVerify({ onSession, onCancel }: { onSession: (session: Session) => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <AuthFrame title={t('twoFactor.verifyTitle')}>
      <p>{t('twoFactor.verifyIntro')}</p>
      <CodeForm route="POST /v1/auth/two-factor/verify" submitLabel={t('twoFactor.verify')} onSession={onSession} />
      <p className="muted">
        {t('twoFactor.lostDevice')}{' '}
        <button type="button" className="button-link" onClick={onCancel}>{t('signOut')}</button>
      </p>
    </AuthFrame>
  );
}
