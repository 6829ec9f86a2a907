import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { decisionGrounds, type DecisionGround } from '../../api/moderation';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

const empty = { code: '', title: '', description: '', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT' as DecisionGround, legalGround: '' };

/** A new rule: a short code, a title and description members can read, and its ground (the terms, or a law). */
export function CreateRuleForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const [rule, setRule] = useState(empty);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof empty, value: string) => setRule((r) => ({ ...r, [key]: value }));
  const illegal = rule.ground === 'DECISION_GROUND_ILLEGAL_CONTENT';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await send('POST /v1/rules', {
        code: rule.code.trim(), title: rule.title.trim(), description: rule.description.trim(), ground: rule.ground,
        ...(illegal && rule.legalGround.trim() ? { legalGround: rule.legalGround.trim() } : {}),
      });
      setRule(empty);
      await onCreated();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="create-rule-title">
      <h2 id="create-rule-title">{t('rules.createTitle')}</h2>
      <form onSubmit={submit} noValidate>
        <ProblemAlert problem={problem} />
        <div className="form-row">
          <Field label={t('rules.code')} hint={t('rules.codeHint')} error={fieldError(problem, 'code')}>
            {(control) => <input {...control} required value={rule.code} onChange={(e) => set('code', e.target.value)} />}
          </Field>
          <Field label={t('rules.titleField')} error={fieldError(problem, 'title')}>
            {(control) => <input {...control} required value={rule.title} onChange={(e) => set('title', e.target.value)} />}
          </Field>
        </div>
        <Field label={t('rules.descriptionField')} hint={t('rules.descriptionHint')} error={fieldError(problem, 'description')}>
          {(control) => <textarea {...control} rows={3} required value={rule.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label={t('rules.ground')} error={fieldError(problem, 'ground')}>
            {(control) => (
              <select {...control} value={rule.ground} onChange={(e) => set('ground', e.target.value)}>
                {decisionGrounds.map((g) => (
                  <option key={g} value={g}>{t(g === 'DECISION_GROUND_ILLEGAL_CONTENT' ? 'rules.ground.illegal' : 'rules.ground.terms')}</option>
                ))}
              </select>
            )}
          </Field>
          {illegal && (
            <Field label={t('rules.legalGround')} hint={t('rules.legalGroundHint')} error={fieldError(problem, 'legalGround')}>
              {(control) => <input {...control} required value={rule.legalGround} onChange={(e) => set('legalGround', e.target.value)} />}
            </Field>
          )}
        </div>
        <button type="submit" disabled={busy}>{t('rules.create')}</button>
      </form>
    </section>
  );
}
