import { Link } from '../app/router';
import { useI18n } from '../i18n';

/** Unknown paths, and pages the signed-in role may not use, look the same: nothing to see here. */
export function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p><Link href="/console">{t('notFound.home')}</Link></p>
    </>
  );
}
