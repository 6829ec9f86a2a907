import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { bankActions, bankKinds, type BankAction, type BankKind, type NewBank } from '../../api/media';
import { categories, type Category } from '../../api/moderation';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/** A new, empty bank (admins). Action and category default to the kind's; thresholds to the server's. */
export function CreateBankForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<BankKind>('clearinghouse_csam');
  const [action, setAction] = useState<BankAction | ''>('');
  const [category, setCategory] = useState<Category | ''>('');
  const [threshold, setThreshold] = useState('');
  const [floor, setFloor] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setDone(null);
    const body: NewBank = {
      name: name.trim(), kind,
      ...(action && { action }),
      ...(category && { category }),
      ...(threshold.trim() && { pdqThreshold: Number(threshold) }),
      ...(floor.trim() && { qualityFloor: Number(floor) }),
      ...(description.trim() && { description: description.trim() }),
    };
    try {
      await send('POST /v1/banks', body);
      setName('');
      setDescription('');
      await onCreated();
      setDone(t('media.create.done', { name: body.name }));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="create-bank-title">
      <h2 id="create-bank-title">{t('media.create.title')}</h2>
      <p className="muted">{t('media.create.hint')}</p>
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <div className="form-row">
          <Field label={t('media.bank.name')} hint={t('media.create.nameHint')} error={fieldError(problem, 'name')}>
            {(control) => <input {...control} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('media.bank.kind')} error={fieldError(problem, 'kind')}>
            {(control) => (
              <select {...control} value={kind} onChange={(e) => setKind(e.target.value as BankKind)}>
                {bankKinds.map((k) => <option key={k} value={k}>{t(`media.kind.${k}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('media.bank.action')} error={fieldError(problem, 'action')}>
            {(control) => (
              <select {...control} value={action} onChange={(e) => setAction(e.target.value as BankAction | '')}>
                <option value="">{t('media.create.kindDefault')}</option>
                {bankActions.map((a) => <option key={a} value={a}>{t(`media.action.${a}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('media.bank.category')} error={fieldError(problem, 'category')}>
            {(control) => (
              <select {...control} value={category} onChange={(e) => setCategory(e.target.value as Category | '')}>
                <option value="">{t('media.create.kindDefault')}</option>
                {categories.map((c) => <option key={c.id} value={c.id}>{t(`case.category.${c.id}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('media.bank.threshold')} hint={t('media.create.thresholdHint')} error={fieldError(problem, 'pdqThreshold')}>
            {(control) => <input {...control} type="number" min={0} max={63} inputMode="numeric" placeholder="31" value={threshold} onChange={(e) => setThreshold(e.target.value)} />}
          </Field>
          <Field label={t('media.bank.qualityFloor')} hint={t('media.create.floorHint')} error={fieldError(problem, 'qualityFloor')}>
            {(control) => <input {...control} type="number" min={0} max={100} inputMode="numeric" placeholder="50" value={floor} onChange={(e) => setFloor(e.target.value)} />}
          </Field>
        </div>
        <Field label={t('media.bank.description')} error={fieldError(problem, 'description')}>
          {(control) => <textarea {...control} rows={2} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy || !name.trim()}>{t('media.create.submit')}</button>
          <span role="status" className="muted">{done ?? ''}</span>
        </div>
      </form>
    </section>
  );
}
