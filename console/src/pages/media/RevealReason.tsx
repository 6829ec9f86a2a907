import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { useI18n, type MessageKey } from '../../i18n';

const reasons = ['confirmMatch', 'decide', 'report', 'other'] as const;
type Reason = (typeof reasons)[number];
const reasonKey = (r: Reason): MessageKey => `media.evidence.reason.${r}`;

/**
 * Why a moderator opens preserved evidence: a common reason to choose, or their own words. The
 * server records the reason with the opening (at least three characters) before it sends the bytes.
 */
export function RevealReasonForm({ busy, onReveal, onCancel }: {
  busy: boolean;
  onReveal: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<Reason | ''>('');
  const [other, setOther] = useState('');
  const reason = choice === 'other' ? other.trim() : choice ? t(reasonKey(choice)) : '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.length >= 3) void onReveal(reason);
  };

  return (
    <form className="reveal-reason" onSubmit={submit} aria-label={t('media.evidence.reasonTitle')}>
      <Field label={t('media.evidence.reason')} hint={t('media.evidence.reasonHint')}>
        {(control) => (
          <select {...control} value={choice} onChange={(e) => setChoice(e.target.value as Reason | '')}>
            <option value="">{t('media.evidence.reason.choose')}</option>
            {reasons.map((r) => <option key={r} value={r}>{t(reasonKey(r))}</option>)}
          </select>
        )}
      </Field>
      {choice === 'other' && (
        <Field label={t('media.evidence.reasonOther')}>
          {(control) => <input {...control} value={other} maxLength={500} onChange={(e) => setOther(e.target.value)} />}
        </Field>
      )}
      <div className="cell-actions">
        <button type="submit" disabled={busy || reason.length < 3}>{t('media.evidence.revealConfirm')}</button>
        <button type="button" className="button-quiet" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
