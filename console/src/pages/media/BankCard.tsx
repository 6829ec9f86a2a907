import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { hashTypes, type HashBank, type HashType } from '../../api/media';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { useSay } from '../cases/labels';
import { BankImport } from './BankImport';

/** Takes one hash out of a bank, with the reason recorded in the audit log (admins). */
function WithdrawForm({ bank, onDone }: { bank: HashBank; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [type, setType] = useState<HashType>('pdq');
  const [hash, setHash] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setDone('');
    try {
      const result = await send('POST /v1/banks/{id}/withdraw', { id: bank.id }, { type, hash: hash.trim(), reason: reason.trim() });
      if (result.withdrawn) setHash('');
      await onDone();
      setDone(result.withdrawn ? t('media.withdraw.done') : t('media.withdraw.notFound'));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="bank-withdraw" onSubmit={submit} noValidate aria-label={t('media.withdraw.title', { bank: bank.name })}>
      <h4>{t('media.withdraw.title', { bank: bank.name })}</h4>
      <ProblemAlert problem={problem} />
      <div className="form-row">
        <Field label={t('media.hash.type')}>
          {(control) => (
            <select {...control} value={type} onChange={(e) => setType(e.target.value as HashType)}>
              {hashTypes.map((h) => <option key={h} value={h}>{t(`media.hashType.${h}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('media.hash.value')} error={fieldError(problem, 'hash')}>
          {(control) => <input {...control} className="hash-input" spellCheck={false} value={hash} onChange={(e) => setHash(e.target.value)} />}
        </Field>
        <Field label={t('media.withdraw.reason')} error={fieldError(problem, 'reason')}>
          {(control) => <input {...control} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy || !hash.trim() || !reason.trim()}>{t('media.withdraw.submit')}</button>
        <span role="status" className="muted">{done}</span>
      </div>
    </form>
  );
}

/** One bank: what it does, its counts, and for admins import, withdraw and export. */
export function BankCard({ bank, isAdmin, onChanged }: { bank: HashBank; isAdmin: boolean; onChanged: () => Promise<void> }) {
  const { t, locale, formatDateTime } = useI18n();
  const say = useSay();
  const [open, setOpen] = useState<'import' | 'withdraw' | null>(null);
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const toggle = (which: 'import' | 'withdraw') => setOpen((o) => (o === which ? null : which));
  return (
    <li className="panel bank-card" data-bank={bank.name}>
      <h3>
        {bank.name} <span className={bank.kind === 'test' ? 'tag tag-plain' : 'tag tag-danger'}>{say('media.kind', bank.kind)}</span>
      </h3>
      {bank.description && <p className="muted">{bank.description}</p>}
      <dl className="facts facts-compact bank-facts">
        <div className="facts-row"><dt>{t('media.bank.active')}</dt><dd data-testid="bank-active">{number(bank.active)}</dd></div>
        <div className="facts-row"><dt>{t('media.bank.withdrawn')}</dt><dd data-testid="bank-withdrawn">{number(bank.withdrawn)}</dd></div>
        <div className="facts-row"><dt>{t('media.bank.action')}</dt><dd>{say('media.action', bank.action)}</dd></div>
        <div className="facts-row"><dt>{t('media.bank.category')}</dt><dd>{say('case.category', bank.category)}</dd></div>
        <div className="facts-row">
          <dt>{t('media.bank.pdq')}</dt>
          <dd>{t('media.bank.pdqValue', { threshold: bank.pdqThreshold, floor: bank.qualityFloor })}</dd>
        </div>
        <div className="facts-row"><dt>{t('media.bank.created')}</dt><dd>{formatDateTime(bank.createdAt)}</dd></div>
      </dl>
      {isAdmin && (
        <div className="actions">
          <button type="button" className="button-quiet" aria-expanded={open === 'import'} onClick={() => toggle('import')}>{t('media.import.open')}</button>
          <button type="button" className="button-quiet" aria-expanded={open === 'withdraw'} onClick={() => toggle('withdraw')}>{t('media.withdraw.open')}</button>
          <a className="button-link-quiet" href={`/v1/banks/${bank.id}/export`} download>{t('media.bank.export')}</a>
        </div>
      )}
      {isAdmin && open === 'import' && <BankImport bank={bank} onImported={onChanged} />}
      {isAdmin && open === 'withdraw' && <WithdrawForm bank={bank} onDone={onChanged} />}
    </li>
  );
}
