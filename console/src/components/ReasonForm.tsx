import { useState, type FormEvent } from 'react';
import { fieldError } from '../api/client';
import { useI18n } from '../i18n';
import { Field } from './Field';
import { ProblemAlert } from './ProblemAlert';
import { useAction } from './useAction';

export interface ReasonAction {
  label: string;
  danger?: boolean;
  /** Throws an ApiError to show; the form stays with the reason kept. */
  run: (text: string) => Promise<void>;
}

/**
 * A written reason and the buttons that act on it (release a hold, accept or reject a request,
 * retract a report): the API wants at least three characters, so the buttons wait for them.
 */
export function ReasonForm({ name, label, hint, field = 'reason', actions, onCancel }: {
  /** The form's accessible name. */
  name: string;
  label: string;
  hint?: string;
  /** The body field the API names in its problems. */
  field?: string;
  actions: readonly ReasonAction[];
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const { busy, problem, run } = useAction();

  const act = (action: ReasonAction) => run(async () => {
    await action.run(text.trim());
    setText('');
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (actions[0]) void act(actions[0]);
  };
  const ready = !busy && text.trim().length >= 3;
  return (
    <form className="reason-form" aria-label={name} onSubmit={submit}>
      <ProblemAlert problem={problem} />
      <Field label={label} hint={hint} error={fieldError(problem, field)}>
        {(control) => <textarea {...control} rows={2} required minLength={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <div className="actions">
        {actions.map((action, i) => (
          <button
            key={action.label} type={i === 0 ? 'submit' : 'button'} className={action.danger ? 'button-danger' : undefined} disabled={!ready}
            onClick={i === 0 ? undefined : () => void act(action)}
          >
            {action.label}
          </button>
        ))}
        {onCancel && <button type="button" className="button-quiet" onClick={onCancel}>{t('common.cancel')}</button>}
      </div>
    </form>
  );
}
