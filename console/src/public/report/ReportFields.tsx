import type { ReactNode } from 'react';
import { categories, subjectTypes, type Category, type SubjectType } from '../../api/moderation';
import { useI18n } from '../../i18n';
import { fieldId } from './draft';

/** A group of radio buttons with a legend, an optional hint, and its error tied to the group. */
function RadioGroup({ id, legend, hint, error, children }: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset id={id} tabIndex={-1} className={error ? 'choice-group field-invalid' : 'choice-group'} aria-describedby={described}>
      <legend>{legend}</legend>
      {hint && <p id={`${id}-hint`} className="field-hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
      {children}
    </fieldset>
  );
}

/** What is reported: an account, a profile, a message, an image or a conversation, and which one. */
export function SubjectFields({ type, id, error, onType, onId }: {
  type: SubjectType;
  id: string;
  error?: string;
  onType: (type: SubjectType) => void;
  onId: (id: string) => void;
}) {
  const { t } = useI18n();
  const hintId = `${fieldId('subjectId')}-hint`;
  const errorId = `${fieldId('subjectId')}-error`;
  return (
    <>
      <RadioGroup id={fieldId('subjectType')} legend={t('report.subjectType')}>
        <div className="choice-row">
          {subjectTypes.map((value) => (
            <label key={value} className="checkbox">
              <input type="radio" name="subjectType" value={value} checked={type === value} onChange={() => onType(value)} />
              {t(`report.subject.${value}`)}
            </label>
          ))}
        </div>
      </RadioGroup>
      <div className={error ? 'field field-invalid' : 'field'}>
        <label htmlFor={fieldId('subjectId')}>{t(`report.subjectId.${type}`)}</label>
        <p id={hintId} className="field-hint">{t('report.subjectIdHint')}</p>
        <input
          id={fieldId('subjectId')} value={id} required maxLength={300} onChange={(e) => onId(e.target.value)}
          aria-invalid={error ? true : undefined} aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        />
        {error && <p id={errorId} className="field-error">{error}</p>}
      </div>
    </>
  );
}

/** The category, child safety first, each with a plain description of what it covers. */
export function CategoryFields({ value, error, onChange }: { value: Category | ''; error?: string; onChange: (c: Category) => void }) {
  const { t } = useI18n();
  const groups = [
    { key: 'child', title: t('report.category.childSafety'), items: categories.filter((c) => c.childSafety) },
    { key: 'other', title: t('report.category.otherGroup'), items: categories.filter((c) => !c.childSafety) },
  ];
  return (
    <RadioGroup id={fieldId('category')} legend={t('report.category')} hint={t('report.categoryHint')} error={error}>
      {groups.map((group) => (
        <div key={group.key} className="choice-block">
          <p className="choice-block-title">{group.title}</p>
          {group.items.map(({ id }) => (
            <div key={id} className="choice">
              <input
                type="radio" id={`category-${id}`} name="category" value={id} checked={value === id}
                onChange={() => onChange(id)} aria-describedby={`category-${id}-description`}
              />
              <div className="choice-text">
                <label htmlFor={`category-${id}`} className="choice-label">{t(`case.category.${id}`)}</label>
                <span id={`category-${id}-description`} className="choice-description">{t(`category.${id}.description`)}</span>
              </div>
            </div>
          ))}
        </div>
      ))}
    </RadioGroup>
  );
}
