import type { Ref } from 'react';
import type { ContactDecision, ContactKind, ContactParty } from '../../api/types';
import { isMessageKey, useI18n, type Translate } from '../../i18n';

export type Asked = { mode: 'accounts'; from: string; to: string; kind: ContactKind } | { mode: 'ages'; kind: ContactKind };

/** The server's note about an unknown account, said in the reader's language; other notes as they came. */
function note(t: Translate, text: string): string {
  const unknown = /^(?:from|to) \((.*)\) is unknown to Trygg: policy unknownAge\.unknownAccount = (\w+)$/.exec(text);
  if (!unknown) return text;
  const key = `policy.value.unknownAge.unknownAccount.${unknown[2]}`;
  return t('decision.note.unknown', { id: unknown[1]!, treatment: isMessageKey(key) ? t(key) : unknown[2]! });
}

/**
 * Allowed or denied, said in words and with a sign (never by colour alone), the rule that decided
 * and why, the policy version, and what Trygg knew about each member.
 */
export function DecisionResult({ decision, asked, ref }: { decision: ContactDecision; asked: Asked; ref?: Ref<HTMLElement> }) {
  const { t } = useI18n();
  const yesNo = (value: boolean) => t(value ? 'value.yes' : 'value.no');
  const parties: [string, string | null, ContactParty][] = [
    [t('decision.sender'), asked.mode === 'accounts' ? asked.from : null, decision.from],
    [t('decision.recipient'), asked.mode === 'accounts' ? asked.to : null, decision.to],
  ];
  return (
    <section ref={ref} tabIndex={-1} className="panel decision" aria-labelledby="decision-title" data-testid="decision">
      <h2 id="decision-title">{t('decision.resultTitle')}: {t(`kind.${asked.kind}`)}</h2>
      <p className={decision.allow ? 'verdict verdict-allow' : 'verdict verdict-deny'} data-testid="verdict">
        <span aria-hidden="true" className="verdict-sign">{decision.allow ? '✓' : '✕'}</span>
        {decision.allow ? t('decision.allowed') : t('decision.denied')}
      </p>
      <dl className="facts">
        <dt>{t('decision.rule')}</dt>
        <dd><code data-testid="rule">{decision.rule}</code></dd>
        <dt>{t('decision.reason')}</dt>
        <dd>{isMessageKey(`rule.${decision.rule}`) ? t(`rule.${decision.rule}`) : decision.reason}</dd>
        <dt>{t('decision.policyVersion')}</dt>
        <dd data-testid="policy-version">{decision.policyVersion}</dd>
      </dl>
      <h3>{t('decision.parties')}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">{t('decision.parties')}</span></th>
              <th scope="col">{t('decision.account')}</th>
              <th scope="col">{t('decision.age')}</th>
              <th scope="col">{t('decision.minor')}</th>
              <th scope="col">{t('decision.ageVerified')}</th>
              <th scope="col">{t('decision.restricted')}</th>
              <th scope="col">{t('decision.known')}</th>
            </tr>
          </thead>
          <tbody>
            {parties.map(([role, id, party]) => (
              <tr key={role}>
                <th scope="row">{role}</th>
                <td>{id === null ? <span className="muted">{t('decision.simulated')}</span> : <code>{id}</code>}</td>
                <td>{party.age ?? <span className="muted">{t('decision.unknown')}</span>}</td>
                <td>{party.minor ? <strong>{yesNo(true)}</strong> : yesNo(false)}</td>
                <td>{yesNo(party.ageVerified)}</td>
                <td>{party.restricted ? <strong>{yesNo(true)}</strong> : yesNo(false)}</td>
                <td>{yesNo(party.known)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {decision.notes.length > 0 && (
        <>
          <h3>{t('decision.notes')}</h3>
          <ul>
            {decision.notes.map((text) => <li key={text}>{note(t, text)}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}
