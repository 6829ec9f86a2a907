import type { MemberCase } from '../../api/types';
import { isMessageKey, useI18n } from '../../i18n';
import { Evidence, evidenceCount } from './Evidence';
import { useSignalName } from './Signals';

/** The cases about the member, each with what it holds (signals and their evidence, newest last). */
export function CaseList({ cases }: { cases: readonly MemberCase[] }) {
  const { t, formatDateTime } = useI18n();
  const itemName = useSignalName();
  const say = (prefix: 'case.category' | 'case.status', value: string) => {
    const key = `${prefix}.${value}`;
    return isMessageKey(key) ? t(key) : value;
  };
  return (
    <section aria-labelledby="account-cases-title">
      <h2 id="account-cases-title">{t('accounts.casesTitle')}</h2>
      {cases.length === 0 ? (
        <p>{t('accounts.noCases')}</p>
      ) : (
        <ul className="case-list">
          {cases.map((c) => (
            <li key={c.id} className="panel" data-case={c.id}>
              <h3>
                {say('case.category', c.category)} <span className="tag">{say('case.status', c.status)}</span>
              </h3>
              <p className="muted">
                {t('accounts.caseOpened', { time: formatDateTime(c.openedAt) })} · {t('accounts.casePriority', { priority: c.priority })}
                {' · '}{t('accounts.caseId')} <code className="id">{c.id}</code>
              </p>
              <h4>{t('accounts.caseItems')}</h4>
              <ul className="case-items">
                {c.items.map((item, i) => (
                  <li key={`${item.kind}-${item.createdAt}-${i}`}>
                    <strong>{itemName(item.kind)}</strong>{' '}
                    <time className="muted" dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                    <details>
                      <summary>{t('accounts.evidence', { count: evidenceCount(item.evidence) })}</summary>
                      <Evidence evidence={item.evidence} />
                    </details>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
