import { useState } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { roles, type Role, type Staff } from '../../api/types';
import { useConsole } from '../../app/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/** One staff account with its actions; the server refuses what would lock everyone out. */
export function StaffRow({ member, onChanged }: { member: Staff; onChanged: () => Promise<void> }) {
  const { t, formatDateTime } = useI18n();
  const { session } = useConsole();
  const [role, setRole] = useState<Role>(member.role);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const isSelf = member.id === session.staff.id;
  const locked = member.lockedUntil !== null && new Date(member.lockedUntil) > new Date();

  const act = async (request: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await request();
      await onChanged();
    } catch (error) {
      setProblem(asProblem(error));
      setRole(member.role);
    } finally {
      setBusy(false);
    }
  };
  const patch = (body: Partial<Pick<Staff, 'role' | 'status'>>) => act(() => send('PATCH /v1/staff/{id}', { id: member.id }, body));

  return (
    <tr>
      <td>
        {member.email}
        {isSelf && <> <span className="tag">{t('staff.you')}</span></>}
      </td>
      <td>{member.displayName}</td>
      <td>
        <div className="cell-actions">
          <select aria-label={t('staff.roleFor', { email: member.email })} value={role} disabled={busy} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
          {role !== member.role && (
            <button type="button" disabled={busy} onClick={() => void patch({ role })}>{t('staff.saveRole')}</button>
          )}
        </div>
      </td>
      <td>
        <span className={`tag tag-${member.status}`}>{t(`staff.status.${member.status}`)}</span>
        {locked && <span className="tag tag-warning">{t('staff.locked')}</span>}
      </td>
      <td>{member.twoFactorEnabled ? t('common.on') : t('common.off')}</td>
      <td>{formatDateTime(member.lastSignInAt)}</td>
      <td>
        <div className="cell-actions">
          {!isSelf && (member.status === 'active' ? (
            <ConfirmButton
              label={t('staff.disable')} question={t('staff.disableQuestion', { email: member.email })}
              confirmLabel={t('staff.disable')} disabled={busy} onConfirm={() => patch({ status: 'disabled' })}
            />
          ) : (
            <button type="button" className="button-quiet" disabled={busy} onClick={() => void patch({ status: 'active' })}>
              {t('staff.enable')}
            </button>
          ))}
          {member.twoFactorEnabled && (
            <ConfirmButton
              label={t('staff.resetTwoFactor')} question={t('staff.resetQuestion', { email: member.email })}
              confirmLabel={t('staff.resetTwoFactor')} disabled={busy}
              onConfirm={() => act(() => send('POST /v1/staff/{id}/reset-two-factor', { id: member.id }))}
            />
          )}
        </div>
        <ProblemAlert problem={problem} />
      </td>
    </tr>
  );
}
