import type { PolicyChange } from '../../api/types';
import { useI18n } from '../../i18n';
import { fieldLabel, formatValue } from './fields';

/** Changes between two policy versions, one setting a row: its name, the value before and after. */
export function ChangesTable({ changes, caption }: { changes: readonly PolicyChange[]; caption: string }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="changes">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('policy.change.setting')}</th>
            <th scope="col">{t('policy.change.before')}</th>
            <th scope="col">{t('policy.change.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.path}>
              <th scope="row">
                {fieldLabel(t, change.path)}
                <div><code className="id">{change.path}</code></div>
              </th>
              <td><del>{formatValue(t, locale, change.path, change.before)}</del></td>
              <td>
                <span className="visually-hidden">{t('policy.change.arrow')} </span>
                <ins>{formatValue(t, locale, change.path, change.after)}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
