import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';

export interface MemberStrikes {
  activeStrikes: number;
  thresholds: number[];
  restrictionsInForce: { actionId: string; action: string; endsAt: string | null }[];
  suspensionSuggested: boolean;
}

/**
 * The member's active strikes against the policy's thresholds (DSA Art. 23) and, when they reach
 * one with no suspension or ban in force, the suggestion to suspend: Trygg suggests, a person decides.
 * Roles that may not read strikes see nothing here.
 */
export function Strikes({ externalId }: { externalId: string }) {
  const { t } = useI18n();
  const [strikes, setStrikes] = useState<MemberStrikes | null>(null);

  useEffect(() => {
    setStrikes(null);
    let current = true;
    api<MemberStrikes>('GET', `/accounts/${encodeURIComponent(externalId)}/strikes`).then(
      (s) => current && setStrikes(s),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [externalId]);

  if (!strikes) return null;
  return (
    <section className="panel" aria-labelledby="strikes-title" data-testid="account-strikes">
      <h2 id="strikes-title">{t('accounts.strikesTitle')}</h2>
      <p>{t('accounts.strikesActive', { active: String(strikes.activeStrikes), thresholds: strikes.thresholds.join(', ') || '—' })}</p>
      {strikes.suspensionSuggested && (
        <p className="alert alert-urgent" data-testid="suspension-suggested">{t('accounts.suspensionSuggested')}</p>
      )}
    </section>
  );
}
