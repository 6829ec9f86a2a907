import { useState } from 'react';
import { apiFile, saveFile } from '../../api/client';
import type { PoliceRequest } from '../../api/legal';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAction } from '../../components/useAction';
import { useI18n } from '../../i18n';

interface Exported {
  filename: string;
  sha256: string | null;
  items: number | null;
}

/**
 * Fulfilment: POST /v1/police-requests/:id/export answers with the signed zip itself (the export
 * is recorded before the bytes leave), so the bytes become a download here; its SHA-256 and item
 * count come from the answer's headers and are shown for the record.
 */
export function PoliceExport({ request, onExported }: { request: PoliceRequest; onExported: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const { busy, problem, run } = useAction();
  const [done, setDone] = useState<Exported | null>(null);

  const exportPackage = () => run(async () => {
    const file = await apiFile('POST', `/police-requests/${request.id}/export`);
    const filename = file.filename ?? `trygg-export-${request.id}.zip`;
    saveFile(file, filename);
    const count = file.headers.get('x-evidence-items');
    await onExported();
    setDone({ filename, sha256: file.headers.get('x-content-sha256'), items: count === null ? null : Number(count) });
  });

  return (
    <div className="police-export">
      <ProblemAlert problem={problem} />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void exportPackage()}>
          {busy ? t('police.export.working') : request.exports.length ? t('police.export.again') : t('police.export.submit')}
        </button>
      </div>
      {done && (
        <p className="alert alert-ok" role="status" data-testid="export-done">
          {t('police.export.done', { file: done.filename, items: done.items === null ? '—' : new Intl.NumberFormat(locale).format(done.items) })}
          {done.sha256 && <> {t('police.export.sha256')} <code className="id" data-testid="export-sha256">{done.sha256}</code></>}
        </p>
      )}
    </div>
  );
}
