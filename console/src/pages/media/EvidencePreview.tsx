import { useEffect, useRef, useState, type ReactNode } from 'react';
import { apiBlob, asProblem, query, type Problem } from '../../api/client';
import { EvidencePlaceholder, EvidenceTile } from '../../components/EvidenceTile';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { RevealReasonForm } from './RevealReason';

/** Opens an evidence item for a reason: the server records the opening before it sends the bytes. */
export const openEvidence = (evidenceId: string, reason: string): Promise<Blob> => apiBlob(`/evidence/${evidenceId}/content${query({ reason })}`);

/**
 * A preserved image (an upload a bank match blocked). Nothing of it reaches the page until the
 * moderator asks to see it and gives a reason. Shown, it stays grey until they ask for colour;
 * hiding it (or leaving the page) drops the bytes and revokes the object URL.
 */
export function EvidencePreview({ evidenceId, children }: { evidenceId: string; children?: ReactNode }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [colour, setColour] = useState(false);
  const [broken, setBroken] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const made = useRef<string | null>(null);
  const warningId = `evidence-warning-${evidenceId}`;

  const drop = () => {
    if (made.current) URL.revokeObjectURL(made.current);
    made.current = null;
    setUrl(null);
  };
  useEffect(() => () => {
    if (made.current) URL.revokeObjectURL(made.current);
    made.current = null;
  }, []);

  const reveal = async (reason: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const blob = await openEvidence(evidenceId, reason);
      drop();
      made.current = URL.createObjectURL(blob);
      setUrl(made.current);
      setColour(false);
      setBroken(false);
      setAsking(false);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const hide = () => {
    drop();
    setAsking(false);
  };

  const shown = url !== null;
  return (
    <EvidenceTile
      revealed={shown}
      greyscale={!colour}
      data-evidence={evidenceId}
      frame={shown && !broken
        ? <img src={url} alt={t('media.evidence.alt')} onError={() => setBroken(true)} />
        : <EvidencePlaceholder text={broken ? t('media.evidence.notAnImage') : t('media.evidence.hidden')} />}
    >
      {children}
      <ProblemAlert problem={problem} />
      {!shown && !asking && (
        <>
          <p id={warningId} className="muted small">{t('media.evidence.warning')}</p>
          <button type="button" className="button-quiet" aria-describedby={warningId} onClick={() => setAsking(true)}>
            {t('media.evidence.reveal')}
          </button>
        </>
      )}
      {!shown && asking && <RevealReasonForm busy={busy} onReveal={reveal} onCancel={hide} />}
      {shown && (
        <div className="cell-actions">
          <button type="button" className="button-quiet" aria-pressed={colour} onClick={() => setColour((c) => !c)}>
            {t('media.evidence.colour')}
          </button>
          <button type="button" className="button-quiet" onClick={hide}>{t('media.evidence.hide')}</button>
        </div>
      )}
    </EvidenceTile>
  );
}
