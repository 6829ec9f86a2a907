import { useEffect, useRef, useState } from 'react';
import { asProblem, type Problem } from '../../api/client';
import { send } from '../../api/send';
import { bankFormats, type BankFormat, type HashBank, type LineError } from '../../api/media';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';
import { batchAt, detectFormat, headerIndex, splitLines } from './bankFile';

/** How many malformed lines the page lists; the count goes on. */
const SHOWN_ERRORS = 200;

interface Loaded {
  name: string;
  lines: string[];
  detected: BankFormat;
}

interface Progress {
  /** The index of the next line to send: a cancelled import resumes here. */
  next: number;
  added: number;
  withdrawn: number;
  unchanged: number;
  malformed: number;
  errors: LineError[];
}

const start: Progress = { next: 0, added: 0, withdrawn: 0, unchanged: 0, malformed: 0, errors: [] };

/**
 * Imports a hash list into one bank: the file is read here, in the browser, and sent in batches
 * of up to 10,000 lines in order, each with its first line number, so malformed lines come back
 * with the file's line numbers. Cancelling stops after the batch in flight; resuming sends from
 * the next line (a batch sent twice is harmless: a hash the bank has counts as unchanged).
 */
export function BankImport({ bank, onImported }: { bank: HashBank; onImported: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const [file, setFile] = useState<Loaded | null>(null);
  const [format, setFormat] = useState<BankFormat | ''>('');
  const [plainType, setPlainType] = useState<'pdq' | 'sha256'>('pdq');
  const [progress, setProgress] = useState<Progress>(start);
  const [running, setRunning] = useState(false);
  const [stopping, setStopping] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const stop = useRef(false);
  /** Every malformed line number so far, so a batch sent again does not count its lines twice. */
  const malformed = useRef(new Set<number>());
  const alive = useRef(true);
  useEffect(() => () => {
    alive.current = false;
    stop.current = true;
  }, []);

  const choose = async (chosen: File | undefined) => {
    setProblem(null);
    setProgress(start);
    malformed.current = new Set();
    setFile(null);
    if (!chosen) return;
    const lines = splitLines(await chosen.text());
    setFile({ name: chosen.name, lines, detected: detectFormat(lines) });
  };

  const used = format || file?.detected || 'plain';
  const total = file?.lines.length ?? 0;
  const done = progress.next >= total && total > 0;

  const run = async () => {
    if (!file) return;
    stop.current = false;
    setStopping(false);
    setRunning(true);
    setProblem(null);
    const header = headerIndex(file.lines, used);
    let now = progress;
    try {
      while (now.next < total && !stop.current) {
        const batch = batchAt(file.lines, now.next, header);
        const result = await send('POST /v1/banks/{id}/lines', { id: bank.id }, {
          format: used, ...(used === 'plain' && { plainType }), lines: batch.lines, firstLine: batch.firstLine,
        });
        const fresh = result.errors.filter((e) => !malformed.current.has(e.line));
        for (const e of fresh) malformed.current.add(e.line);
        now = {
          next: batch.next, added: now.added + result.added, withdrawn: now.withdrawn + result.withdrawn,
          unchanged: now.unchanged + result.unchanged, malformed: malformed.current.size,
          errors: [...now.errors, ...fresh].slice(0, SHOWN_ERRORS),
        };
        if (alive.current) setProgress(now);
      }
    } catch (error) {
      if (alive.current) setProblem(asProblem(error));
    } finally {
      if (alive.current) setRunning(false);
      await onImported();
    }
  };

  const percent = total ? Math.floor((progress.next / total) * 100) : 0;
  const started = progress.next > 0;
  return (
    <section className="bank-import" aria-label={t('media.import.title', { bank: bank.name })}>
      <h4>{t('media.import.title', { bank: bank.name })}</h4>
      <p className="muted small">{t('media.import.hint')}</p>
      <div className="form-row">
        <Field label={t('media.import.file')}>
          {(control) => <input {...control} type="file" accept=".txt,.csv,.json,.jsonl,text/plain,text/csv" disabled={running} onChange={(e) => void choose(e.target.files?.[0])} />}
        </Field>
        <Field label={t('media.import.format')} hint={file ? t('media.import.detected', { format: t(`media.format.${file.detected}`) }) : undefined}>
          {(control) => (
            <select {...control} value={format} disabled={running || started} onChange={(e) => setFormat(e.target.value as BankFormat | '')}>
              <option value="">{t('media.import.formatDetect')}</option>
              {bankFormats.map((f) => <option key={f} value={f}>{t(`media.format.${f}`)}</option>)}
            </select>
          )}
        </Field>
        {used === 'plain' && (
          <Field label={t('media.import.plainType')} hint={t('media.import.plainTypeHint')}>
            {(control) => (
              <select {...control} value={plainType} disabled={running || started} onChange={(e) => setPlainType(e.target.value as 'pdq' | 'sha256')}>
                <option value="pdq">PDQ</option>
                <option value="sha256">SHA-256</option>
              </select>
            )}
          </Field>
        )}
      </div>
      {file && total === 0 && <p className="alert" role="status">{t('media.import.empty')}</p>}
      <ProblemAlert problem={problem} />
      <div className="actions">
        {!running && !done && (
          <button type="button" disabled={!file || total === 0} onClick={() => void run()}>
            {started ? t('media.import.resume') : t('media.import.start')}
          </button>
        )}
        {running && <button type="button" className="button-quiet" onClick={() => { stop.current = true; setStopping(true); }}>{t('media.import.cancel')}</button>}
        {running && stopping && <span className="muted">{t('media.import.stopping')}</span>}
      </div>
      {file && total > 0 && (started || running) && (
        <div className="import-progress" data-testid="import-progress">
          <label>
            <span>{t('media.import.progress', { done: number(progress.next), total: number(total), percent })}</span>
            <progress max={total} value={progress.next}>{percent}%</progress>
          </label>
          <p role="status">
            {t('media.import.counts', { added: number(progress.added), withdrawn: number(progress.withdrawn), unchanged: number(progress.unchanged), malformed: number(progress.malformed) })}
            {' '}{done ? t('media.import.done') : !running ? t('media.import.paused') : ''}
          </p>
        </div>
      )}
      {progress.errors.length > 0 && (
        <details className="import-errors" open>
          <summary>{t('media.import.malformed', { count: number(progress.malformed) })}</summary>
          {progress.malformed > progress.errors.length && <p className="muted small">{t('media.import.malformedFirst', { shown: progress.errors.length })}</p>}
          <ul>
            {progress.errors.map((e) => (
              <li key={e.line} data-line={e.line}>{t('media.import.line', { line: e.line })}: <span>{e.reason}</span></li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
