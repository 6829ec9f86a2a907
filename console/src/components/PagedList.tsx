import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ProblemAlert } from './ProblemAlert';
import type { Pages } from './usePages';

/**
 * A paged list as the console shows one: the problem if loading failed, a sentence when there is
 * nothing, the items, and below them "More" while the API has another page (the end once shown).
 */
export function PagedList<T extends { id: string }>({ pages, none, className, children }: {
  pages: Pages<T>;
  none: string;
  className: string;
  children: (item: T) => ReactNode;
}) {
  const { t } = useI18n();
  const { items, loading, hasMore, more } = pages;
  return (
    <>
      <ProblemAlert problem={pages.problem} />
      {items?.length === 0 && <p>{none}</p>}
      {items && items.length > 0 && <ul className={`decision-list ${className}`}>{items.map(children)}</ul>}
      <div className="actions" aria-live="polite">
        {loading && <span role="status">{t('common.loading')}</span>}
        {!loading && hasMore && <button type="button" className="button-quiet" onClick={more}>{t('common.more')}</button>}
        {!loading && !hasMore && items && items.length > 0 && <span className="muted">{t('common.end')}</span>}
      </div>
    </>
  );
}
