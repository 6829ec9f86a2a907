import { Link } from '../app/router';
import { useI18n, type MessageKey } from '../i18n';

/**
 * The public home. The report form and the takedown request are here; the transparency page comes
 * in a later release, and until then its section says so plainly rather than link to nothing.
 */
const comingSections: { id: string; title: MessageKey; audience: MessageKey; body: MessageKey; meanwhile: MessageKey }[] = [
  { id: 'transparency', title: 'public.transparency.title', audience: 'public.transparency.audience', body: 'public.transparency.body', meanwhile: 'public.transparency.meanwhile' },
];

export function PublicHome() {
  const { t } = useI18n();
  return (
    <>
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

      <section id="report" className="panel" aria-labelledby="report-title">
        <h2 id="report-title">{t('public.report.title')}</h2>
        <p className="muted">{t('public.report.audience')}</p>
        <p>{t('public.report.body')}</p>
        <p className="actions">
          <Link className="button-link-primary" href="/report">{t('public.report.start')}</Link>
          <Link href="/report/status">{t('public.report.follow')}</Link>
        </p>
      </section>

      <section id="takedown" className="panel" aria-labelledby="takedown-title">
        <h2 id="takedown-title">{t('public.takedown.title')}</h2>
        <p className="muted">{t('public.takedown.audience')}</p>
        <p>{t('takedown.home.body')}</p>
        <p className="actions">
          <Link className="button-link-primary" href="/takedown">{t('takedown.home.start')}</Link>
          <Link href="/takedown/status">{t('takedown.home.follow')}</Link>
        </p>
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
    </>
  );
}
