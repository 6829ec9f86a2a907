import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { PolicyDocument, PolicyVersion, PolicyVersionWithChanges } from '../../api/types';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, type Translate } from '../../i18n';
import { ChangesTable } from './ChangesTable';
import {
  diffDocuments, fieldLabel, fieldPaths, isFieldPath, otherPaths, policySections, presentFields, specFor, valueAt, withValueAt, type FieldPath,
} from './fields';
import { inputId, PolicyFieldInput, type DraftValue } from './PolicyFieldInput';

/** Every setting as the form holds it: text as typed, or a checkbox's state. */
type Draft = Record<string, DraftValue>;

const editablePaths = (document: PolicyDocument): string[] => [...presentFields(document, fieldPaths), ...otherPaths(document)];

const toDraft = (document: PolicyDocument): Draft =>
  Object.fromEntries(editablePaths(document).map((path) => {
    const value = valueAt(document, path);
    if (typeof value === 'boolean') return [path, value];
    return [path, Array.isArray(value) ? value.join(', ') : String(value ?? '')];
  }));

/** A number as typed; anything else goes as typed, so the server names the field. */
const numberOrText = (text: string): unknown => (text === '' ? null : Number.isFinite(Number(text)) ? Number(text) : text);

/**
 * The document to save: the one in force with every setting from the form. Numbers that are not
 * numbers go as typed, so the server names the field; settings the form does not know are kept.
 */
function candidate(base: PolicyDocument, draft: Draft): PolicyDocument {
  let document = base;
  for (const path of editablePaths(base)) {
    const { type } = specFor(path, valueAt(base, path));
    const raw = draft[path] ?? '';
    let value: unknown = raw;
    if (typeof raw === 'string') {
      const text = raw.trim();
      if (type === 'integer' || type === 'share' || type === 'number') value = numberOrText(text);
      else if (type === 'list') value = text.split(',').map((s) => s.trim()).filter(Boolean).map(numberOrText);
      else value = text;
    }
    document = withValueAt(document, path, value);
  }
  return document;
}

/** The server's error for a setting, said in the reader's language where the form knows the rule. */
function message(t: Translate, path: FieldPath, value: DraftValue | undefined, fromServer: string): string {
  const spec = specFor(path, undefined);
  if (spec.type === 'timeZone') return t('policy.error.timeZone');
  if (spec.type === 'integer' || spec.type === 'share') {
    const n = Number(value);
    const outside = value === '' || !Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))
      || (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max);
    if (outside && spec.type === 'share') return t('policy.error.share');
    if (outside) return spec.max === undefined ? t('policy.error.atLeast', { min: spec.min ?? 0 }) : t('policy.error.range', { min: spec.min ?? 0, max: spec.max });
    if (path === 'registration.minimumAge') return t('policy.error.minimumAboveProtected');
  }
  if (spec.type === 'list') return t('policy.error.list', { min: spec.min ?? 0, max: spec.max ?? 0 });
  return fromServer;
}

/** Admins edit every setting, review the diff against the version in force, then save a new version. */
export function PolicyEditor({ current, onSaved, onCancel }: {
  current: PolicyVersion;
  onSaved: (saved: PolicyVersionWithChanges) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => toDraft(current.document));
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const [busy, setBusy] = useState(false);
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);

  const next = useMemo(() => candidate(current.document, draft), [current.document, draft]);
  const changes = useMemo(() => diffDocuments(current.document, next), [current.document, next]);

  // Errors name the field as document.<path>; each goes beside its setting, and all in the summary.
  const invalid = problem?.code === 'invalid-policy' ? (problem.errors ?? []) : [];
  const errors = new Map<string, string>();
  for (const e of invalid) {
    let path = e.field.replace(/^(body\.)?document\.?/, '');
    // An error inside a list (strikeThresholds.0) belongs to the list's field.
    while (draft[path] === undefined && path.includes('.')) path = path.slice(0, path.lastIndexOf('.'));
    if (!errors.has(path)) errors.set(path, isFieldPath(path) ? message(t, path, draft[path], e.message) : e.message);
  }
  const others = otherPaths(current.document);
  const field = (path: string) => (
    <PolicyFieldInput
      key={path} path={path} spec={specFor(path, valueAt(current.document, path))} value={draft[path] ?? ''} error={errors.get(path)}
      onChange={(value) => {
        setUnchanged(false);
        setDraft((d) => ({ ...d, [path]: value }));
      }}
    />
  );

  useEffect(() => {
    if (step === 'review') reviewHeading.current?.focus();
    else if (invalid.length) summary.current?.focus();
  }, [step, invalid.length]);

  const review = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setUnchanged(changes.length === 0);
    if (changes.length > 0) setStep('review');
  };

  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const body = { document: next, ...(comment.trim() && { comment: comment.trim() }) };
      onSaved(await send('PUT /v1/policy', body));
    } catch (error) {
      const found = asProblem(error);
      setProblem(found);
      if (found.code === 'invalid-policy') setStep('edit');
    } finally {
      setBusy(false);
    }
  };

  if (step === 'review') {
    return (
      <section className="panel" aria-labelledby="policy-review-title">
        <h2 id="policy-review-title" ref={reviewHeading} tabIndex={-1}>{t('policy.reviewTitle', { version: current.version })}</h2>
        <p>{t('policy.reviewIntro', { version: current.version + 1 })}</p>
        <ChangesTable changes={changes} caption={t('policy.reviewTitle', { version: current.version })} />
        <div className="policy-comment">
          <Field label={t('policy.commentOptional')} hint={t('policy.commentHint')}>
            {(control) => <input {...control} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />}
          </Field>
        </div>
        <ProblemAlert problem={problem} />
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void save()}>
            {busy ? t('common.working') : t('policy.save', { version: current.version + 1 })}
          </button>
          <button type="button" className="button-quiet" disabled={busy} onClick={() => setStep('edit')}>{t('policy.backToEdit')}</button>
        </div>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="policy-edit-title">
      <h2 id="policy-edit-title">{t('policy.editTitle')}</h2>
      <p>{t('policy.editIntro')}</p>
      {invalid.length > 0 ? (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={summary}>
          <p className="alert-title">{t('policy.invalid')}</p>
          <ul>
            {[...errors].map(([path, text]) => (
              <li key={path}>
                {draft[path] !== undefined ? (
                  <button type="button" className="button-link" onClick={() => document.getElementById(inputId(path))?.focus()}>
                    {fieldLabel(t, path)}: {text}
                  </button>
                ) : (
                  <>{path}: {text}</>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ProblemAlert problem={problem} />
      )}
      <form onSubmit={review} noValidate>
        {policySections.map((section) => ({ id: section.id, fields: presentFields(current.document, section.fields) })).filter((s) => s.fields.length).map((section) => (
          <fieldset key={section.id}>
            <legend>{t(`policy.section.${section.id}`)}</legend>
            <div className="form-row">{section.fields.map(field)}</div>
          </fieldset>
        ))}
        {others.length > 0 && (
          <fieldset>
            <legend>{t('policy.section.other')}</legend>
            <p className="field-hint">{t('policy.sectionIntro.other')}</p>
            <div className="form-row">{others.map(field)}</div>
          </fieldset>
        )}
        {unchanged && <p className="alert" role="status">{t('policy.noChanges')}</p>}
        <div className="actions">
          <button type="submit">{t('policy.review')}</button>
          <button type="button" className="button-quiet" onClick={onCancel}>{t('policy.cancelEdit')}</button>
        </div>
      </form>
    </section>
  );
}
