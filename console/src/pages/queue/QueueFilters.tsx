import { categories, caseStatuses } from '../../api/moderation';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n';

export interface QueueFilter {
  /** '' is every open status. */
  status: string;
  /** '' every category, 'child_safety' the child-safety four, or one category. */
  category: string;
  /** '' anyone, 'me' or 'none'. */
  assignee: string;
  overdue: boolean;
}

export const noFilter: QueueFilter = { status: '', category: '', assignee: '', overdue: false };

export const CHILD_SAFETY = 'child_safety';

/** The categories a filter asks for, as the API's comma-separated list. */
export function categoryParam(category: string): string | undefined {
  if (!category) return undefined;
  if (category === CHILD_SAFETY) return categories.filter((c) => c.childSafety).map((c) => c.id).join(',');
  return category;
}

/** Filters apply as they change; the list below says how many cases it shows. */
export function QueueFilters({ value, onChange }: { value: QueueFilter; onChange: (next: QueueFilter) => void }) {
  const { t } = useI18n();
  const set = <K extends keyof QueueFilter>(key: K, v: QueueFilter[K]) => onChange({ ...value, [key]: v });
  return (
    <form className="filters queue-filters" aria-label={t('queue.filters')} onSubmit={(e) => e.preventDefault()}>
      <Field label={t('queue.status')}>
        {(control) => (
          <select {...control} value={value.status} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('queue.status.anyOpen')}</option>
            {caseStatuses.map((s) => <option key={s} value={s}>{t(`case.status.${s}`)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t('queue.category')}>
        {(control) => (
          <select {...control} value={value.category} onChange={(e) => set('category', e.target.value)}>
            <option value="">{t('queue.category.all')}</option>
            <option value={CHILD_SAFETY}>{t('queue.category.childSafety')}</option>
            {categories.map((c) => <option key={c.id} value={c.id}>{t(`case.category.${c.id}`)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t('queue.assignee')}>
        {(control) => (
          <select {...control} value={value.assignee} onChange={(e) => set('assignee', e.target.value)}>
            <option value="">{t('queue.assignee.anyone')}</option>
            <option value="me">{t('queue.assignee.me')}</option>
            <option value="none">{t('queue.assignee.none')}</option>
          </select>
        )}
      </Field>
      <div className="field field-checkbox">
        <label className="checkbox">
          <input type="checkbox" checked={value.overdue} onChange={(e) => set('overdue', e.target.checked)} />
          {t('queue.overdueOnly')}
        </label>
      </div>
    </form>
  );
}
