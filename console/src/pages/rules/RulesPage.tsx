import { useCallback, useEffect, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { Rule } from '../../api/moderation';
import { useConsole } from '../../app/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, usePageTitle } from '../../i18n';
import { CreateRuleForm } from './CreateRuleForm';

/** The community rules every decision cites. Everyone reads them; admins add and retire them (never delete). */
export function RulesPage() {
  const { t, formatDateTime } = useI18n();
  usePageTitle('rules.title');
  const { session } = useConsole();
  const isAdmin = session.staff.role === 'admin';
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    try {
      setRules((await api<{ items: Rule[] }>('GET', '/rules?includeRetired=true')).items);
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const retire = async (rule: Rule) => {
    try {
      await send('POST /v1/rules/{id}/retire', { id: rule.id });
      await load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  return (
    <>
      <h1>{t('rules.title')}</h1>
      <p className="lead">{t('rules.description')}</p>
      {isAdmin && <CreateRuleForm onCreated={load} />}
      <h2>{t('rules.listTitle')}</h2>
      <ProblemAlert problem={problem} />
      {rules === null && !problem && <p role="status">{t('common.loading')}</p>}
      {rules?.length === 0 && <p>{isAdmin ? t('rules.noneAdmin') : t('rules.none')}</p>}
      <ul className="rule-list">
        {rules?.map((r) => (
          <li key={r.id} className="panel" data-rule={r.code}>
            <h3>
              <code>{r.code}</code> {r.title}{' '}
              {r.retiredAt && <span className="tag tag-disabled">{t('rules.retiredAt', { time: formatDateTime(r.retiredAt) })}</span>}
            </h3>
            <p>{r.description}</p>
            <p className="muted small">
              {t(r.ground === 'DECISION_GROUND_ILLEGAL_CONTENT' ? 'rules.ground.illegal' : 'rules.ground.terms')}
              {r.legalGround && <> · {t('rules.legalGround')}: {r.legalGround}</>}
            </p>
            {isAdmin && !r.retiredAt && (
              <ConfirmButton
                label={t('rules.retire')} question={t('rules.retireQuestion', { code: r.code })} confirmLabel={t('rules.retire')}
                onConfirm={() => retire(r)}
              />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
