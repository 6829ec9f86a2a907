import { useState } from 'react';
import { apiFile, saveFile } from '../../api/client';
import { send } from '../../api/send';
import { mayCorrect, mayRetract, type Referral } from '../../api/referrals';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ReasonForm } from '../../components/ReasonForm';
import { useAction } from '../../components/useAction';
import { useI18n } from '../../i18n';
import { detailFields, detailValues, ReferralDetailsForm } from './ReferralDetailsForm';

type Open = 'none' | 'correct' | 'retract' | 'delivered';

/**
 * What can be done with a referral, as the API allows: correct a CyberTipline report's details (a
 * draft's problems shown by their fields; it is built and validated again), send a validated one
 * (again, after a rejection), retract one NCMEC has not been told is finished; and for legal,
 * download a police package (JSON or its PDF summary, audited) and record that it reached the unit.
 */
export function ReferralActions({ referral: r, onChanged }: { referral: Referral; onChanged: (r: Referral) => void }) {
  const { t } = useI18n();
  const { session } = useConsole();
  const legal = session.staff.role === 'legal';
  const [open, setOpen] = useState<Open>('none');
  const { busy, problem, run } = useAction();
  const submit = () => run(async () => onChanged(await send('POST /v1/referrals/{id}/send', { id: r.id })));
  const download = (format: 'json' | 'pdf') => run(async () => {
    saveFile(await apiFile('GET', `/referrals/${r.id}/package?format=${format}`), `trygg-intelligence-${r.caseId}.${format}`);
  });
  /** PUT replaces the details: fields the form does not show (files, annotations, recipients) are kept. */
  const correct = async (values: Record<string, string>) => {
    const kept = Object.fromEntries(Object.entries((r.details ?? {}) as Record<string, unknown>).filter(([k]) => !detailFields.ncmec.includes(k)));
    onChanged(await send('PUT /v1/referrals/{id}/details', { id: r.id }, { ...kept, ...values }));
    setOpen('none');
  };
  const post = (write: () => Promise<Referral>) => async () => {
    onChanged(await write());
    setOpen('none');
  };

  const canSend = r.kind === 'ncmec' && (r.status === 'validated' || r.status === 'failed');
  const isPackage = r.kind === 'police' && legal && r.document !== null;
  return (
    <div className="referral-actions">
      <ProblemAlert problem={problem} />
      <div className="actions">
        {canSend && (
          <button type="button" disabled={busy} onClick={() => void submit()}>{r.status === 'failed' ? t('referrals.retry') : t('referrals.send')}</button>
        )}
        {isPackage && (
          <>
            <button type="button" className="button-quiet" disabled={busy} onClick={() => void download('json')}>{t('referrals.downloadJson')}</button>
            <button type="button" className="button-quiet" disabled={busy} onClick={() => void download('pdf')}>{t('referrals.downloadPdf')}</button>
          </>
        )}
        {isPackage && r.status === 'validated' && open === 'none' && (
          <button type="button" className="button-quiet" onClick={() => setOpen('delivered')}>{t('referrals.delivered')}</button>
        )}
        {mayCorrect(r) && open === 'none' && (
          <button type="button" className={r.status === 'draft' ? undefined : 'button-quiet'} onClick={() => setOpen('correct')}>{t('referrals.correct')}</button>
        )}
        {mayRetract(r) && open === 'none' && (
          <button type="button" className="button-quiet" onClick={() => setOpen('retract')}>{t('referrals.retract')}</button>
        )}
      </div>
      {open === 'correct' && (
        <ReferralDetailsForm
          kind="ncmec" label={t('referrals.correctTitle')} hint={t('referrals.correctHint')} submitLabel={t('referrals.correctSubmit')}
          initial={detailValues('ncmec', r.details)} reportProblems={r.validationErrors} onSubmit={correct} onCancel={() => setOpen('none')}
        />
      )}
      {open === 'retract' && (
        <ReasonForm
          name={t('referrals.retractTitle')} label={t('referrals.retractReason')} hint={t('referrals.retractHint')} onCancel={() => setOpen('none')}
          actions={[{ label: t('referrals.retractSubmit'), danger: true, run: (reason) => post(() => send('POST /v1/referrals/{id}/retract', { id: r.id }, { reason }))() }]}
        />
      )}
      {open === 'delivered' && (
        <ReasonForm
          name={t('referrals.deliveredTitle')} label={t('referrals.deliveredNote')} hint={t('referrals.deliveredHint')} field="note" onCancel={() => setOpen('none')}
          actions={[{ label: t('referrals.deliveredSubmit'), run: (note) => post(() => send('POST /v1/referrals/{id}/delivered', { id: r.id }, { note }))() }]}
        />
      )}
    </div>
  );
}
