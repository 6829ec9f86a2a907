import type { SupportContact } from './takedowns.config.js';

// The requester's e-mails, in the language they used the form in. No content, no names: only the
// tracking code, what happened and where to get support.

export type MailKind = 'received' | 'removed' | 'not_removed';
type Language = 'sv' | 'nb' | 'da' | 'en';

const texts: Record<Language, { subject: Record<MailKind, string>; body: Record<MailKind, string>; code: string; page: string; support: string }> = {
  en: {
    subject: { received: 'We received your takedown request', removed: 'The content you reported has been removed', not_removed: 'Your takedown request has been reviewed' },
    body: {
      received: 'We received your request. Content showing a child or sexual content was hidden at once while we review it.',
      removed: 'We reviewed your request and removed the content. Copies uploaded again are blocked.',
      not_removed: 'Two senior moderators reviewed your request and did not remove the content. You may contact us again or turn to the police or a support organisation.',
    },
    code: 'Your tracking code', page: 'Follow your request here', support: 'Support',
  },
  sv: {
    subject: { received: 'Vi har tagit emot din begäran om borttagning', removed: 'Innehållet du anmälde har tagits bort', not_removed: 'Din begäran om borttagning har granskats' },
    body: {
      received: 'Vi har tagit emot din begäran. Innehåll som visar ett barn eller sexuellt innehåll doldes direkt medan vi granskar det.',
      removed: 'Vi har granskat din begäran och tagit bort innehållet. Kopior som laddas upp igen blockeras.',
      not_removed: 'Två erfarna moderatorer har granskat din begäran och tog inte bort innehållet. Du kan kontakta oss igen eller vända dig till polisen eller en stödorganisation.',
    },
    code: 'Din spårningskod', page: 'Följ din begäran här', support: 'Stöd',
  },
  nb: {
    subject: { received: 'Vi har mottatt forespørselen din om sletting', removed: 'Innholdet du meldte, er fjernet', not_removed: 'Forespørselen din om sletting er vurdert' },
    body: {
      received: 'Vi har mottatt forespørselen din. Innhold som viser et barn eller seksuelt innhold, ble skjult med en gang mens vi vurderer det.',
      removed: 'Vi har vurdert forespørselen din og fjernet innholdet. Kopier som lastes opp igjen, blokkeres.',
      not_removed: 'To erfarne moderatorer har vurdert forespørselen din og fjernet ikke innholdet. Du kan kontakte oss igjen eller gå til politiet eller en hjelpeorganisasjon.',
    },
    code: 'Sporingskoden din', page: 'Følg forespørselen din her', support: 'Hjelp',
  },
  da: {
    subject: { received: 'Vi har modtaget din anmodning om fjernelse', removed: 'Indholdet, du anmeldte, er fjernet', not_removed: 'Din anmodning om fjernelse er behandlet' },
    body: {
      received: 'Vi har modtaget din anmodning. Indhold, der viser et barn, eller seksuelt indhold blev skjult med det samme, mens vi gennemgår det.',
      removed: 'Vi har gennemgået din anmodning og fjernet indholdet. Kopier, der uploades igen, blokeres.',
      not_removed: 'To erfarne moderatorer har gennemgået din anmodning og fjernede ikke indholdet. Du kan kontakte os igen eller gå til politiet eller en støtteorganisation.',
    },
    code: 'Din sporingskode', page: 'Følg din anmodning her', support: 'Støtte',
  },
};

export function takedownMail(language: string, kind: MailKind, m: { code: string | null; statusUrl: string | null; support: SupportContact[] }): { subject: string; body: string } {
  const t = texts[(language in texts ? language : 'en') as Language];
  const lines = [t.body[kind], ''];
  if (m.code) lines.push(`${t.code}: ${m.code}`);
  if (m.statusUrl) lines.push(`${t.page}: ${m.statusUrl}`);
  lines.push('', `${t.support}:`, ...m.support.map((s) => `- ${s.name}${s.phone ? `, ${s.phone}` : ''}${s.url ? `, ${s.url}` : ''}`));
  return { subject: t.subject[kind], body: lines.join('\n') };
}
