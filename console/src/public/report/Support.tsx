import { useI18n } from '../../i18n';

/** Where to get help, whatever becomes of the report: emergencies, children's helplines, the police, image removal. */
export function Support() {
  const { t } = useI18n();
  return (
    <section className="panel support" aria-labelledby="support-title">
      <h2 id="support-title">{t('support.title')}</h2>
      <ul className="support-list">
        <li><strong>{t('support.emergency')}</strong></li>
        <li>{t('support.children')}</li>
        <li>{t('support.police')}</li>
        <li>
          {t('support.images')} <a href="https://takeitdown.ncmec.org/" rel="noopener noreferrer">takeitdown.ncmec.org</a>
        </li>
        <li>{t('support.community')}</li>
      </ul>
    </section>
  );
}
