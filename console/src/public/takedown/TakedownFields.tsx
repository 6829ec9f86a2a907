import { useEffect, useState } from 'react';
import { api, query } from '../../api/client';
import type { SupportContact, TakedownHash } from '../../api/takedowns';
import { useI18n, type MessageKey } from '../../i18n';
import { hashFile } from './hashFile';
import { takedownFieldId, type TakedownField } from './draft';

/** A question with one answer: a fieldset whose legend is the question, with an error tied to it. */
export function RadioGroup({ field, legend, options, value, error, onChange }: {
  field: TakedownField;
  legend: MessageKey;
  options: readonly (readonly [string, MessageKey])[];
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const errorId = `takedown-${field}-error`;
  return (
    <fieldset className={error ? 'choice-group field-invalid' : 'choice-group'} aria-describedby={error ? errorId : undefined}>
      <legend>{t(legend)}</legend>
      {error && <p id={errorId} className="field-error">{error}</p>}
      {options.map(([option, label], i) => (
        <label key={option} className="choice">
          <input
            type="radio" name={`takedown-${field}`} id={i === 0 ? takedownFieldId(field) : undefined} value={option}
            checked={value === option} onChange={() => onChange(option)} aria-invalid={error ? true : undefined}
          />
          <span className="choice-label">{t(label)}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** One text box per link or identifier; more can be added, any but the last removed. */
export function ContentList({ items, error, onChange }: { items: string[]; error?: string; onChange: (items: string[]) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className={error ? 'choice-group field-invalid' : 'choice-group'} aria-describedby={`takedown-content-hint${error ? ' takedown-content-error' : ''}`}>
      <legend>{t('takedown.whereTitle')}</legend>
      <p id="takedown-content-hint" className="field-hint">{t('takedown.whereHint')}</p>
      {error && <p id="takedown-content-error" className="field-error">{error}</p>}
      {items.map((value, i) => (
        <div key={i} className="field content-item">
          <label htmlFor={`takedown-content-${i}`}>{t('takedown.contentItem', { n: i + 1 })}</label>
          <input
            id={`takedown-content-${i}`} value={value} maxLength={2000} aria-invalid={error && i === 0 ? true : undefined}
            onChange={(e) => onChange(items.map((v, j) => (j === i ? e.target.value : v)))}
          />
          {items.length > 1 && (
            <button type="button" className="button-quiet" onClick={() => onChange(items.filter((_, j) => j !== i))}>
              {t('takedown.removeItem', { n: i + 1 })}
            </button>
          )}
        </div>
      ))}
      {items.length < 20 && <button type="button" className="button-quiet" onClick={() => onChange([...items, ''])}>{t('takedown.addItem')}</button>}
    </fieldset>
  );
}

/** Hashes pictures on the device; only the hashes join the request. */
export function HashPicker({ hashes, onChange }: { hashes: TakedownHash[]; onChange: (hashes: TakedownHash[]) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string[]>([]);
  const choose = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    const added: TakedownHash[] = [];
    const bad: string[] = [];
    for (const file of Array.from(files).slice(0, 20 - hashes.length)) {
      try {
        added.push(await hashFile(file));
      } catch {
        bad.push(file.name);
      }
    }
    setFailed(bad);
    onChange([...hashes, ...added]);
    setBusy(false);
  };
  return (
    <fieldset className="choice-group hash-picker">
      <legend>{t('takedown.hashTitle')}</legend>
      <p id="takedown-hashes-hint" className="field-hint">{t('takedown.hashIntro')}</p>
      <div className="field">
        <label htmlFor="takedown-hashes">{t('takedown.hashFile')}</label>
        <input
          id="takedown-hashes" type="file" accept="image/*" multiple aria-describedby="takedown-hashes-hint"
          onChange={(e) => { void choose(e.target.files); e.target.value = ''; }}
        />
      </div>
      <div role="status" aria-live="polite">
        {busy && <p>{t('takedown.hashing')}</p>}
        {failed.map((name) => <p key={name} className="field-error">{t('takedown.hashFailed', { name })}</p>)}
      </div>
      {hashes.length > 0 && (
        <ul className="hash-list" data-testid="takedown-hashes">
          {hashes.map((h, i) => (
            <li key={`${h.md5}-${i}`}>
              <span>{t('takedown.hashDone', { name: h.fileName ?? '' })}</span>{' '}
              <button type="button" className="button-quiet" onClick={() => onChange(hashes.filter((_, j) => j !== i))}>
                {t('takedown.hashRemove', { name: h.fileName ?? '' })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** The configured support contacts: the country's own, then international ones. */
export function SupportContacts({ country, given }: { country?: string; given?: SupportContact[] }) {
  const { t } = useI18n();
  const [items, setItems] = useState<SupportContact[]>(given ?? []);
  useEffect(() => {
    if (given) return setItems(given);
    let live = true;
    api<{ items: SupportContact[] }>('GET', `/public/takedowns/support${query({ country: country || undefined })}`).then((r) => live && setItems(r.items), () => {});
    return () => { live = false; };
  }, [country, given]);
  return (
    <section className="panel support" aria-labelledby="takedown-support-title" data-testid="takedown-support">
      <h2 id="takedown-support-title">{t('takedown.support.title')}</h2>
      <p>{t('takedown.support.intro')}</p>
      <p><strong>{t('public.emergency')}</strong></p>
      <ul className="support-list">
        {items.map((s) => (
          <li key={s.name}>
            <strong>{s.url ? <a href={s.url} rel="noopener noreferrer">{s.name}</a> : s.name}</strong>
            {s.phone && <> · <a href={`tel:${s.phone.replace(/\s/g, '')}`}>{s.phone}</a></>}
            {s.description && <> · {s.description}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}
