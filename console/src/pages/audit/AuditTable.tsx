import type { ModerationEvent } from '../../api/types';
import { useI18n } from '../../i18n';

/** Staff ids shown as e-mail addresses where the viewer may list staff; otherwise the id. */
export type StaffDirectory = ReadonlyMap<string, string>;

export function AuditTable({ events, directory }: { events: readonly ModerationEvent[]; directory: StaffDirectory }) {
  const { t, formatDateTime } = useI18n();

  const who = (type: string | null, id: string | null) => {
    if (type === 'staff' && id && directory.has(id)) {
      return <span title={id}>{directory.get(id)}</span>;
    }
    return id ? <code className="id">{id}</code> : null;
  };
  const actorLabel = (type: string) =>
    type === 'staff' || type === 'api_key' || type === 'system' || type === 'anonymous' ? t(`actor.${type}`) : type;

  return (
    <div className="table-wrap">
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.type')}</th>
            <th scope="col">{t('audit.subject')}</th>
            <th scope="col">{t('audit.payload')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq}>
              <td>
                <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                <div className="muted">#{event.seq}</div>
              </td>
              <td>
                <div className="muted">{actorLabel(event.actorType)}</div>
                {who(event.actorType, event.actorId)}
              </td>
              <td><code>{event.type}</code></td>
              <td>
                {event.subjectType && <div className="muted">{event.subjectType}</div>}
                {who(event.subjectType, event.subjectId)}
              </td>
              <td>
                <details>
                  <summary>{t('audit.showPayload')}</summary>
                  <pre>{JSON.stringify(event.payload, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
