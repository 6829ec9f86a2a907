import { useMemo, useState } from 'react';
import { api, query } from '../../api/client';
import type { LegalHold } from '../../api/legal';
import { useConsole } from '../../app/session';
import { Field } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { offsetPages, usePages } from '../../components/usePages';
import { useI18n, usePageTitle } from '../../i18n';
import { HoldItem } from './HoldItem';
import { PlaceHoldForm } from './PlaceHoldForm';

const shows = ['true', 'false', ''] as const;
type Show = (typeof shows)[number];

/**
 * Legal holds at /console/legal-holds, newest first: while one is active nothing preserved about
 * its account or case is purged. Legal places and releases them (with reasons); auditors read.
 */
export function LegalHoldsPage() {
  const { t } = useI18n();
  usePageTitle('holds.title');
  const { session } = useConsole();
  const mayChange = session.staff.role === 'legal';
  const [show, setShow] = useState<Show>('true');
  const fetchPage = useMemo(
    () => offsetPages((limit, offset) => api<{ items: LegalHold[] }>('GET', `/legal-holds${query({ active: show, limit, offset })}`)),
    [show],
  );
  const holds = usePages(fetchPage);

  if (holds.problem?.code === 'two-factor-required') return <><h1>{t('holds.title')}</h1><TwoFactorNeeded /></>;
  return (
    <>
      <h1>{t('holds.title')}</h1>
      <p className="lead">{t('holds.description')}</p>
      {mayChange && <PlaceHoldForm onPlaced={holds.reload} />}
      <section aria-labelledby="holds-list-title">
        <h2 id="holds-list-title">{t('holds.listTitle')}</h2>
        <form className="filters" aria-label={t('holds.show')} onSubmit={(e) => e.preventDefault()}>
          <Field label={t('holds.show')}>
            {(control) => (
              <select {...control} value={show} onChange={(e) => setShow(e.target.value as Show)}>
                {shows.map((s) => <option key={s} value={s}>{t(`holds.show.${s || 'all'}`)}</option>)}
              </select>
            )}
          </Field>
        </form>
        <PagedList pages={holds} none={t('holds.none')} className="hold-list">
          {(h) => <HoldItem key={h.id} hold={h} mayRelease={mayChange} onChanged={holds.replace} />}
        </PagedList>
      </section>
    </>
  );
}
