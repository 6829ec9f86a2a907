import { Link } from '../../app/router';
import { isMessageKey, useI18n } from '../../i18n';

type Entry = Record<string, unknown>;
const isEntry = (v: unknown): v is Entry => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The evidence behind a signal or a case item: its figures (window, threshold…) and its list of
 * who and when (which minors, what kind, at what time), each minor linked to their account page.
 */
export function Evidence({ evidence }: { evidence: unknown }) {
  const { t, formatDateTime } = useI18n();
  if (!isEntry(evidence)) return <pre>{JSON.stringify(evidence, null, 2)}</pre>;
  const lists = Object.entries(evidence).filter((e): e is [string, unknown[]] => Array.isArray(e[1]));
  const figures = Object.entries(evidence).filter(([, v]) => !Array.isArray(v));
  const label = (key: string) => {
    const text = `evidence.${key}`;
    return isMessageKey(text) ? t(text) : key;
  };
  const say = (key: string, value: unknown) => {
    const text = `evidence.${key}.${String(value)}`;
    return isMessageKey(text) ? t(text) : typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  const kind = (value: unknown) => {
    const key = `kind.${String(value)}`;
    return isMessageKey(key) ? t(key) : String(value);
  };

  return (
    <div className="evidence">
      {figures.length > 0 && (
        <dl className="facts facts-compact">
          {figures.map(([key, value]) => (
            <div key={key} className="facts-row">
              <dt>{label(key)}</dt>
              <dd>{say(key, value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {lists.map(([key, items]) => {
        const rows = items.filter(isEntry);
        const hasKind = rows.some((r) => 'kind' in r);
        return (
          <div key={key} className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('accounts.evidence.minor')}</th>
                  {hasKind && <th scope="col">{t('accounts.evidence.kind')}</th>}
                  <th scope="col">{t('accounts.evidence.at')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => {
                  const minor = typeof row.minor === 'string' ? row.minor : null;
                  const at = typeof row.at === 'string' ? row.at : null;
                  return (
                    <tr key={`${minor}-${at}-${i}`}>
                      <td>{minor ? <Link href={`/console/accounts/${encodeURIComponent(minor)}`}><code>{minor}</code></Link> : '—'}</td>
                      {hasKind && <td>{row.kind === undefined ? '—' : kind(row.kind)}</td>}
                      <td>{at ? <time dateTime={at}>{formatDateTime(at)}</time> : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}

/** How many entries the evidence lists (for "Evidence (5)"). */
export function evidenceCount(evidence: unknown): number {
  if (!isEntry(evidence)) return 0;
  return Object.values(evidence).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 0), 0);
}
