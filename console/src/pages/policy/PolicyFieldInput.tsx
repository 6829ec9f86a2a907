import { Field } from '../../components/Field';
import { isMessageKey, useI18n } from '../../i18n';
import { fieldLabel, isFieldPath, type FieldSpec } from './fields';

export type DraftValue = string | boolean;

/** The id of a setting's control, for the error summary's links. */
export const inputId = (path: string): string => `policy-input-${path.replaceAll('.', '-')}`;

// The browser's own list of IANA zones, offered as suggestions (any valid name may be typed).
const timeZones: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** One setting of the edit form: a number, a checkbox, a choice or the time zone, with its explanation. */
export function PolicyFieldInput({ path, spec, value, error, onChange }: {
  path: string;
  spec: FieldSpec;
  value: DraftValue;
  error?: string;
  onChange: (value: DraftValue) => void;
}) {
  const { t } = useI18n();
  const id = inputId(path);
  const label = fieldLabel(t, path);
  const hint = isFieldPath(path) ? t(`policy.help.${path}`) : spec.type === 'list' ? t('policy.help.list') : t('policy.help.other');

  if (spec.type === 'boolean') {
    const describedBy = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
    return (
      <div className={error ? 'field field-invalid' : 'field'}>
        <div className="checkbox">
          <input
            id={id} type="checkbox" checked={value === true} aria-describedby={describedBy}
            {...(error && { 'aria-invalid': true })} onChange={(e) => onChange(e.target.checked)}
          />
          <label htmlFor={id}>{label}</label>
        </div>
        <p id={`${id}-hint`} className="field-hint">{hint}</p>
        {error && <p id={`${id}-error`} className="field-error">{error}</p>}
      </div>
    );
  }

  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => {
        const text = String(value);
        if (spec.type === 'enum') {
          return (
            <select {...control} value={text} onChange={(e) => onChange(e.target.value)}>
              {spec.options?.map((option) => {
                const key = `policy.value.${path}.${option}`;
                return <option key={option} value={option}>{isMessageKey(key) ? t(key) : option}</option>;
              })}
            </select>
          );
        }
        if (spec.type === 'timeZone') {
          return (
            <>
              <input {...control} value={text} list={`${id}-zones`} autoComplete="off" spellCheck={false} onChange={(e) => onChange(e.target.value)} />
              <datalist id={`${id}-zones`}>
                {timeZones.map((zone) => <option key={zone} value={zone} />)}
              </datalist>
            </>
          );
        }
        if (spec.type === 'text' || spec.type === 'list') {
          return <input {...control} value={text} onChange={(e) => onChange(e.target.value)} />;
        }
        return (
          <input
            {...control} type="number" inputMode={spec.type === 'share' ? 'decimal' : 'numeric'} className="input-number"
            min={spec.min} max={spec.max} step={spec.type === 'share' ? 0.05 : spec.type === 'number' ? 'any' : 1}
            value={text} onChange={(e) => onChange(e.target.value)}
          />
        );
      }}
    </Field>
  );
}
