import type { ActionType } from './actions.statement.js';

// The e-mails to the member a decision affects, in the member's language (the account's locale:
// English, Swedish or Norwegian Bokmål). The rule title and the facts are the moderator's words and
// stay as written. Plain text: no markup, no tracking, one absolute link to the appeal page.

export type MailLanguage = 'en' | 'sv' | 'nb';
export interface Mail {
  subject: string;
  body: string;
}

/** sv, sv-SE → sv; nb, nn, no, nb-NO → nb; anything else (or none) → en. */
export function mailLanguage(locale: string | null | undefined): MailLanguage {
  const lang = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  if (lang === 'sv') return 'sv';
  if (lang === 'nb' || lang === 'nn' || lang === 'no') return 'nb';
  return 'en';
}

export interface StatementMailFacts {
  action: ActionType;
  ruleTitle: string;
  facts: string;
  endsAt: Date | null;
  appealUrl: string;
  appealDeadline: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

const texts = {
  en: {
    statementSubject: 'A decision about your account: statement of reasons',
    what: {
      dismiss: 'found no breach', warn: 'gave you a warning', hide: 'hid your content while it is reviewed', remove: 'removed your content',
      restrict_minors: 'restricted your account from contacting minors', suspend: 'suspended your account', ban: 'closed your account',
    },
    decided: (what: string) => `Our moderators ${what}.`,
    rule: 'Rule',
    facts: 'Why',
    until: 'Until',
    appeal: (url: string, deadline: string) =>
      `You may appeal free of charge until ${deadline}; a reviewer who did not take the decision will decide (DSA Art. 20):\n${url}`,
    redress: 'You may also turn to a certified out-of-court dispute settlement body (DSA Art. 21) or to a court.',
    appealSubject: { upheld: 'Your appeal was not accepted', reversed: 'Your appeal was accepted' },
    appealOutcome: {
      upheld: 'A reviewer who did not take the first decision looked at your appeal and kept the decision.',
      reversed: 'A reviewer who did not take the first decision looked at your appeal and reversed the decision.',
    },
    reason: 'Reason',
    decisionPage: 'The decision and its statement of reasons',
  },
  sv: {
    statementSubject: 'Ett beslut om ditt konto: motivering',
    what: {
      dismiss: 'fann ingen överträdelse', warn: 'gav dig en varning', hide: 'dolde ditt innehåll medan det granskas', remove: 'tog bort ditt innehåll',
      restrict_minors: 'begränsade ditt konto från att kontakta minderåriga', suspend: 'stängde av ditt konto tillfälligt', ban: 'stängde ditt konto',
    },
    decided: (what: string) => `Våra moderatorer ${what}.`,
    rule: 'Regel',
    facts: 'Varför',
    until: 'Till och med',
    appeal: (url: string, deadline: string) =>
      `Du kan överklaga kostnadsfritt till och med ${deadline}; en granskare som inte fattade beslutet avgör (DSA art. 20):\n${url}`,
    redress: 'Du kan också vända dig till ett certifierat organ för tvistlösning utanför domstol (DSA art. 21) eller till domstol.',
    appealSubject: { upheld: 'Din överklagan bifölls inte', reversed: 'Din överklagan bifölls' },
    appealOutcome: {
      upheld: 'En granskare som inte fattade det första beslutet har prövat din överklagan och står fast vid beslutet.',
      reversed: 'En granskare som inte fattade det första beslutet har prövat din överklagan och upphävt beslutet.',
    },
    reason: 'Skäl',
    decisionPage: 'Beslutet och dess motivering',
  },
  nb: {
    statementSubject: 'En avgjørelse om kontoen din: begrunnelse',
    what: {
      dismiss: 'fant ingen overtredelse', warn: 'ga deg en advarsel', hide: 'skjulte innholdet ditt mens det vurderes', remove: 'fjernet innholdet ditt',
      restrict_minors: 'begrenset kontoen din fra å kontakte mindreårige', suspend: 'suspenderte kontoen din', ban: 'stengte kontoen din',
    },
    decided: (what: string) => `Moderatorene våre ${what}.`,
    rule: 'Regel',
    facts: 'Hvorfor',
    until: 'Til og med',
    appeal: (url: string, deadline: string) =>
      `Du kan klage gratis til og med ${deadline}; en saksbehandler som ikke tok avgjørelsen, avgjør klagen (DSA art. 20):\n${url}`,
    redress: 'Du kan også henvende deg til et sertifisert organ for tvisteløsning utenfor domstolene (DSA art. 21) eller til domstolene.',
    appealSubject: { upheld: 'Klagen din ble ikke tatt til følge', reversed: 'Klagen din ble tatt til følge' },
    appealOutcome: {
      upheld: 'En saksbehandler som ikke tok den første avgjørelsen, har vurdert klagen din og opprettholder avgjørelsen.',
      reversed: 'En saksbehandler som ikke tok den første avgjørelsen, har vurdert klagen din og omgjort avgjørelsen.',
    },
    reason: 'Begrunnelse',
    decisionPage: 'Avgjørelsen og begrunnelsen',
  },
} as const;

/** The statement of reasons (DSA Art. 17) for the affected member. */
export function statementMail(lang: MailLanguage, f: StatementMailFacts): Mail {
  const t = texts[lang];
  return {
    subject: t.statementSubject,
    body: [
      t.decided(t.what[f.action]),
      '',
      `${t.rule}: ${f.ruleTitle}`,
      `${t.facts}: ${f.facts}`,
      ...(f.endsAt ? [`${t.until}: ${day(f.endsAt)}`] : []),
      '',
      t.appeal(f.appealUrl, day(f.appealDeadline)),
      t.redress,
    ].join('\n'),
  };
}

/** The outcome of an appeal, for the member (or the address the appellant left). */
export function appealDecisionMail(lang: MailLanguage, outcome: 'upheld' | 'reversed', reason: string, appealUrl: string): Mail {
  const t = texts[lang];
  return {
    subject: t.appealSubject[outcome],
    body: [t.appealOutcome[outcome], '', `${t.reason}: ${reason}`, '', `${t.decisionPage}:`, appealUrl, t.redress].join('\n'),
  };
}
