import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { send } from '../../api/send';
import type { Case } from '../../api/moderation';
import { ncmecCategories, type NewReferral, type Referral, type ReferralKind, type ReferralPage } from '../../api/referrals';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n';
import { ReferralDetailsForm } from '../referrals/ReferralDetailsForm';

/**
 * The case's referrals and the way to make one (legal and senior moderators): a CyberTipline report
 * for the categories NCMEC takes, while the case has no live one, and a police intelligence package.
 * Correcting, sending, retrying and downloading happen on the Referrals page.
 */
export function CaseReferrals({ kase }: { kase: Case }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Referral[]>([]);
  const [open, setOpen] = useState<ReferralKind | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    const page = await api<ReferralPage>('GET', `/referrals?caseId=${kase.id}&limit=50`).catch(() => null);
    if (page) setItems(page.items);
  }, [kase.id]);
  useEffect(() => {
    void load();
  }, [load]);

  const created = async (r: Referral) => {
    setOpen(null);
    await load();
    setDone(t('referrals.madeDone', { state: t(`referrals.state.${r.status}`) }));
  };
  const liveNcmec = items.some((r) => r.kind === 'ncmec' && r.status !== 'retracted');
  const ncmecAllowed = (ncmecCategories as readonly string[]).includes(kase.category) && !liveNcmec;
  return (
    <section className="panel case-referrals" aria-labelledby="case-referrals-title">
      <h2 id="case-referrals-title">{t('referrals.caseTitle')}</h2>
      {items.length > 0 && (
        <ul>
          {items.map((r) => (
            <li key={r.id} data-referral={r.id}>
              {t(`referrals.kind.${r.kind}`)} · <span className="tag">{t(`referrals.state.${r.status}`)}</span>
              {r.status === 'draft' && r.validationErrors && (
                <ul className="small">{r.validationErrors.map((e) => <li key={e.field}><code>{e.field}</code>: {e.message}</li>)}</ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="muted">{done ?? ''}</p>
      {items.length > 0 && <p><Link href={`/console/referrals/case/${kase.id}`}>{t('referrals.seeAll')}</Link></p>}
      {open ? (
        <ReferralDetailsForm
          kind={open} label={t(`referrals.refer.${open}`)} hint={t(`referrals.refer.${open}Hint`)} submitLabel={t(`referrals.refer.${open}Submit`)}
          onSubmit={async (details) => created(await send('POST /v1/cases/{id}/referrals', { id: kase.id }, { kind: open, details } as NewReferral))}
          onCancel={() => setOpen(null)}
        />
      ) : (
        <div className="actions">
          {ncmecAllowed && <button type="button" onClick={() => setOpen('ncmec')}>{t('referrals.refer.ncmec')}</button>}
          <button type="button" className="button-quiet" onClick={() => setOpen('police')}>{t('referrals.refer.police')}</button>
        </div>
      )}
    </section>
  );
}
