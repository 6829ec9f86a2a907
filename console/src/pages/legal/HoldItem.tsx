import { useState } from 'react';
import {} from '../../api/client';
import { send } from '../../api/send';
import type { LegalHold } from '../../api/legal';
import { Link } from '../../app/router';
import { ReasonForm } from '../../components/ReasonForm';
import { useI18n } from '../../i18n';
import { useStaffName } from '../cases/labels';

const scopeHref = (h: LegalHold) =>
  h.scope.type === 'case' ? `/console/cases/${h.scope.id}` : `/console/accounts/${encodeURIComponent(h.scope.id)}`;

/** One hold: what it covers, why, who placed it and when; released ones say by whom, when and why. */
export function HoldItem({ hold: h, mayRelease, onChanged }: { hold: LegalHold; mayRelease: boolean; onChanged: (hold: LegalHold) => void }) {
  const { t, formatDateTime } = useI18n();
  const staffName = useStaffName();
  const [releasing, setReleasing] = useState(false);

  const release = async (reason: string) => {
    onChanged(await send('POST /v1/legal-holds/{id}/release', { id: h.id }, { reason }));
    setReleasing(false);
  };

  return (
    <li className="panel hold-item" data-hold={h.id} data-active={String(h.active)}>
      <h3>
        {t(`holds.scope.${h.scope.type}`)} <Link href={scopeHref(h)}><code>{h.scope.id}</code></Link>{' '}
        <span className={h.active ? 'tag tag-active' : 'tag tag-plain'} data-testid="hold-state">{h.active ? t('holds.active') : t('holds.released')}</span>
      </h3>
      <p className="hold-reason">{h.reason}</p>
      <p className="muted small">{t('holds.placedBy', { who: staffName(h.placedBy), time: formatDateTime(h.placedAt) })}</p>
      {h.released && (
        <p className="small" data-testid="hold-release">
          {t('holds.releasedBy', { who: staffName(h.released.by), time: formatDateTime(h.released.at) })} <q>{h.released.reason}</q>
        </p>
      )}
      {mayRelease && h.active && !releasing && (
        <div className="actions">
          <button type="button" className="button-quiet" onClick={() => setReleasing(true)}>{t('holds.release')}</button>
        </div>
      )}
      {mayRelease && h.active && releasing && (
        <ReasonForm
          name={t('holds.releaseTitle', { id: h.scope.id })} label={t('holds.releaseReason')} hint={t('holds.reasonHint')}
          actions={[{ label: t('holds.releaseSubmit'), danger: true, run: release }]} onCancel={() => setReleasing(false)}
        />
      )}
    </li>
  );
}
