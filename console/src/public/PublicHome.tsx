import { Link } from '../app/router';
import { useI18n, type MessageKey } from '../i18n';

/**
 * The public home. The report form is here; the takedown request and the transparency page come
 * in later releases, and until then their sections say so plainly rather than link to nothing.
 */
const comingSections: { id: string; title: MessageKey; audience: MessageKey; body: MessageKey; meanwhile: MessageKey }[] = [
  { id: 'takedown', title: 'public.takedown.title', audience: 'public.takedown.audience', body: 'public.takedown.body', meanwhile: 'public.takedown.meanwhile' },
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
