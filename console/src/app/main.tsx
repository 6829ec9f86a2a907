import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n';
import '../styles.css';
import '../styles/cases.css';
import { ConsoleApp } from './ConsoleApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider titleKey="console.title">
      <ConsoleApp />
    </I18nProvider>
  </StrictMode>,
);
