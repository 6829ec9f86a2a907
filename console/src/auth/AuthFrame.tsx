import type { ReactNode } from 'react';
import { LanguageSwitch, useI18n } from '../i18n';

/** The quiet frame around the sign-in steps: brand, language, one card. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="auth-page">
      <header className="auth-header">
        <a className="brand" href="/">Trygg</a>
        <LanguageSwitch />
      </header>
      <main id="main" className="auth-card">
        <p className="eyebrow">{t('console.name')}</p>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
