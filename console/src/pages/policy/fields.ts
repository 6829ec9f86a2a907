import type { PolicyChange } from '../../api/types';
import { isMessageKey, type Translate } from '../../i18n';

/**
 * Every setting of the policy document (src/modules/policy/policy.document.ts), with what the
 * form needs to edit it. Labels and explanations are in the dictionaries under
 * policy.field.<path> and policy.help.<path>; enum choices under policy.value.<path>.<choice>.
 */
export interface FieldSpec {
  /** number, text and list: settings of a newer server that this console has no description for. */
  type: 'timeZone' | 'integer' | 'share' | 'boolean' | 'enum' | 'number' | 'text' | 'list';
  min?: number;
  max?: number;
  options?: readonly string[];
  /** Shown with the value where reading it as a bare number would be unclear. */
  unit?: 'year' | 'month' | 'day' | 'minute';
}

export const policyFields = {
  timeZone: { type: 'timeZone' },
  'registration.minimumAge': { type: 'integer', min: 13, max: 21, unit: 'year' },
  'minors.protectedAge': { type: 'integer', min: 14, max: 21, unit: 'year' },
  'ageGap.enabled': { type: 'boolean' },
  'ageGap.maxYears': { type: 'integer', min: 0, max: 30, unit: 'year' },
  'ageGap.buffsAllowed': { type: 'boolean' },
  'media.adultToMinor': { type: 'enum', options: ['deny', 'allow'] },
  'restrictions.restrictedMayContactMinors': { type: 'boolean' },
  'unknownAge.unknownAccount': { type: 'enum', options: ['minor', 'adult', 'deny'] },
  'unknownAge.unverified': { type: 'enum', options: ['claimed', 'minor'] },
  'signals.distinctMinorsFirstContacted24h': { type: 'integer', min: 1 },
  'signals.distinctMinorsFirstContacted7d': { type: 'integer', min: 1 },
  'signals.minorRejectionShare': { type: 'share', min: 0, max: 1 },
  'signals.minorRejectionMinContacts': { type: 'integer', min: 1 },
  'signals.ageGapDenials24h': { type: 'integer', min: 1 },
  'signals.buffBurstToMinors': { type: 'integer', min: 1 },
  'signals.buffBurstMinutes': { type: 'integer', min: 1, max: 1440, unit: 'minute' },
  'enforcement.strikeThresholds': { type: 'list', min: 1, max: 100 },
  'enforcement.strikeWeights.warn': { type: 'integer', min: 0, max: 10 },
  'enforcement.strikeWeights.remove': { type: 'integer', min: 0, max: 10 },
  'enforcement.strikeWeights.restrict_minors': { type: 'integer', min: 0, max: 10 },
  'enforcement.strikeWeights.suspend': { type: 'integer', min: 0, max: 10 },
  'enforcement.strikeWeights.ban': { type: 'integer', min: 0, max: 10 },
  'enforcement.strikeExpiryDays': { type: 'integer', min: 0, max: 3650, unit: 'day' },
  'enforcement.appealWindowMonths': { type: 'integer', min: 6, max: 120, unit: 'month' },
  'enforcement.suspensionDefaultDays': { type: 'integer', min: 1, max: 3650, unit: 'day' },
} as const satisfies Record<string, FieldSpec>;

export type FieldPath = keyof typeof policyFields;
export const fieldPaths = Object.keys(policyFields) as FieldPath[];
export const isFieldPath = (path: string): path is FieldPath => Object.hasOwn(policyFields, path);
export const specOf = (path: FieldPath): FieldSpec => policyFields[path];

/** How to edit any setting: as described above, or, for one this console does not know, by its value's type. */
export function specFor(path: string, value: unknown): FieldSpec {
  if (isFieldPath(path)) return policyFields[path];
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: 'number' };
  return Array.isArray(value) ? { type: 'list' } : { type: 'text' };
}

/**
 * The described settings a document has: a server that predates a setting (enforcement came with
 * the actions module) gets neither a row nor a field for it, so nothing unknown is sent back.
 */
export const presentFields = (document: unknown, paths: readonly FieldPath[]): FieldPath[] =>
  paths.filter((p) => valueAt(document, p) !== undefined);

/** Settings in the document that this console has no description for (added by a newer server). */
export const otherPaths = (document: unknown): string[] => [...flatten(document, '', new Map()).keys()].filter((p) => !isFieldPath(p));

/** The page's sections, in reading order; each setting appears in exactly one. */
export const policySections = [
  { id: 'ages', fields: ['timeZone', 'registration.minimumAge', 'minors.protectedAge'] },
  { id: 'ageGap', fields: ['ageGap.enabled', 'ageGap.maxYears', 'ageGap.buffsAllowed'] },
  { id: 'media', fields: ['media.adultToMinor'] },
  { id: 'restrictions', fields: ['restrictions.restrictedMayContactMinors'] },
  { id: 'unknownAge', fields: ['unknownAge.unknownAccount', 'unknownAge.unverified'] },
  {
    id: 'signals',
    fields: [
      'signals.distinctMinorsFirstContacted24h', 'signals.distinctMinorsFirstContacted7d', 'signals.minorRejectionShare',
      'signals.minorRejectionMinContacts', 'signals.ageGapDenials24h', 'signals.buffBurstToMinors', 'signals.buffBurstMinutes',
    ],
  },
  {
    id: 'enforcement',
    fields: [
      'enforcement.strikeThresholds', 'enforcement.strikeWeights.warn', 'enforcement.strikeWeights.remove',
      'enforcement.strikeWeights.restrict_minors', 'enforcement.strikeWeights.suspend', 'enforcement.strikeWeights.ban',
      'enforcement.strikeExpiryDays', 'enforcement.appealWindowMonths', 'enforcement.suspensionDefaultDays',
    ],
  },
] as const satisfies readonly { id: string; fields: readonly FieldPath[] }[];

/** The value at a dotted path of a document. */
export function valueAt(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A copy of the document with one leaf set (objects on the way are copied, not shared). */
export function withValueAt<T>(document: T, path: string, value: unknown): T {
  const [key, ...rest] = path.split('.');
  const object = (document ?? {}) as Record<string, unknown>;
  return { ...object, [key!]: rest.length ? withValueAt(object[key!], rest.join('.'), value) : value } as T;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Leaf-by-leaf differences between two documents, in path order (as the server computes them). */
export function diffDocuments(before: unknown, after: unknown): PolicyChange[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  return [...new Set([...a.keys(), ...b.keys()])]
    .sort()
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((path) => ({ path, before: a.get(path) ?? null, after: b.get(path) ?? null }));
}

/** A setting's name in the reader's language; an unknown path (a newer server) as itself. */
export const fieldLabel = (t: Translate, path: string): string => (isFieldPath(path) ? t(`policy.field.${path}`) : path);

/** A setting's value as a reader says it: yes/no, the chosen option, 50 %, 5 years. */
export function formatValue(t: Translate, locale: string, path: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return t(value ? 'value.yes' : 'value.no');
  if (Array.isArray(value)) return value.map((v) => formatValue(t, locale, '', v)).join(', ');
  const spec = isFieldPath(path) ? specOf(path) : undefined;
  if (typeof value === 'string') {
    const key = `policy.value.${path}.${value}`;
    return isMessageKey(key) ? t(key) : value;
  }
  if (typeof value === 'number') {
    if (spec?.type === 'share') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    if (spec?.unit) return new Intl.NumberFormat(locale, { style: 'unit', unit: spec.unit, unitDisplay: 'long' }).format(value);
    return new Intl.NumberFormat(locale).format(value);
  }
  return JSON.stringify(value);
}
