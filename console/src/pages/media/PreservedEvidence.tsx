import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { evidenceOpeners, type EvidenceItem } from '../../api/media';
import { useConsole } from '../../app/session';
import { useI18n } from '../../i18n';
import { useSay } from '../cases/labels';
import { EvidencePreview } from './EvidencePreview';
import { EvidenceRecord } from './EvidenceRecord';

/** What an item is, why it was kept, and when. */
function About({ item }: { item: EvidenceItem }) {
  const { t, locale, formatDateTime } = useI18n();
  const say = useSay();
  return (
    <>
      <p className="small"><strong>{say('media.evidence.kind', item.kind)}</strong> · {say('media.evidence.preserved', item.reason)}</p>
      <p className="muted small">
        {t('media.evidence.facts', { type: item.contentType, size: new Intl.NumberFormat(locale).format(item.size), time: formatDateTime(item.preservedAt) })}
      </p>
      {item.purged && <p className="small">{t('media.evidence.purged')}</p>}
    </>
  );
}

/**
 * A case's preserved evidence, kept encrypted: images as tiles and other records as a list, each
 * hidden until a moderator opens it with a reason. Nothing is shown for a case without any, or
 * for a role that may not open evidence.
 */
export function PreservedEvidence({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { session } = useConsole();
  const allowed = (evidenceOpeners as readonly string[]).includes(session.staff.role);
  const [items, setItems] = useState<EvidenceItem[]>([]);

  useEffect(() => {
    setItems([]);
    if (!allowed) return;
    let current = true;
    api<{ items: EvidenceItem[] }>('GET', `/cases/${caseId}/evidence`)
      .then((found) => current && setItems(found.items))
      .catch(() => undefined); // the case page says what went wrong with the case itself
    return () => {
      current = false;
    };
  }, [caseId, allowed]);

  if (items.length === 0) return null;
  const images = items.filter((i) => i.contentType.startsWith('image/'));
  const records = items.filter((i) => !i.contentType.startsWith('image/'));
  return (
    <section className="panel" aria-labelledby="case-preserved-title">
      <h2 id="case-preserved-title">{t('media.evidence.caseTitle')}</h2>
      <p className="muted">{t('media.evidence.caseIntro')}</p>
      {images.length > 0 && (
        <div className="evidence-images">
          {images.map((item) => <EvidencePreview key={item.id} evidenceId={item.id}><About item={item} /></EvidencePreview>)}
        </div>
      )}
      {records.length > 0 && (
        <ul className="evidence-records">
          {records.map((item) => <EvidenceRecord key={item.id} item={item}><About item={item} /></EvidenceRecord>)}
        </ul>
      )}
    </section>
  );
}
