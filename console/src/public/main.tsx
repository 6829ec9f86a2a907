import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n';
import '../styles.css';
import '../styles/public.css';
import { PublicApp } from './PublicApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider titleKey="public.title">
      <PublicApp />
    </I18nProvider>
  </StrictMode>,
);
