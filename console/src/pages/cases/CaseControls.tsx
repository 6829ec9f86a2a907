import { useState, type FormEvent } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import type { Case } from '../../api/moderation';
import { useConsole } from '../../app/session';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

type Form = 'none' | 'escalate' | 'note';

/** Claim, release, escalate with a reason, and notes: for the roles that work cases. */
export function CaseControls({ kase, onChanged }: { kase: Case; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const { session } = useConsole();
  const [open, setOpen] = useState<Form>('none');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = kase.assigneeId === session.staff.id;
  const supervisor = session.staff.role === 'senior_moderator' || session.staff.role === 'admin';
  const closed = kase.status === 'resolved';

  const run = async (write: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      await write();
      setOpen('none');
      setText('');
      // Said once the case shows it: the message never stands beside a stale status.
      await onChanged();
      setDone(message);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    if (open === 'escalate') void run(() => send('POST /v1/cases/{id}/escalate', { id: kase.id }, { reason: text.trim() }), t('case.escalated'));
    else void run(() => send('POST /v1/cases/{id}/notes', { id: kase.id }, { text: text.trim() }), t('case.noteAdded'));
  };

  return (
    <section className="panel case-controls" aria-labelledby="case-work-title">
      <h2 id="case-work-title">{t('case.workTitle')}</h2>
      <ProblemAlert problem={problem} />
      <p role="status" className="muted">{done ?? ''}</p>
      <div className="actions">
        {!closed && !kase.assigneeId && <button type="button" disabled={busy} onClick={() => void run(() => send('POST /v1/cases/{id}/claim', { id: kase.id }), t('case.claimedByYou'))}>{t('case.claim')}</button>}
        {!closed && kase.assigneeId && (mine || supervisor) && (
          <button type="button" className="button-quiet" disabled={busy} onClick={() => void run(() => send('POST /v1/cases/{id}/release', { id: kase.id }), t('case.released'))}>{t('case.release')}</button>
        )}
        {!closed && kase.status !== 'escalated' && (
          <button type="button" className="button-quiet" aria-expanded={open === 'escalate'} onClick={() => setOpen(open === 'escalate' ? 'none' : 'escalate')}>
            {t('case.escalate')}
          </button>
        )}
        <button type="button" className="button-quiet" aria-expanded={open === 'note'} onClick={() => setOpen(open === 'note' ? 'none' : 'note')}>
          {t('case.addNote')}
        </button>
      </div>
      {open !== 'none' && (
        <form onSubmit={submit}>
          <Field label={open === 'escalate' ? t('case.escalateReason') : t('case.note')} hint={open === 'escalate' ? t('case.escalateHint') : t('case.noteHint')}>
            {(control) => <textarea {...control} rows={3} required autoFocus value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy || !text.trim()}>{open === 'escalate' ? t('case.escalateSubmit') : t('case.noteSubmit')}</button>
            <button type="button" className="button-quiet" onClick={() => setOpen('none')}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
