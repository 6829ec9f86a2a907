import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, onSessionLost, setCsrfToken } from '../api/client';
import { send } from '../api/send';
import type { Session } from '../api/types';
import { SignIn } from '../auth/SignIn';
import { TwoFactorEnrol } from '../auth/TwoFactorEnrol';
import { TwoFactorVerify } from '../auth/TwoFactorVerify';
import { useI18n } from '../i18n';
import { pagesFor } from '../pages/registry';
import { Layout } from './Layout';
import { ConsoleContextValue, type ConsoleContext } from './session';

/** Decides what the console shows from the session: sign-in, a two-factor step, or the console. */
export function ConsoleApp() {
  const { t } = useI18n();
  // undefined while asking the server; null when signed out.
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  // A signed-in member of staff without two-factor who chose to set it up now.
  const [enrolling, setEnrolling] = useState(false);

  const applySession = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
    if (!next) setEnrolling(false);
  }, []);

  useEffect(() => {
    onSessionLost(() => applySession(null));
    api<Session>('GET', '/auth/session').then(applySession, () => applySession(null));
  }, [applySession]);

  const signOut = useCallback(async () => {
    try {
      await send('POST /v1/auth/sign-out');
    } finally {
      applySession(null);
    }
  }, [applySession]);

  const setUpTwoFactor = useCallback(() => setEnrolling(true), []);
  const context = useMemo<ConsoleContext | null>(
    () => (session?.state === 'active' ? { session, pages: pagesFor(session.staff.role), signOut, setUpTwoFactor } : null),
    [session, signOut, setUpTwoFactor],
  );

  if (session === undefined) return <p className="loading" role="status">{t('common.loading')}</p>;
  if (session === null) return <SignIn onSession={applySession} />;
  if (session.state === 'two_factor_pending') return <TwoFactorVerify onSession={applySession} onCancel={signOut} />;
  if (session.state === 'enrolment_required') {
    return <TwoFactorEnrol session={session} onSession={applySession} onCancel={signOut} />;
  }
  if (enrolling && !session.staff.twoFactorEnabled) {
    const done = (next: Session) => {
      setEnrolling(false);
      applySession(next);
    };
    return <TwoFactorEnrol session={session} onSession={done} onCancel={() => setEnrolling(false)} voluntary />;
  }
  return (
    <ConsoleContextValue.Provider value={context}>
      <Layout />
    </ConsoleContextValue.Provider>
  );
}
