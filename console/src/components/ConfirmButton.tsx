import { useState } from 'react';
import { useI18n } from '../i18n';

/** A button that asks once more, inline, before an action that cannot be undone. */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, disabled }: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button-quiet" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" className="button-danger" autoFocus onClick={() => { setAsking(false); void onConfirm(); }}>
        {confirmLabel}
      </button>
      <button type="button" className="button-quiet" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
