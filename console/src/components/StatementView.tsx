import type { DsaStatement, Redress } from '../api/moderation';
import { isMessageKey, useI18n } from '../i18n';

const EEA_SIZE = 30;

/**
 * A statement of reasons (DSA Art. 17), readable: the restriction and until when, the ground, the
 * facts, the category, the content, where it applies, how it was detected and decided, and the
 * redress. The free text is as the platform issued it; the codes are named in the reader's language.
 */
export function StatementView({ statement: s, redress, appealLink }: { statement: DsaStatement; redress?: Redress; appealLink?: boolean }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const name = (code: string) => {
    const key = `dsa.${code}`;
    return isMessageKey(key) ? t(key) : code;
  };
  const restrictions = [...(s.decision_visibility ?? []), s.decision_provision, s.decision_account].filter((x): x is string => Boolean(x));
  const until = s.end_date_account_restriction ?? s.end_date_service_restriction ?? s.end_date_visibility_restriction;
  const illegal = s.decision_ground === 'DECISION_GROUND_ILLEGAL_CONTENT';
  return (
    <div className="statement" data-puid={s.puid}>
      <dl className="facts">
        <dt>{t('statement.decision')}</dt>
        <dd>
          {restrictions.map(name).join('; ')}
          {until && <> {t('statement.until', { date: formatDate(until) })}</>}
        </dd>
        <dt>{t('statement.ground')}</dt>
        <dd>
          {name(s.decision_ground)}
          <br />
          <span className="muted">{illegal ? s.illegal_content_legal_ground : s.incompatible_content_ground}</span>
        </dd>
        <dt>{t('statement.explanation')}</dt>
        <dd>{illegal ? s.illegal_content_explanation : s.incompatible_content_explanation}</dd>
        <dt>{t('statement.facts')}</dt>
        <dd className="statement-facts">{s.decision_facts}</dd>
        <dt>{t('statement.category')}</dt>
        <dd>
          {name(s.category)}
          {s.category_specification.length > 0 && (
            <span className="muted"> ({s.category_specification.map(name).join(', ')}{s.category_specification_other ? `: ${s.category_specification_other}` : ''})</span>
          )}
        </dd>
        <dt>{t('statement.content')}</dt>
        <dd>
          {s.content_type.map(name).join(', ')}{s.content_type_other ? ` (${s.content_type_other})` : ''}
          {' · '}{t('statement.contentDate', { date: formatDate(s.content_date) })}
        </dd>
        <dt>{t('statement.applied')}</dt>
        <dd>{formatDate(s.application_date)}</dd>
        <dt>{t('statement.scope')}</dt>
        <dd>{s.territorial_scope.length >= EEA_SIZE ? t('statement.scopeEea') : s.territorial_scope.join(', ')}</dd>
        <dt>{t('statement.source')}</dt>
        <dd>{name(s.source_type)}</dd>
        <dt>{t('statement.automated')}</dt>
        <dd>
          {s.automated_detection === 'Yes' ? t('statement.detectedAutomatically') : t('statement.detectedByPeople')}
          {' · '}{name(s.automated_decision)}
        </dd>
        <dt>{t('statement.reference')}</dt>
        <dd><code className="id">{s.puid}</code></dd>
      </dl>
      {redress && (
        <div className="redress">
          <h4>{t('statement.redress')}</h4>
          <p>{t('statement.redressText', { date: formatDateTime(redress.appealDeadline), months: redress.appealWindowMonths })}</p>
          {appealLink && <p><a href={redress.appealPath}>{t('statement.appealPage')}</a></p>}
        </div>
      )}
    </div>
  );
}
