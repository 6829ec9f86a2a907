import { describe, expect, it } from 'vitest';
import { appealDecisionMail, mailLanguage, statementMail } from './member-mail.js';

const facts = {
  action: 'suspend' as const, ruleTitle: 'No sexual contact with minors', facts: 'Asked a 14-year-old for images.',
  endsAt: new Date('2026-08-01T00:00:00Z'), appealUrl: 'https://trygg.example.org/appeal/tok', appealDeadline: new Date('2026-12-01T10:00:00Z'),
};

describe('member e-mails', () => {
  it('picks the language from the account locale, English when unknown', () => {
    expect(mailLanguage('sv-SE')).toBe('sv');
    expect(mailLanguage('nb')).toBe('nb');
    expect(mailLanguage('no_NO')).toBe('nb');
    expect(mailLanguage('de')).toBe('en');
    expect(mailLanguage(null)).toBe('en');
  });

  it('states the decision, rule, facts, end, the absolute appeal link and the deadline', () => {
    const mail = statementMail('en', facts);
    expect(mail.subject).toMatch(/statement of reasons/);
    expect(mail.body).toContain('suspended your account');
    expect(mail.body).toContain('Rule: No sexual contact with minors');
    expect(mail.body).toContain('Why: Asked a 14-year-old for images.');
    expect(mail.body).toContain('Until: 2026-08-01');
    expect(mail.body).toContain('until 2026-12-01');
    expect(mail.body.split('\n')).toContain('https://trygg.example.org/appeal/tok');
    expect(mail.body).toContain('Art. 21');
  });

  it('writes Swedish and Norwegian with the same facts', () => {
    const sv = statementMail('sv', facts);
    expect(sv.subject).toBe('Ett beslut om ditt konto: motivering');
    expect(sv.body).toContain('stängde av ditt konto tillfälligt');
    expect(sv.body).toContain('https://trygg.example.org/appeal/tok');
    const nb = statementMail('nb', { ...facts, action: 'remove', endsAt: null });
    expect(nb.body).toContain('fjernet innholdet ditt');
    expect(nb.body).not.toContain('Til og med:');
  });

  it('tells an appeal outcome with the reason and the link', () => {
    const mail = appealDecisionMail('sv', 'reversed', 'Meddelandet var ett skämt mellan vuxna.', 'https://t.example/appeal/x');
    expect(mail.subject).toBe('Din överklagan bifölls');
    expect(mail.body).toContain('Skäl: Meddelandet var ett skämt mellan vuxna.');
    expect(mail.body).toContain('https://t.example/appeal/x');
  });
});
