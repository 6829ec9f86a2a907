import type { MessageKey } from '../../i18n';
import type { BodyOf } from '../../api/send';
import type { TakedownHash } from '../../api/takedowns';

/** The takedown form's answers, as typed. */
export interface TakedownDraft {
  content: string[];
  hashes: TakedownHash[];
  description: string;
  relation: string;
  under18: string;
  sexual: string;
  policeCaseNumber: string;
  name: string;
  email: string;
  phone: string;
  country: string;
}

export type TakedownField = 'content' | 'hashes' | 'description' | 'relation' | 'under18' | 'sexual' | 'policeCaseNumber' | 'name' | 'email' | 'phone';
export type FieldError = { key: MessageKey } | { text: string };
export type TakedownErrors = Partial<Record<TakedownField, FieldError>>;

export const emptyTakedown: TakedownDraft = {
  content: [''], hashes: [], description: '', relation: '', under18: '', sexual: '', policeCaseNumber: '', name: '', email: '', phone: '', country: '',
};

/** The id of the control an error summary link moves focus to (for a fieldset: its first option). */
export const takedownFieldId = (field: TakedownField) => (field === 'content' ? 'takedown-content-0' : `takedown-${field}`);

/** The form field a server error names (`body.relation`, `body.content.0`, `body.contact.email`). */
export function takedownFieldOf(serverField: string): TakedownField | undefined {
  const [, top, second] = serverField.split('.');
  if (top === 'contact' && (second === 'email' || second === 'phone' || second === 'name')) return second;
  const known: TakedownField[] = ['content', 'hashes', 'description', 'relation', 'under18', 'sexual', 'policeCaseNumber'];
  return known.find((f) => f === top);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,30}$/;

export function validateTakedown(d: TakedownDraft): TakedownErrors {
  const errors: TakedownErrors = {};
  if (!d.content.some((c) => c.trim())) errors.content = { key: 'takedown.error.content' };
  if (!d.relation) errors.relation = { key: 'takedown.error.required' };
  if (!d.under18) errors.under18 = { key: 'takedown.error.required' };
  if (!d.sexual) errors.sexual = { key: 'takedown.error.required' };
  if (d.email.trim() && !EMAIL.test(d.email.trim())) errors.email = { key: 'takedown.error.email' };
  if (d.phone.trim() && !PHONE.test(d.phone.trim())) errors.phone = { key: 'takedown.error.phone' };
  return errors;
}

type TakedownBody = BodyOf<'POST /v1/public/takedowns'>;

/** The body of POST /v1/public/takedowns from a draft validateTakedown() passed (the choices are made). */
export function takedownBody(d: TakedownDraft, language: string): TakedownBody {
  const contact = Object.fromEntries(Object.entries({ name: d.name.trim(), email: d.email.trim(), phone: d.phone.trim() }).filter(([, v]) => v));
  return {
    content: d.content.map((c) => c.trim()).filter(Boolean),
    hashes: d.hashes,
    ...(d.description.trim() && { description: d.description.trim() }),
    relation: d.relation as TakedownBody['relation'],
    under18: d.under18 as TakedownBody['under18'],
    sexual: d.sexual === 'yes',
    ...(d.policeCaseNumber.trim() && { policeCaseNumber: d.policeCaseNumber.trim() }),
    ...(Object.keys(contact).length && { contact }),
    ...(d.country && { country: d.country as NonNullable<TakedownBody['country']> }),
    language: language as TakedownBody['language'],
  };
}
