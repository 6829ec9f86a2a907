import type { Case } from '../../api/moderation';
import { useI18n } from '../../i18n';
import { isChildSafety } from './labels';

/** What raises a case's priority, as words: child safety, a minor involved, a trusted flagger, reporters, signals. */
export function CaseFlags({ kase }: { kase: Case }) {
  const { t } = useI18n();
  return (
    <span className="case-flags">
      {isChildSafety(kase.category) && <span className="tag tag-danger">{t('case.flag.childSafety')}</span>}
      {kase.minorInvolved && <span className="tag tag-warning">{t('case.flag.minor')}</span>}
      {kase.trustedFlagger && <span className="tag">{t('case.flag.trustedFlagger')}</span>}
      {kase.reporters > 0 && <span className="tag tag-plain">{t('case.flag.reporters', { count: kase.reporters })}</span>}
      {kase.signals > 0 && <span className="tag tag-plain">{t('case.flag.signals', { count: kase.signals })}</span>}
    </span>
  );
}

/** The time limit, and when it has passed an "Overdue" label with a sign: never by colour alone. */
export function DueAt({ kase }: { kase: Case }) {
  const { t, formatDateTime } = useI18n();
  if (!kase.slaDueAt) return <span className="muted">—</span>;
  return (
    <span className="due">
      {kase.overdue && (
        <span className="tag tag-overdue" data-testid="overdue">
          <span aria-hidden="true">⚠ </span>{t('case.overdue')}
        </span>
      )}
      <time dateTime={kase.slaDueAt}>{formatDateTime(kase.slaDueAt)}</time>
    </span>
  );
}
