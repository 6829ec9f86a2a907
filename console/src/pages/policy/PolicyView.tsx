import type { PolicyDocument } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatValue, otherPaths, policySections, presentFields, valueAt } from './fields';

/** The policy in force, section by section: each setting, its value, and what it means. */
export function PolicyView({ document }: { document: PolicyDocument }) {
  const { t, locale } = useI18n();
  const others = otherPaths(document);
  return (
    <div className="policy-sections">
      {policySections.map((section) => ({ id: section.id, fields: presentFields(document, section.fields) })).filter((s) => s.fields.length).map((section) => (
        <section key={section.id} className="panel" aria-labelledby={`policy-section-${section.id}`}>
          <h2 id={`policy-section-${section.id}`}>{t(`policy.section.${section.id}`)}</h2>
          <p className="muted">{t(`policy.sectionIntro.${section.id}`)}</p>
          <dl className="settings">
            {section.fields.map((path) => (
              <div key={path} className="setting" data-setting={path}>
                <dt>{t(`policy.field.${path}`)}</dt>
                <dd>
                  <strong className="setting-value">{formatValue(t, locale, path, valueAt(document, path))}</strong>
                  <p className="field-hint">{t(`policy.help.${path}`)}</p>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {others.length > 0 && (
        <section className="panel" aria-labelledby="policy-section-other">
          <h2 id="policy-section-other">{t('policy.section.other')}</h2>
          <p className="muted">{t('policy.sectionIntro.other')}</p>
          <dl className="settings">
            {others.map((path) => (
              <div key={path} className="setting" data-setting={path}>
                <dt><code>{path}</code></dt>
                <dd><strong className="setting-value">{formatValue(t, locale, path, valueAt(document, path))}</strong></dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
