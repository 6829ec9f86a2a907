import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../api/client';
import { send } from '../api/send';
import type { Session } from '../api/types';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n';
import { AuthFrame } from './AuthFrame';

export function SignIn({ onSession }: { onSession: (session: Session) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onSession(await send('POST /v1/auth/sign-in', { email, password }));
    } catch (error) {
      setProblem(asProblem(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('signIn.title')}>
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <Field label={t('signIn.email')} error={fieldError(problem, 'email')}>
          {(control) => (
            <input {...control} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field label={t('signIn.password')} error={fieldError(problem, 'password')}>
          {(control) => (
            <input {...control} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('signIn.submit')}</button>
      </form>
    </AuthFrame>
  );
}
