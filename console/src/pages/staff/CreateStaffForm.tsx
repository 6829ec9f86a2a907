import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { roles, type Role } from '../../api/types';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ShownOnce } from '../../components/ShownOnce';
import { useI18n } from '../../i18n';

/** Creates an account with a generated password, which the admin passes on (and which is shown once). */
export function CreateStaffForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('moderator');
  const [displayName, setDisplayName] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setCreated(null);
    try {
      const body = { email: email.trim(), role, ...(displayName.trim() && { displayName: displayName.trim() }) };
      const result = await send('POST /v1/staff', body);
      if (result.password) setCreated({ email: result.staff.email, password: result.password });
      setEmail('');
      setDisplayName('');
      await onCreated();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="create-staff-title">
      <h2 id="create-staff-title">{t('staff.createTitle')}</h2>
      {created && (
        <ShownOnce
          title={t('staff.passwordTitle', { email: created.email })}
          value={created.password}
          testId="generated-password"
          onDismiss={() => setCreated(null)}
        />
      )}
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <div className="form-row">
          <Field label={t('staff.email')} error={fieldError(problem, 'email')}>
            {(control) => <input {...control} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label={t('staff.role')} error={fieldError(problem, 'role')}>
            {(control) => (
              <select {...control} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('staff.nameOptional')} error={fieldError(problem, 'displayName')}>
            {(control) => <input {...control} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
          </Field>
        </div>
        <p className="field-hint">{t('staff.createHint')}</p>
        <button type="submit" disabled={busy}>{busy ? t('common.working') : t('staff.create')}</button>
      </form>
    </section>
  );
}
