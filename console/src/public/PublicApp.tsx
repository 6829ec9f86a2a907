import { useEffect, useRef, type ComponentType } from 'react';
import { Link, usePath } from '../app/router';
import { LanguageSwitch, useI18n } from '../i18n';
import { AppealPage } from './appeal/AppealPage';
import { PublicHome } from './PublicHome';
import { PublicNotFound } from './PublicNotFound';
import { ReportPage } from './report/ReportPage';
import { StatusLookup, StatusPage } from './report/StatusPage';
import { TakedownPage } from './takedown/TakedownPage';
import { TakedownLookup, TakedownStatusPage } from './takedown/TakedownStatus';

const StatusLookupPage = () => <StatusLookup />;
const TakedownLookupPage = () => <TakedownLookup />;

/** The public pages by path; a page reads its own parameter (a receipt code, a statement token) from the path. */
function pageFor(path: string): ComponentType<{ param: string }> {
  if (path === '/') return PublicHome;
  if (path === '/report') return ReportPage;
  if (path === '/report/status') return StatusLookupPage;
  if (/^\/report\/status\/[^/]+$/.test(path)) return StatusPage;
  if (/^\/appeal\/[^/]+$/.test(path)) return AppealPage;
  if (path === '/takedown') return TakedownPage;
  if (path === '/takedown/status') return TakedownLookupPage;
  if (/^\/takedown\/status\/[^/]+$/.test(path)) return TakedownStatusPage;
  return PublicNotFound;
}

const lastSegment = (path: string) => decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));

/** Header, footer and the page for the path: the home, the report form and its status, the appeal page. */
export function PublicApp() {
  const { t } = useI18n();
  const path = usePath();
  const Page = pageFor(path);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After in-page navigation, move focus to the new content so keyboard and screen-reader users follow.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus();
  }, [path]);

  return (
    <div className="public">
      <a className="skip-link" href="#main">{t('common.skipToContent')}</a>
      <header className="public-header">
        <Link className="brand" href="/">Trygg</Link>
        <div className="public-header-tools">
          {/* Danish is offered where it is complete: the takedown form and its status page. */}
          <LanguageSwitch partial={path.startsWith('/takedown')} />
          <a className="button-link-quiet" href="/console">{t('public.staffSignIn')}</a>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page param={lastSegment(path)} />
      </main>
      <footer className="public-footer">
        <p>{t('public.footer.openSource')}</p>
        <p>
          <Link href="/report">{t('public.footer.report')}</Link> · <Link href="/report/status">{t('public.footer.status')}</Link>
          {' · '}<a href="/console">{t('public.footer.console')}</a> · <a href="/docs">{t('public.footer.api')}</a>
        </p>
      </footer>
    </div>
  );
}
