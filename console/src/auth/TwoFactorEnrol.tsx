import { useEffect, useRef, useState } from 'react';
import { asProblem, type Problem } from '../api/client';
import { send } from '../api/send';
import type { Enrolment, Session } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { QrCode } from '../components/QrCode';
import { useI18n } from '../i18n';
import { AuthFrame } from './AuthFrame';
import { CodeForm } from './CodeForm';

/** Base32 in groups of four, the way authenticator apps ask for it to be typed. */
export const groupSecret = (secret: string): string => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export function TwoFactorEnrol({ session, onSession, onCancel, voluntary = false }: {
  session: Session;
  /** Chosen from the console rather than required at sign-in: cancelling returns to the console. */
  voluntary?: boolean;
  onSession: (session: Session) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  // Each start makes a new secret; start once even if React mounts the page twice.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    send('POST /v1/auth/two-factor/enrolment').then(setEnrolment, (error) => setProblem(asProblem(error)));
  }, []);

  return (
    <AuthFrame title={t('enrol.title')}>
      <p>{voluntary ? t('enrol.introVoluntary') : t('enrol.intro', { role: t(`role.${session.staff.role}`) })}</p>
      <ProblemAlert problem={problem} />
      {enrolment && (
        <>
          <ol className="steps">
            <li>
              {t('enrol.stepScan')}
              <QrCode text={enrolment.otpauthUrl} label={t('enrol.qrLabel')} />
              {t('enrol.stepSecret')}
              <code className="secret secret-large" data-testid="totp-secret" aria-label={t('enrol.secretLabel')}>
                {groupSecret(enrolment.secret)}
              </code>
              <details>
                <summary>{t('enrol.uriSummary')}</summary>
                <p className="muted">{t('enrol.uriHint')}</p>
                <code className="secret secret-wrap">{enrolment.otpauthUrl}</code>
              </details>
            </li>
            <li>{t('enrol.stepCode')}</li>
          </ol>
          <CodeForm route="POST /v1/auth/two-factor/enrolment/confirm" submitLabel={t('enrol.confirm')} onSession={onSession} />
        </>
      )}
      <p className="muted">
        <button type="button" className="button-link" onClick={onCancel}>{voluntary ? t('common.cancel') : t('signOut')}</button>
      </p>
    </AuthFrame>
  );
}
