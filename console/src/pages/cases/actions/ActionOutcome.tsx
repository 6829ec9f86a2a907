import type { ActionResult } from '../../../api/moderation';
import { useI18n } from '../../../i18n';
import { useSay } from '../labels';

/** What the decision did: recorded, or waiting for a second reviewer; strikes, and a suggested suspension. */
export function ActionOutcome({ result }: { result: ActionResult }) {
  const { t } = useI18n();
  const say = useSay();
  return (
    <div className={result.secondReviewRequired ? 'alert alert-urgent' : 'alert alert-ok'} role="status" data-testid="action-outcome">
      <p className="alert-title">
        {result.secondReviewRequired
          ? t('act.waitingSecond')
          : t('act.done', { action: say('action.done', result.action.action), status: say('case.status', result.case.status) })}
      </p>
      {result.action.statement && <p>{t('act.statementIssued')}</p>}
      {result.strikes && (
        <p>{t('act.strikes', { added: result.strikes.added, active: result.strikes.active, thresholds: result.strikes.thresholds.join(', ') })}</p>
      )}
      {result.suspensionSuggested && <p><strong>{t('act.suspensionSuggested')}</strong></p>}
    </div>
  );
}
