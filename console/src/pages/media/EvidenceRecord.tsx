import { useEffect, useRef, useState, type ReactNode } from 'react';
import { asProblem, type Problem } from '../../api/client';
import type { EvidenceItem } from '../../api/media';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { openEvidence } from './EvidencePreview';
import { RevealReasonForm } from './RevealReason';

const isText = (type: string) => /^(text\/|application\/(json|[\w.+-]*\+json)\b)/i.test(type);

function readable(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * A preserved record that is not an image (an account snapshot, sign-in history, a decision):
 * its description, and its content only after it was opened for a reason. Text is shown as text;
 * anything else is offered as a download of the bytes fetched, until hidden.
 */
export function EvidenceRecord({ item, children }: { item: EvidenceItem; children?: ReactNode }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [download, setDownload] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const made = useRef<string | null>(null);

  const drop = () => {
    if (made.current) URL.revokeObjectURL(made.current);
    made.current = null;
    setDownload(null);
    setText(null);
  };
  useEffect(() => () => {
    if (made.current) URL.revokeObjectURL(made.current);
  }, []);

  const reveal = async (reason: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const blob = await openEvidence(item.id, reason);
      drop();
      if (isText(item.contentType)) setText(readable(await blob.text()));
      else setDownload((made.current = URL.createObjectURL(blob)));
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

  const shown = text !== null || download !== null;
  return (
    <li className="evidence-record" data-evidence={item.id} data-revealed={shown}>
      {children}
      <ProblemAlert problem={problem} />
      {!shown && !asking && (
        <button type="button" className="button-quiet" onClick={() => setAsking(true)}>{t('media.evidence.open')}</button>
      )}
      {!shown && asking && <RevealReasonForm busy={busy} onReveal={reveal} onCancel={hide} />}
      {text !== null && <pre className="evidence-text">{text}</pre>}
      {download && <p><a href={download} download={`${item.kind}-${item.id}`}>{t('media.evidence.download')}</a></p>}
      {shown && <button type="button" className="button-quiet" onClick={hide}>{t('media.evidence.hide')}</button>}
    </li>
  );
}
