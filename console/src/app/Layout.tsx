import { useEffect, useRef } from 'react';
import { LanguageSwitch, useI18n } from '../i18n';
import { inNavigation, matchPage } from '../pages/registry';
import { NotFound } from '../pages/NotFound';
import { Link, usePath } from './router';
import { useConsole } from './session';

/** Header, navigation built from the page registry, and the current page. */
export function Layout() {
  const { t } = useI18n();
  const { session, pages, signOut } = useConsole();
  const path = usePath();
  const page = matchPage(pages, path);
  const current = page?.under ?? page?.path;
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After in-page navigation, move focus to the new content so keyboard and screen-reader users follow.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);

  const Page = page?.component ?? NotFound;
  return (
    <div className="console">
      <a className="skip-link" href="#main">{t('common.skipToContent')}</a>
      <header className="console-header">
        <Link className="brand" href="/console">Trygg</Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            {inNavigation(pages).map((p) => (
              <li key={p.path}>
                <Link href={p.path} aria-current={p.path === current ? 'page' : undefined}>{t(p.label)}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="console-user">
          <span>
            <span className="user-name">{session.staff.displayName}</span>{' '}
            <span className="user-role">{t(`role.${session.staff.role}`)}</span>
          </span>
          <LanguageSwitch />
          <button type="button" className="button-quiet" onClick={() => void signOut()}>{t('signOut')}</button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="console-main">
        <Page />
      </main>
    </div>
  );
}
