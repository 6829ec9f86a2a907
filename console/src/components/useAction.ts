import { useCallback, useState } from 'react';
import { asProblem, type Problem } from '../api/client';

/**
 * A write the user started (a form sent, a button pressed): busy while it runs, so the control
 * waits; its problem when it fails, kept until the next try so the form can show it by the field.
 */
export function useAction(): { busy: boolean; problem: Problem | null; run: (work: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, run };
}
