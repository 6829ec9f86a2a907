import { useEffect, useState, type FormEvent } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import { TRACKING_CODE, takedownStatusPath, type TakedownStatus } from '../../api/takedowns';
import { Link, navigate } from '../../app/router';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, usePageTitle, type MessageKey } from '../../i18n';
import { SupportContacts } from './TakedownFields';

/** Asks for a tracking code and goes to its status page. */
export function TakedownLookup({ initial = '', notFound = false }: { initial?: string; notFound?: boolean }) {
  const { t } = useI18n();
  usePageTitle('takedown.status.title');
  const [code, setCode] = useState(initial);
  const [error, setError] = useState<MessageKey | undefined>(notFound ? 'takedown.status.notFound' : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = code.trim();
    if (!TRACKING_CODE.test(wanted)) return setError('takedown.status.badCode');
    setError(undefined);
    navigate(takedownStatusPath(wanted));
  };
  return (
    <>
      <h1>{t('takedown.status.title')}</h1>
      <p className="lead">{t('takedown.status.intro')}</p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field label={t('takedown.status.code')} hint={t('takedown.status.codeHint')} error={error && t(error)}>
          {(control) => <input {...control} className="code-field" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <button type="submit">{t('takedown.status.show')}</button>
      </form>
      <SupportContacts />
    </>
  );
}

/** Progress of a takedown request by its tracking code: no personal data, no reasons. */
export function TakedownStatusPage({ param: code }: { param: string }) {
  const { t, formatDateTime } = useI18n();
  usePageTitle('takedown.status.title');
  const [status, setStatus] = useState<TakedownStatus | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    setStatus(null);
    setProblem(null);
    if (!TRACKING_CODE.test(code)) return;
    api<TakedownStatus>('GET', `/public/takedowns/${encodeURIComponent(code)}`).then(setStatus, (e) => setProblem(asProblem(e)));
  }, [code]);

  if (!TRACKING_CODE.test(code) || problem?.status === 404) return <TakedownLookup initial={code} notFound />;
  return (
    <>
      <h1>{t('takedown.status.title')}</h1>
      <ProblemAlert problem={problem} />
      {!status && !problem && <p role="status">{t('common.loading')}</p>}
      {status && (
        <section className="panel report-status" aria-labelledby="takedown-status-heading" data-status={status.status}>
          <h2 id="takedown-status-heading">{t(`takedown.status.${status.status}`)}</h2>
          <p>{t(`takedown.status.${status.status}Body`)}</p>
          <dl className="facts">
            <dt>{t('takedown.status.code')}</dt>
            <dd><code>{code}</code></dd>
            <dt>{t('takedown.status.state')}</dt>
            <dd data-testid="takedown-state">{t(`takedown.status.${status.status}`)}</dd>
            {status.contentHidden && status.status === 'under_review' && (<><dt>{t('takedown.status.hidden')}</dt><dd>✓</dd></>)}
            <dt>{t('takedown.status.items')}</dt>
            <dd>{status.items}</dd>
            <dt>{t('takedown.status.receivedAt')}</dt>
            <dd>{formatDateTime(status.receivedAt)}</dd>
            <dt>{t('takedown.status.updatedAt')}</dt>
            <dd>{formatDateTime(status.updatedAt)}</dd>
          </dl>
        </section>
      )}
      <p><Link href="/takedown">{t('takedown.home.start')}</Link></p>
      {status && <SupportContacts given={status.support} />}
    </>
  );
}
