import type { AccountOverview, SignalFinding } from '../../api/types';
import { isMessageKey, useI18n } from '../../i18n';
import { Evidence, evidenceCount } from './Evidence';

const statistics = [
  'minorsContacted', 'minorsFirstContacted24h', 'minorsFirstContacted7d', 'minorsWhoBlockedOrIgnored', 'ageGapDenials24h', 'buffsToMinors24h',
] as const satisfies readonly (keyof AccountOverview['statistics'])[];

/** The member's contact with minors, in figures. */
export function ContactStatistics({ values }: { values: AccountOverview['statistics'] }) {
  const { t, locale } = useI18n();
  const number = new Intl.NumberFormat(locale);
  return (
    <section aria-labelledby="account-stats-title">
      <h2 id="account-stats-title">{t('accounts.statsTitle')}</h2>
      <ul className="stats">
        {statistics.map((key) => (
          <li key={key} className="stat" data-stat={key}>
            <span className="stat-value">{number.format(values[key])}</span>
            <span className="stat-label">{t(`accounts.stat.${key}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A signal's name in the reader's language (signal kinds are also case item kinds). */
export function useSignalName(): (kind: string) => string {
  const { t } = useI18n();
  return (kind) => {
    const key = `signal.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };
}

/** Each threshold the member crosses now: measured value against threshold, and the evidence to expand. */
export function SignalList({ signals }: { signals: readonly SignalFinding[] }) {
  const { t, locale } = useI18n();
  const name = useSignalName();
  const format = (kind: string, value: number) =>
    kind === 'minors-reject'
      ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value)
      : new Intl.NumberFormat(locale).format(value);
  return (
    <section aria-labelledby="account-signals-title">
      <h2 id="account-signals-title">{t('accounts.signalsTitle')}</h2>
      <p className="muted">{t('accounts.signalsIntro')}</p>
      {signals.length === 0 ? (
        <p>{t('accounts.noSignals')}</p>
      ) : (
        <ul className="signal-list">
          {signals.map((signal) => (
            <li key={signal.kind} className="panel signal" data-signal={signal.kind}>
              <h3>
                <span className="tag tag-warning">{t('accounts.crossed')}</span> {name(signal.kind)}
              </h3>
              <p>
                {t('accounts.valueThreshold', { value: format(signal.kind, signal.value), threshold: format(signal.kind, signal.threshold) })}
                {' · '}<code className="id">{signal.kind}</code>
              </p>
              <details>
                <summary>{t('accounts.evidence', { count: evidenceCount(signal.evidence) })}</summary>
                <Evidence evidence={signal.evidence} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
