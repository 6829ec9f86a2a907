import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { nb } from './nb';
import { sv } from './sv';
import { publicFrameDa, takedownPublicDa } from './takedown/da';

export type { MessageKey };

/** For keys built from data (a signal kind, a case status): translate when the dictionary knows it. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** Each language: its dictionary, its name in itself, and the locale for dates and numbers. */
export const languages = {
  en: { dictionary: en, name: 'English', locale: 'en-GB' },
  sv: { dictionary: sv, name: 'Svenska', locale: 'sv-SE' },
  nb: { dictionary: nb, name: 'Norsk bokmål', locale: 'nb-NO' },
  // Danish covers the takedown form and its status page; elsewhere its missing messages are English.
  da: { dictionary: { ...en, ...publicFrameDa, ...takedownPublicDa }, name: 'Dansk', locale: 'da-DK', partial: true },
} satisfies Record<string, { dictionary: Record<MessageKey, string>; name: string; locale: string; partial?: boolean }>;

export type Language = keyof typeof languages;

const STORAGE_KEY = 'trygg.language';
const isLanguage = (value: unknown): value is Language => typeof value === 'string' && value in languages;

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : 'en';
  } catch {
    return 'en'; // storage can be blocked; English is the default
  }
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  /** The BCP 47 locale for numbers and dates, e.g. sv-SE. */
  locale: string;
  setLanguage: (language: Language) => void;
  t: Translate;
  /** A date and time in the reader's language, e.g. for the audit log. */
  formatDateTime: (iso: string | null | undefined) => string;
  formatDate: (iso: string) => string;
  /** A page names itself in the window title (null: the app's own title). */
  setPageTitle: (key: MessageKey | null) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, titleKey }: { children: ReactNode; titleKey: MessageKey }) {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  const [pageTitle, setPageTitle] = useState<MessageKey | null>(null);
  const { dictionary, locale } = languages[language];

  const t = useCallback<Translate>(
    (key, values) => {
      const text = dictionary[key];
      return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
    },
    [dictionary],
  );

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = pageTitle ? `${t(pageTitle)} · ${t(titleKey)}` : t(titleKey);
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // not remembered, still switched
    }
  }, [language, t, titleKey, pageTitle]);

  const value = useMemo<I18n>(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    // A date without a time (a birth date) is a calendar day, not a moment: format it in UTC.
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    return {
      language, locale, setLanguage, t,
      formatDateTime: (iso) => (iso ? dateTime.format(new Date(iso)) : '—'),
      formatDate: (iso) => date.format(new Date(iso)),
      setPageTitle,
    };
  }, [language, locale, t]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

/** Names the page in the window title while it is shown. */
export function usePageTitle(key: MessageKey): void {
  const { setPageTitle } = useI18n();
  useEffect(() => {
    setPageTitle(key);
    return () => setPageTitle(null);
  }, [key, setPageTitle]);
}

/** `partial`: also offer languages that cover only some pages (Danish, on the takedown pages). */
export function LanguageSwitch({ partial = false }: { partial?: boolean }) {
  const { language, setLanguage, t } = useI18n();
  const offered = Object.entries(languages).filter(([code, l]) => partial || code === language || !('partial' in l));
  return (
    <label className="language-switch">
      <span>{t('language.label')}</span>
      <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {offered.map(([code, { name }]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
