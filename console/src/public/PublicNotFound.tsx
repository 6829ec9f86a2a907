import { Link } from '../app/router';
import { useI18n, usePageTitle } from '../i18n';

export function PublicNotFound() {
  const { t } = useI18n();
  usePageTitle('notFound.title');
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('public.notFound.body')}</p>
      <p><Link href="/">{t('public.notFound.home')}</Link></p>
    </>
  );
}
