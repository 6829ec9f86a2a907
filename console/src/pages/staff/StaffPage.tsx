import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { Staff } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { CreateStaffForm } from './CreateStaffForm';
import { StaffRow } from './StaffRow';

/** Lists every staff account, 200 at a time (the API's page size). */
export async function listAllStaff(): Promise<Staff[]> {
  const all: Staff[] = [];
  for (let offset = 0; ; offset += 200) {
    const { items } = await api<{ items: Staff[] }>('GET', `/staff?limit=200&offset=${offset}`);
    all.push(...items);
    if (items.length < 200) return all;
  }
}

export function StaffPage() {
  const { t } = useI18n();
  const [staff, setStaff] = useState<Staff[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    try {
      setStaff(await listAllStaff());
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <h1>{t('staff.title')}</h1>
      <p className="lead">{t('staff.description')}</p>
      <CreateStaffForm onCreated={load} />
      <h2>{t('staff.listTitle')}</h2>
      <ProblemAlert problem={problem} />
      {staff === null ? (
        !problem && <p role="status">{t('common.loading')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staff.email')}</th>
                <th scope="col">{t('staff.name')}</th>
                <th scope="col">{t('staff.role')}</th>
                <th scope="col">{t('staff.status')}</th>
                <th scope="col">{t('staff.twoFactor')}</th>
                <th scope="col">{t('staff.lastSignIn')}</th>
                <th scope="col">{t('staff.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((member) => (
                <StaffRow key={member.id} member={member} onChanged={load} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
