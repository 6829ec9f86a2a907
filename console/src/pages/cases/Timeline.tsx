import type { ReactNode } from 'react';
import type { CaseDetail } from '../../api/moderation';
import { useI18n } from '../../i18n';
import { Evidence, evidenceCount } from '../accounts/Evidence';
import { useSignalName } from '../accounts/Signals';
import { useSay, useStaffName } from './labels';

interface Entry {
  at: string;
  key: string;
  kind: 'report' | 'signal' | 'note' | 'action' | 'event';
  title: string;
  body?: ReactNode;
}

// Shown by their own entries (the note, the action, the signal), so their audit events would only repeat them.
const repeated = new Set(['case.note_added', 'action.taken', 'case.signal_added', 'report.received']);

const text = (payload: unknown, key: string): string | null => {
  const value = (payload as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : null;
};

/** Everything on the case in time order: reports, signals, notes, actions, and the case's own history. */
export function Timeline({ detail }: { detail: CaseDetail }) {
  const { t, formatDateTime } = useI18n();
  const say = useSay();
  const staffName = useStaffName();
  const signalName = useSignalName();

  const entries: Entry[] = [
    ...detail.reports.map((r): Entry => ({
      at: r.receivedAt, key: `report-${r.id}`, kind: 'report',
      title: t('timeline.report', { source: say('report.source', r.source), category: say('case.category', r.category) }),
      body: (
        <>
          <p className="statement-facts">{r.explanation}</p>
          <p className="muted small">
            {r.relation && <>{t('timeline.relation', { relation: say('report.relation', r.relation) })} · </>}
            {r.location && <>{t('timeline.location', { location: r.location })} · </>}
            {t('timeline.evidenceRefs', { count: r.evidence.length })}
            {r.duplicates > 0 && <> · {t('timeline.duplicates', { count: r.duplicates })}</>}
            {r.minorInvolved && <> · {t('case.flag.minor')}</>}
          </p>
        </>
      ),
    })),
    ...detail.signals.map((s): Entry => ({
      at: s.createdAt, key: `signal-${s.id}`, kind: 'signal', title: t('timeline.signal', { name: signalName(s.kind) }),
      body: (
        <details>
          <summary>{t('accounts.evidence', { count: evidenceCount(s.evidence) })}</summary>
          <Evidence evidence={s.evidence} />
        </details>
      ),
    })),
    ...detail.notes.map((n): Entry => ({
      at: n.createdAt, key: `note-${n.id}`, kind: 'note', title: t('timeline.note', { who: staffName(n.authorId) }),
      body: <p className="statement-facts">{n.text}</p>,
    })),
    ...detail.actions.map((a): Entry => ({
      at: a.decidedAt, key: `action-${a.id}`, kind: 'action',
      title: t('timeline.action', { action: say('action.done', a.action), who: staffName(a.decidedBy) }),
      body: <p><span className="tag">{say('action.status', a.status)}</span> {a.reason}</p>,
    })),
    ...detail.history.filter((h) => !repeated.has(h.type)).map((h, i): Entry => {
      const detailText = text(h.payload, 'reason') ?? text(h.payload, 'ref') ?? text(h.payload, 'note');
      return {
        at: h.occurredAt, key: `event-${i}-${h.type}`, kind: 'event',
        title: t('timeline.event', { event: say('event', h.type), who: h.actorType === 'staff' ? staffName(h.actorId) : say('actor', h.actorType) }),
        body: detailText ? <p className="muted small">{detailText.startsWith('data:') ? t('case.image.inline') : detailText}</p> : undefined,
      };
    }),
  ].sort((a, b) => a.at.localeCompare(b.at));

  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      <ol className="timeline">
        {entries.map((e) => (
          <li key={e.key} className={`timeline-entry timeline-${e.kind}`} data-kind={e.kind}>
            <p className="timeline-head">
              <span className="tag tag-plain">{t(`timeline.kind.${e.kind}`)}</span>{' '}
              <strong>{e.title}</strong>{' '}
              <time className="muted" dateTime={e.at}>{formatDateTime(e.at)}</time>
            </p>
            {e.body}
          </li>
        ))}
      </ol>
    </section>
  );
}
