import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { PolicyVersion, PolicyVersionWithChanges } from '../../api/types';
import { Link } from '../../app/router';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { listAllStaff } from '../staff/StaffPage';
import { PolicyEditor } from './PolicyEditor';
import { PolicyHistory } from './PolicyHistory';
import { PolicyView } from './PolicyView';

/** The contact policy: every staff member reads it and its history; admins edit it. */
export function PolicyPage() {
  const { t, formatDateTime } = useI18n();
  const { session } = useConsole();
  const isAdmin = session.staff.role === 'admin';
  const [current, setCurrent] = useState<PolicyVersion | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const [historyReload, setHistoryReload] = useState(0);
  const [directory, setDirectory] = useState<ReadonlyMap<string, string>>(new Map());
  const savedMessage = useRef<HTMLParagraphElement>(null);

  const load = useCallback(async () => {
    try {
      setCurrent(await api<PolicyVersion>('GET', '/policy'));
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Only admins may list staff; everyone else sees who saved a version as an id (or "you").
  useEffect(() => {
    if (!isAdmin) return;
    listAllStaff().then(
      (staff) => setDirectory(new Map(staff.map((s) => [s.id, `${s.displayName} (${s.email})`]))),
      () => setDirectory(new Map()),
    );
  }, [isAdmin]);

  useEffect(() => {
    if (saved !== null) savedMessage.current?.focus();
  }, [saved]);

  const who = (staffId: string | null): string => {
    if (!staffId) return '—';
    if (staffId === session.staff.id) return `${session.staff.displayName} (${t('policy.you')})`;
    return directory.get(staffId) ?? t('policy.staffMember', { id: staffId.slice(0, 8) });
  };

  const onSaved = (version: PolicyVersionWithChanges) => {
    setCurrent(version);
    setEditing(false);
    setSaved(version.version);
    setHistoryReload((n) => n + 1);
  };

  return (
    <>
      <h1>{t('policy.title')}</h1>
      <p className="lead">{t('policy.description')}</p>
      {saved !== null && (
        <p className="alert alert-ok" role="status" tabIndex={-1} ref={savedMessage}>{t('policy.saved', { version: saved })}</p>
      )}
      <ProblemAlert problem={problem} />
      {current === null ? (
        !problem && <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <div className="policy-in-force">
            <p>
              {current.version === 0
                ? t('policy.inForceBuiltIn')
                : t('policy.inForce', { version: current.version, time: formatDateTime(current.createdAt), who: who(current.createdBy) })}
            </p>
            {current.version > 0 && current.comment && (
              <p><strong>{t('policy.comment')}:</strong> {current.comment}</p>
            )}
            <div className="actions">
              {isAdmin && !editing && (
                <button type="button" onClick={() => { setSaved(null); setEditing(true); }}>{t('policy.edit')}</button>
              )}
              {!isAdmin && <span className="muted">{t('policy.onlyAdmins')}</span>}
              <Link href="/console/try-decision">{t('policy.tryLink')}</Link>
            </div>
          </div>
          {editing ? (
            <PolicyEditor current={current} onSaved={onSaved} onCancel={() => setEditing(false)} />
          ) : (
            <PolicyView document={current.document} />
          )}
        </>
      )}
      <PolicyHistory reload={historyReload} who={who} />
    </>
  );
}
