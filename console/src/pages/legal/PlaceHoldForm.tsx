import { useState, type FormEvent } from 'react';
import { fieldError } from '../../api/client';
import { send } from '../../api/send';
import { holdScopes, type HoldScope } from '../../api/legal';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAction } from '../../components/useAction';
import { useI18n } from '../../i18n';

/**
 * Places a hold on an account (the platform's id) or a case (its id). The API's problems land
 * beside the field they name; "no such account or case" (404) beside the id too, since that is
 * what to correct.
 */
export function PlaceHoldForm({ onPlaced }: { onPlaced: () => Promise<void> }) {
  const { t } = useI18n();
  const [type, setType] = useState<HoldScope>('account');
  const [id, setId] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, problem, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    void run(async () => {
      const hold = await send('POST /v1/legal-holds', { scope: { type, id: id.trim() }, reason: reason.trim() });
      setId('');
      setReason('');
      await onPlaced();
      setDone(t('holds.placed', { count: hold.preservedItems?.length ?? 0 }));
    });
  };

  const idError = fieldError(problem, 'scope.id') ?? (problem?.status === 404 ? t(`holds.unknown.${type}`) : undefined);
  return (
    <section className="panel" aria-labelledby="place-hold-title">
      <h2 id="place-hold-title">{t('holds.place.title')}</h2>
      <p className="muted">{t('holds.place.hint')}</p>
      <form onSubmit={submit} noValidate aria-labelledby="place-hold-title">
        <ProblemAlert problem={problem?.status === 404 ? null : problem} />
        <div className="form-row">
          <Field label={t('holds.scope')} error={fieldError(problem, 'scope.type')}>
            {(control) => (
              <select {...control} value={type} onChange={(e) => setType(e.target.value as HoldScope)}>
                {holdScopes.map((s) => <option key={s} value={s}>{t(`holds.scope.${s}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t(`holds.id.${type}`)} error={idError}>
            {(control) => <input {...control} required maxLength={300} autoComplete="off" value={id} onChange={(e) => setId(e.target.value)} />}
          </Field>
        </div>
        <Field label={t('holds.reason')} hint={t('holds.reasonHint')} error={fieldError(problem, 'reason')}>
          {(control) => <textarea {...control} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>{t('holds.place.submit')}</button>
          <span role="status" className="muted">{done ?? ''}</span>
        </div>
      </form>
    </section>
  );
}
