import { useRef, useState } from 'react';
import { useI18n } from '../i18n';

/**
 * A secret the server returns once (a generated password, an API key): shown with a plain
 * warning that it cannot be shown again, a copy button, and a way to put it away.
 */
export function ShownOnce({ title, value, testId, onDismiss }: {
  title: string;
  value: string;
  testId: string;
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const valueRef = useRef<HTMLElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard needs a secure context; select the text so Ctrl+C works instead.
      const selection = window.getSelection();
      if (valueRef.current && selection) selection.selectAllChildren(valueRef.current);
    }
  };

  return (
    <section className="shown-once" aria-labelledby={`${testId}-title`}>
      <h3 id={`${testId}-title`}>{title}</h3>
      <p className="shown-once-warning">{t('shownOnce.warning')}</p>
      <code ref={valueRef} className="secret" data-testid={testId}>{value}</code>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>{t('shownOnce.copy')}</button>
        <button type="button" className="button-quiet" onClick={onDismiss}>{t('shownOnce.done')}</button>
        <span role="status" className="muted">{copied ? t('shownOnce.copied') : ''}</span>
      </div>
    </section>
  );
}
