import { useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { ChainCheck } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

/** Recomputes the hash chain on the server and says whether the log is intact. */
export function VerifyChain() {
  const { t } = useI18n();
  const [result, setResult] = useState<ChainCheck | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      setResult(await api<ChainCheck>('GET', '/audit/verify'));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="verify">
      <button type="button" onClick={() => void verify()} disabled={busy}>
        {busy ? t('common.working') : t('audit.verify')}
      </button>
      <div role="status" className="verify-result">
        {result?.ok && <p className="alert alert-ok">{t('audit.chainIntact', { count: result.checked })}</p>}
        {result && !result.ok && result.firstBroken && (
          <p className="alert alert-error">
            {t('audit.chainBroken', { seq: result.firstBroken.seq, reason: result.firstBroken.reason })}
          </p>
        )}
      </div>
      <ProblemAlert problem={problem} />
    </div>
  );
}
