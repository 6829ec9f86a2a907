import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n';
import '../styles.css';
import { PublicHome } from './PublicHome';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider titleKey="public.title">
      <PublicHome />
    </I18nProvider>
  </StrictMode>,
);
