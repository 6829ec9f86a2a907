import { useRef, useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { contactKinds, type ContactDecision, type ContactKind } from '../../api/types';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { DecisionResult, type Asked } from './DecisionResult';

type Mode = 'accounts' | 'ages';

/**
 * "Try a decision": how the policy in force decides a contact, either between two real accounts
 * (POST /v1/contact/decide, exactly what the platform would get) or between two ages
 * (POST /v1/contact/simulate, with who wrote first given by hand).
 */
export function TryDecisionPage() {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>('ages');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [fromAge, setFromAge] = useState('');
  const [toAge, setToAge] = useState('');
  const [youngerWroteFirst, setYoungerWroteFirst] = useState(false);
  const [kind, setKind] = useState<ContactKind>('message');
  const [result, setResult] = useState<{ decision: ContactDecision; asked: Asked } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      const asked: Asked = mode === 'accounts' ? { mode, from: from.trim(), to: to.trim(), kind } : { mode, kind };
      const decision = mode === 'accounts'
        ? await send('POST /v1/contact/decide', { from: from.trim(), to: to.trim(), kind })
        : await send('POST /v1/contact/simulate', {
          // As typed: an age that is not a whole number goes to the server, which names the field.
          fromAge: ageValue(fromAge) as number, toAge: ageValue(toAge) as number, kind, youngerWroteFirst,
        });
      setResult({ decision, asked });
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  // The server names the field; the form says what to do about it in the reader's language.
  const self = from.trim() !== '' && from.trim() === to.trim();
  const fields = {
    from: 'decision.error.account', to: self ? 'decision.error.self' : 'decision.error.account',
    fromAge: 'decision.error.age', toAge: 'decision.error.age', kind: null,
  } as const;
  const error = (field: keyof typeof fields) => {
    const key = fields[field];
    const found = fieldError(problem, field);
    return found === undefined ? undefined : key ? t(key) : found;
  };
  const placed = (Object.keys(fields) as (keyof typeof fields)[]).some((f) => fieldError(problem, f) !== undefined);
  return (
    <>
      <h1>{t('decision.title')}</h1>
      <p className="lead">{t('decision.description')}</p>
      <form className="panel" onSubmit={submit} noValidate>
        <fieldset className="mode-choice">
          <legend>{t('decision.mode')}</legend>
          {(['ages', 'accounts'] as const).map((m) => (
            <label key={m} className="checkbox">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => { setMode(m); setProblem(null); }} />
              {t(`decision.mode.${m}`)}
            </label>
          ))}
        </fieldset>
        {mode === 'accounts' ? (
          <div className="form-row">
            <Field label={t('decision.from')} hint={t('decision.accountHint')} error={error('from')}>
              {(control) => <input {...control} required value={from} onChange={(e) => setFrom(e.target.value)} />}
            </Field>
            <Field label={t('decision.to')} hint={t('decision.accountHint')} error={error('to')}>
              {(control) => <input {...control} required value={to} onChange={(e) => setTo(e.target.value)} />}
            </Field>
          </div>
        ) : (
          <div className="form-row">
            <Field label={t('decision.fromAge')} hint={t('decision.ageHint')} error={error('fromAge')}>
              {(control) => (
                <input {...control} type="number" inputMode="numeric" min={0} max={120} className="input-number" required value={fromAge} onChange={(e) => setFromAge(e.target.value)} />
              )}
            </Field>
            <Field label={t('decision.toAge')} hint={t('decision.ageHint')} error={error('toAge')}>
              {(control) => (
                <input {...control} type="number" inputMode="numeric" min={0} max={120} className="input-number" required value={toAge} onChange={(e) => setToAge(e.target.value)} />
              )}
            </Field>
          </div>
        )}
        <Field label={t('decision.kind')} error={error('kind')}>
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.target.value as ContactKind)}>
              {contactKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
            </select>
          )}
        </Field>
        {mode === 'ages' ? (
          <div className="field">
            <div className="checkbox">
              <input
                id="younger-wrote-first" type="checkbox" checked={youngerWroteFirst} aria-describedby="younger-wrote-first-hint"
                onChange={(e) => setYoungerWroteFirst(e.target.checked)}
              />
              <label htmlFor="younger-wrote-first">{t('decision.youngerWroteFirst')}</label>
            </div>
            <p id="younger-wrote-first-hint" className="field-hint">{t('decision.youngerWroteFirstHint')}</p>
          </div>
        ) : (
          <p className="field-hint">{t('decision.accountsWroteFirstHint')}</p>
        )}
        <ProblemAlert problem={placed ? null : problem} />
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('decision.decide')}</button>
      </form>
      {result && <DecisionResult ref={resultRef} decision={result.decision} asked={result.asked} />}
    </>
  );
}

/** A whole number as typed; anything else goes as typed, so the server names the field. */
function ageValue(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}
