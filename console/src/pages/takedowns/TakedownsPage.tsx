import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, query, type Problem } from '../../api/client';
import { takedownStates, type TakedownRequest } from '../../api/takedowns';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { useI18n, usePageTitle } from '../../i18n';
import { TakedownItem } from './TakedownItem';

/**
 * Victims' takedown requests at /console/takedowns, highest priority first, each with its content,
 * the requester's answers and the confirm and reject controls. GET /v1/takedowns needs a
 * two-factor session; deciding one about a minor or sexual content is for senior moderators.
 */
export function TakedownsPage() {
  const { t } = useI18n();
  usePageTitle('takedowns.title');
  const [status, setStatus] = useState<string>('undecided');
  const [items, setItems] = useState<TakedownRequest[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latest.current;
    try {
      const page = await api<{ items: TakedownRequest[] }>('GET', `/takedowns${query({ status: status || undefined, limit: 100 })}`);
      if (request !== latest.current) return;
      setItems(page.items);
      setProblem(null);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    }
  }, [status]);

  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);

  if (problem?.code === 'two-factor-required') return <TwoFactorNeeded />;
  return (
    <>
      <h1>{t('takedowns.title')}</h1>
      <p className="lead">{t('takedowns.description')}</p>
      <form className="filters" aria-label={t('takedowns.show')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('takedowns.show')}>
          {(control) => (
            <select {...control} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="undecided">{t('takedowns.state.undecided')}</option>
              {takedownStates.map((s) => <option key={s} value={s}>{t(`takedowns.state.${s}`)}</option>)}
              <option value="">{t('takedowns.state.all')}</option>
            </select>
          )}
        </Field>
      </form>
      <ProblemAlert problem={problem} />
      {items === null && !problem && <p role="status">{t('common.loading')}</p>}
      {items?.length === 0 && <p>{t('takedowns.none')}</p>}
      {items && items.length > 0 && (
        <ul className="decision-list takedown-list">
          {items.map((r) => <TakedownItem key={r.id} request={r} onChanged={load} />)}
        </ul>
      )}
    </>
  );
}
