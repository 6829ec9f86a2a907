import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, fieldError } from '../../api/client';
import type { Case } from '../../api/moderation';
import { ncmecCategories, type NewReferral, type Referral, type ReferralKind, type ReferralPage } from '../../api/referrals';
import { Link } from '../../app/router';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAction } from '../../components/useAction';
import { useI18n, type MessageKey } from '../../i18n';

/** The optional fields legal adds per kind; everything else the server takes from the case. */
const fieldsOf: Record<ReferralKind, readonly string[]> = {
  ncmec: ['victimAccountId', 'escalateToHighPriority', 'additionalInfo'],
  police: ['unit', 'policeCaseNumber', 'summary'],
};
const long = new Set(['escalateToHighPriority', 'additionalInfo', 'summary']);

function ReferForm({ caseId, kind, onDone, onCancel }: { caseId: string; kind: ReferralKind; onDone: (r: Referral) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string>>({});
  const { busy, problem, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const details = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
    void run(async () => onDone(await api<Referral>('POST', `/cases/${caseId}/referrals`, { kind, details } as NewReferral)));
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t(`referrals.refer.${kind}`)}>
      <ProblemAlert problem={problem} />
      <p className="muted">{t(`referrals.refer.${kind}Hint`)}</p>
      {fieldsOf[kind].map((name) => (
        <Field key={name} label={t(`referrals.field.${name}` as MessageKey)} error={fieldError(problem, name)}>
          {(control) => long.has(name)
            ? <textarea {...control} rows={2} value={values[name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} />
            : <input {...control} value={values[name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} />}
        </Field>
      ))}
      <div className="actions">
        <button type="submit" disabled={busy}>{t(`referrals.refer.${kind}Submit`)}</button>
        <button type="button" className="button-quiet" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/**
 * The case's referrals and the way to make one (legal and senior moderators): a CyberTipline report
 * for the categories NCMEC takes, while the case has no live one, and a police intelligence package.
 * Sending, retrying and downloading happen on the Referrals page.
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
        <ReferForm caseId={kase.id} kind={open} onDone={created} onCancel={() => setOpen(null)} />
      ) : (
        <div className="actions">
          {ncmecAllowed && <button type="button" onClick={() => setOpen('ncmec')}>{t('referrals.refer.ncmec')}</button>}
          <button type="button" className="button-quiet" onClick={() => setOpen('police')}>{t('referrals.refer.police')}</button>
        </div>
      )}
    </section>
  );
}
