import { useEffect, useState, type FormEvent } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { ReportStatus } from '../../api/moderation';
import { Link, navigate } from '../../app/router';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isMessageKey, useI18n, usePageTitle, type MessageKey } from '../../i18n';
import { statusPath } from './Receipt';
import { ReporterAppeal } from './ReporterAppeal';
import { Support } from './Support';

const CODE = /^[A-Za-z0-9_-]{16}$/;

/** Asks for a receipt code and goes to its status page. */
export function StatusLookup({ initial = '', notFound = false }: { initial?: string; notFound?: boolean }) {
  const { t } = useI18n();
  usePageTitle('status.title');
  const [code, setCode] = useState(initial);
  const [error, setError] = useState<MessageKey | undefined>(notFound ? 'status.notFound' : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = code.trim();
    if (!CODE.test(wanted)) return setError('status.badCode');
    setError(undefined);
    navigate(statusPath(wanted));
  };

  return (
    <>
      <h1>{t('status.title')}</h1>
      <p className="lead">{t('status.intro')}</p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field label={t('status.code')} hint={t('status.codeHint')} error={error && t(error)}>
          {(control) => <input {...control} className="code-field" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <button type="submit">{t('status.show')}</button>
      </form>
    </>
  );
}

/** What became of a report, by its receipt code: received or decided, and the outcome. */
export function StatusPage({ param: code }: { param: string }) {
  const { t, formatDateTime } = useI18n();
  usePageTitle('status.title');
  const [status, setStatus] = useState<ReportStatus | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = () => api<ReportStatus>('GET', `/public/reports/${encodeURIComponent(code)}`).then(setStatus, (e) => setProblem(asProblem(e)));
  useEffect(() => {
    setStatus(null);
    setProblem(null);
    if (!CODE.test(code)) return;
    void load();
  }, [code]);

  if (!CODE.test(code) || problem?.status === 404) return <StatusLookup initial={code} notFound />;
  const say = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  return (
    <>
      <h1>{t('status.title')}</h1>
      <ProblemAlert problem={problem} />
      {!status && !problem && <p role="status">{t('common.loading')}</p>}
      {status && (
        <section className="panel report-status" aria-labelledby="status-heading" data-status={status.status}>
          <h2 id="status-heading">
            {status.status === 'decided' ? t('status.decided') : t('status.received')}
          </h2>
          <dl className="facts">
            <dt>{t('status.code')}</dt>
            <dd><code>{code}</code></dd>
            <dt>{t('status.category')}</dt>
            <dd>{say(`case.category.${status.category}`, status.category)}</dd>
            <dt>{t('status.receivedAt')}</dt>
            <dd>{formatDateTime(status.receivedAt)}</dd>
            <dt>{t('status.state')}</dt>
            <dd data-testid="report-state">{status.status === 'decided' ? t('status.state.decided') : t('status.state.received')}</dd>
            {status.outcome && (
              <>
                <dt>{t('status.outcome')}</dt>
                <dd data-testid="report-outcome">{say(`status.outcome.${status.outcome}`, status.outcome)}</dd>
              </>
            )}
          </dl>
          {!status.canAppeal && !status.appeal && <p>{status.status === 'decided' ? t('status.decidedBody') : t('status.receivedBody')}</p>}
        </section>
      )}
      {status && <ReporterAppeal code={code} status={status} onChanged={load} />}
      <p><Link href="/report">{t('status.another')}</Link></p>
      <Support />
    </>
  );
}
