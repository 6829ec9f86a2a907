import { Link } from '../app/router';
import { useConsole } from '../app/session';
import { useI18n } from '../i18n';

export function HomePage() {
  const { t, formatDateTime } = useI18n();
  const { session, pages } = useConsole();
  const { staff } = session;
  const others = pages.filter((p) => !p.under && p.path !== '/console');
  return (
    <>
      <h1>{t('home.title', { name: staff.displayName })}</h1>
      <p className="lead">{t('home.intro')}</p>
      <dl className="facts">
        <dt>{t('home.role')}</dt>
        <dd>{t(`role.${staff.role}`)}</dd>
        <dt>{t('home.twoFactor')}</dt>
        <dd>{staff.twoFactorEnabled ? t('common.on') : t('common.off')}</dd>
        <dt>{t('home.sessionEnds')}</dt>
        <dd>{formatDateTime(session.expiresAt)}</dd>
      </dl>
      <h2>{t('home.yourPages')}</h2>
      {others.length === 0 ? (
        <p>{t('home.noPages')}</p>
      ) : (
        <ul className="cards">
          {others.map((p) => (
            <li key={p.path} className="card">
              <h3><Link href={p.path}>{t(p.label)}</Link></h3>
              <p>{t(p.description)}</p>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t('home.wellness')}</p>
    </>
  );
}
