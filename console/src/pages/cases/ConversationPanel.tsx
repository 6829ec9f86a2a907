import { useState, type FormEvent } from 'react';
import { asProblem, fieldError, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { CaseDetail } from '../../api/moderation';
import { useConsole } from '../../app/session';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

export interface ConversationView {
  accessId: string;
  conversationId: string;
  anchorMessageId: string;
  scope: 'around' | 'wide' | 'all';
  moreBefore: boolean;
  moreAfter: boolean;
  messages: { id: string; from: string; to: string; sentAt: string; hasMedia: boolean; text: string | null; anchor: boolean }[];
}

/** Mirrors the server: these roles read conversations; the last three may widen the view. */
const readers = ['moderator', 'senior_moderator', 'admin', 'legal'];
const wideners = ['senior_moderator', 'admin', 'legal'];

/** Whether the case names a message or conversation (its subject, or a signal's evidence). */
export function referencesConversation(detail: CaseDetail): boolean {
  if (detail.case.subject.type === 'message' || detail.case.subject.type === 'conversation') return true;
  return detail.signals.some((s) => {
    const e = s.evidence as Record<string, unknown> | null;
    return !!e && typeof e === 'object' && ('messageId' in e || 'messageIds' in e || 'conversationId' in e);
  });
}

/**
 * "Read the conversation": a reason first, then the messages around the reported one. The
 * text stays in this component's state only; closing the panel forgets it.
 */
export function ConversationPanel({ detail }: { detail: CaseDetail }) {
  const { t, formatDateTime } = useI18n();
  const { session } = useConsole();
  const [reason, setReason] = useState('');
  const [widenReason, setWidenReason] = useState('');
  const [scope, setScope] = useState<'wide' | 'all'>('wide');
  const [view, setView] = useState<ConversationView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  if (!readers.includes(session.staff.role) || !referencesConversation(detail)) return null;

  const load = async (widen?: { scope: 'wide' | 'all'; reason: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      setView(await send('POST /v1/cases/{id}/conversation-access', { id: detail.case.id }, { reason: reason.trim(), ...(widen && { widen }) }));
      setWidenReason('');
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) void load();
  };
  const widen = (event: FormEvent) => {
    event.preventDefault();
    if (widenReason.trim()) void load({ scope, reason: widenReason.trim() });
  };

  return (
    <section className="panel conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">{t('conversation.title')}</h2>
      <p className="muted">{t('conversation.intro')}</p>
      <ProblemAlert problem={problem} />
      {!view && (
        <form onSubmit={open}>
          <Field label={t('conversation.reason')} hint={t('conversation.reasonHint')} error={fieldError(problem, 'reason')}>
            {(control) => <textarea {...control} rows={2} required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <div className="actions"><button type="submit" disabled={busy || reason.trim().length < 3}>{t('conversation.open')}</button></div>
        </form>
      )}
      {view && (
        <>
          <p role="status" className="muted">{t('conversation.recorded')}</p>
          {view.moreBefore && <p className="muted small">{t('conversation.moreBefore')}</p>}
          <ol className="conversation-messages">
            {view.messages.map((m) => (
              <li key={m.id} className={m.anchor ? 'conversation-anchor' : undefined} aria-current={m.anchor ? 'true' : undefined}>
                <div className="muted small">
                  <time dateTime={m.sentAt}>{formatDateTime(m.sentAt)}</time> · {t('conversation.from', { from: m.from, to: m.to })}
                  {m.hasMedia && <> · {t('conversation.media')}</>}
                  {m.anchor && <strong> · {t('conversation.reported')}</strong>}
                </div>
                {m.text === null ? <p className="muted"><em>{t('conversation.noText')}</em></p> : <p className="conversation-text">{m.text}</p>}
              </li>
            ))}
          </ol>
          {view.moreAfter && <p className="muted small">{t('conversation.moreAfter')}</p>}
          {wideners.includes(session.staff.role) && view.scope !== 'all' && (view.moreBefore || view.moreAfter) && (
            <form onSubmit={widen} aria-labelledby="conversation-widen-title">
              <h3 id="conversation-widen-title">{t('conversation.widenTitle')}</h3>
              <p className="muted small">{t('conversation.widenHint')}</p>
              <fieldset>
                {(['wide', 'all'] as const).map((s) => (
                  <label key={s}><input type="radio" name="conversation-scope" checked={scope === s} onChange={() => setScope(s)} /> {t(`conversation.scope.${s}`)}</label>
                ))}
              </fieldset>
              <Field label={t('conversation.widenReason')} error={fieldError(problem, 'widen.reason')}>
                {(control) => <textarea {...control} rows={2} required maxLength={1000} value={widenReason} onChange={(e) => setWidenReason(e.target.value)} />}
              </Field>
              <div className="actions"><button type="submit" disabled={busy || widenReason.trim().length < 3}>{t('conversation.widen')}</button></div>
            </form>
          )}
          <div className="actions">
            <button type="button" className="button-quiet" onClick={() => { setView(null); setReason(''); }}>{t('conversation.hide')}</button>
          </div>
        </>
      )}
    </section>
  );
}
