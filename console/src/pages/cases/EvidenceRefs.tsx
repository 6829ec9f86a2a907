import { useState } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { EvidencePlaceholder, EvidenceTile } from '../../components/EvidenceTile';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { isImageRef, loadableSrc, openableLink } from './evidenceRefs';

/** One image reference: blurred and greyscale until revealed; the reveal is recorded before anything is shown. */
function ImageRef({ caseId, refText, index }: { caseId: string; refText: string; index: number }) {
  const { t } = useI18n();
  const [revealed, setRevealed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const src = loadableSrc(refText);
  const link = openableLink(refText);
  const warningId = `reveal-warning-${index}`;

  const reveal = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await send('POST /v1/cases/{id}/reveal', { id: caseId }, { ref: refText });
      setRevealed(true);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <EvidenceTile
      revealed={revealed}
      data-ref={refText}
      frame={src
        ? <img src={src} alt={revealed ? t('case.image.alt', { ref: refText }) : t('case.image.altBlurred')} />
        : <EvidencePlaceholder text={t('case.image.placeholder')} />}
    >
      <code className="evidence-ref">{refText.startsWith('data:') ? t('case.image.inline') : refText}</code>
      {!revealed && <p id={warningId} className="muted small">{t('case.image.warning')}</p>}
      {revealed && !src && (
        <p className="small">
          {link ? <a href={link} target="_blank" rel="noopener noreferrer">{t('case.image.open')}</a> : t('case.image.platformOnly')}
        </p>
      )}
      <ProblemAlert problem={problem} />
      {revealed ? (
        <button type="button" className="button-quiet" onClick={() => setRevealed(false)}>{t('case.image.blur')}</button>
      ) : (
        <button type="button" className="button-quiet" disabled={busy} aria-describedby={warningId} onClick={() => void reveal()}>
          {t('case.image.reveal')}
        </button>
      )}
    </EvidenceTile>
  );
}

/** The case's evidence references: images as blurred tiles, everything else as text (links open in a new tab). */
export function EvidenceRefs({ caseId, refs }: { caseId: string; refs: readonly string[] }) {
  const { t } = useI18n();
  const images = refs.filter(isImageRef);
  const others = refs.filter((r) => !isImageRef(r));
  return (
    <section className="panel" aria-labelledby="case-evidence-title">
      <h2 id="case-evidence-title">{t('case.evidenceTitle')}</h2>
      {refs.length === 0 && <p>{t('case.noEvidence')}</p>}
      {images.length > 0 && (
        <>
          <p className="muted">{t('case.image.intro')}</p>
          <div className="evidence-images">
            {images.map((ref, i) => <ImageRef key={ref} caseId={caseId} refText={ref} index={i} />)}
          </div>
        </>
      )}
      {others.length > 0 && (
        <ul className="evidence-refs">
          {others.map((ref) => {
            const link = openableLink(ref);
            return (
              <li key={ref}>
                {link ? <a href={link} target="_blank" rel="noopener noreferrer"><code>{ref}</code></a> : <code>{ref}</code>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
