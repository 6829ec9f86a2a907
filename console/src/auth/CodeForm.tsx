import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../api/client';
import { send } from '../api/send';
import type { Session } from '../api/types';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n';

/** Six digits from the authenticator, sent to a two-factor endpoint that answers with the session. */
export function CodeForm({ route, submitLabel, onSession }: {
  route: 'POST /v1/auth/two-factor/enrolment/confirm' | 'POST /v1/auth/two-factor/verify';
  submitLabel: string;
  onSession: (session: Session) => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onSession(await send(route, { code: code.replace(/\s/g, '') }));
    } catch (error) {
      setProblem(asProblem(error));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <ProblemAlert problem={problem} />
      <Field label={t('twoFactor.code')} hint={t('twoFactor.codeHint')} error={fieldError(problem, 'code')}>
        {(control) => (
          <input
            {...control} className="code-input" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*"
            maxLength={7} required value={code} onChange={(e) => setCode(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={busy}>{busy ? t('common.working') : submitLabel}</button>
    </form>
  );
}
