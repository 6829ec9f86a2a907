import { useState, type FormEvent } from 'react';
import { fieldError, type Problem } from '../../api/client';
import { actorTypes } from '../../api/types';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n';

export interface AuditFilter {
  actorType: string;
  actorId: string;
  type: string;
  subjectType: string;
  subjectId: string;
  /** datetime-local values, in the viewer's time zone */
  from: string;
  to: string;
}

export const emptyFilter: AuditFilter = { actorType: '', actorId: '', type: '', subjectType: '', subjectId: '', from: '', to: '' };

/** The API's query for a filter: local times become ISO instants with an offset. */
export function filterQuery(filter: AuditFilter): Record<string, string | undefined> {
  const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
  return {
    actorType: filter.actorType, actorId: filter.actorId.trim(), type: filter.type.trim(),
    subjectType: filter.subjectType.trim(), subjectId: filter.subjectId.trim(),
    from: instant(filter.from), to: instant(filter.to),
  };
}

export function AuditFilters({ problem, knownTypes, onApply }: {
  problem: Problem | null;
  /** Event types seen so far, offered as suggestions (with their prefix*). */
  knownTypes: readonly string[];
  onApply: (filter: AuditFilter) => void;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<AuditFilter>(emptyFilter);
  const set = (key: keyof AuditFilter) => (e: { target: { value: string } }) => setFilter({ ...filter, [key]: e.target.value });
  const error = (field: string) => fieldError(problem, field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(filter);
  };
  const clear = () => {
    setFilter(emptyFilter);
    onApply(emptyFilter);
  };

  return (
    <form className="panel filters" onSubmit={submit} aria-label={t('audit.filters')}>
      <fieldset>
        <legend>{t('audit.actor')}</legend>
        <Field label={t('audit.actorType')} error={error('actorType')}>
          {(control) => (
            <select {...control} value={filter.actorType} onChange={set('actorType')}>
              <option value="">{t('audit.any')}</option>
              {actorTypes.map((a) => <option key={a} value={a}>{t(`actor.${a}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('audit.actorId')} error={error('actorId')}>
          {(control) => <input {...control} value={filter.actorId} onChange={set('actorId')} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('audit.event')}</legend>
        <Field label={t('audit.type')} hint={t('audit.typeHint')} error={error('type')}>
          {(control) => <input {...control} list="audit-types" value={filter.type} onChange={set('type')} />}
        </Field>
        <datalist id="audit-types">
          {knownTypes.map((type) => <option key={type} value={type} />)}
        </datalist>
      </fieldset>
      <fieldset>
        <legend>{t('audit.subject')}</legend>
        <Field label={t('audit.subjectType')} hint={t('audit.subjectTypeHint')} error={error('subjectType')}>
          {(control) => <input {...control} value={filter.subjectType} onChange={set('subjectType')} />}
        </Field>
        <Field label={t('audit.subjectId')} error={error('subjectId')}>
          {(control) => <input {...control} value={filter.subjectId} onChange={set('subjectId')} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('audit.time')}</legend>
        <Field label={t('audit.from')} error={error('from')}>
          {(control) => <input {...control} type="datetime-local" step={1} value={filter.from} onChange={set('from')} />}
        </Field>
        <Field label={t('audit.to')} error={error('to')}>
          {(control) => <input {...control} type="datetime-local" step={1} value={filter.to} onChange={set('to')} />}
        </Field>
      </fieldset>
      <div className="actions">
        <button type="submit">{t('audit.apply')}</button>
        <button type="button" className="button-quiet" onClick={clear}>{t('audit.clear')}</button>
      </div>
    </form>
  );
}
