import { LanguageSwitch, useI18n, type MessageKey } from '../i18n';

/**
 * The public home. The report form, the takedown request and the transparency page come in
 * later releases; until then their sections say so plainly rather than link to nothing.
 */
const comingSections: { id: string; title: MessageKey; audience: MessageKey; body: MessageKey; meanwhile: MessageKey }[] = [
  { id: 'report', title: 'public.report.title', audience: 'public.report.audience', body: 'public.report.body', meanwhile: 'public.report.meanwhile' },
  { id: 'takedown', title: 'public.takedown.title', audience: 'public.takedown.audience', body: 'public.takedown.body', meanwhile: 'public.takedown.meanwhile' },
  { id: 'transparency', title: 'public.transparency.title', audience: 'public.transparency.audience', body: 'public.transparency.body', meanwhile: 'public.transparency.meanwhile' },
];

export function PublicHome() {
  const { t } = useI18n();
  return (
    <div className="public">
      <a className="skip-link" href="#main">{t('common.skipToContent')}</a>
      <header className="public-header">
        <a className="brand" href="/">Trygg</a>
        <div className="public-header-tools">
          <LanguageSwitch />
          <a className="button-link-quiet" href="/console">{t('public.staffSignIn')}</a>
        </div>
      </header>
      <main id="main">
        <section className="hero" aria-labelledby="hero-title">
          <h1 id="hero-title">{t('public.heading')}</h1>
          <p className="lead">{t('public.intro')}</p>
          <p className="alert alert-urgent">{t('public.emergency')}</p>
        </section>

        <section aria-labelledby="for-whom-title">
          <h2 id="for-whom-title">{t('public.forWhom.title')}</h2>
          <ul className="cards">
            <li className="card"><h3>{t('public.members.title')}</h3><p>{t('public.members.body')}</p></li>
            <li className="card"><h3>{t('public.victims.title')}</h3><p>{t('public.victims.body')}</p></li>
            <li className="card"><h3>{t('public.everyone.title')}</h3><p>{t('public.everyone.body')}</p></li>
          </ul>
        </section>

        {comingSections.map((s) => (
          <section key={s.id} id={s.id} className="panel coming" aria-labelledby={`${s.id}-title`}>
            <h2 id={`${s.id}-title`}>
              {t(s.title)} <span className="tag tag-warning">{t('public.notYet')}</span>
            </h2>
            <p className="muted">{t(s.audience)}</p>
            <p>{t(s.body)}</p>
            <p>{t(s.meanwhile)}</p>
          </section>
        ))}
      </main>
      <footer className="public-footer">
        <p>{t('public.footer.openSource')}</p>
        <p>
          <a href="/console">{t('public.footer.console')}</a> · <a href="/docs">{t('public.footer.api')}</a>
        </p>
      </footer>
    </div>
  );
}
