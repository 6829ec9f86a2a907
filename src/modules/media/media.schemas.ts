import { z } from 'zod';
import { categoryIds } from '../cases/categories.js';
import { bankActions, bankKinds } from './banks.service.js';

const hex = (digits: number, what: string) => z.string().trim().regex(new RegExp(`^[0-9a-fA-F]{${digits}}$`), `must be a ${what}: ${digits} hex digits`);
export const pdqHex = hex(64, 'PDQ hash');
export const md5Hex = hex(32, 'MD5 digest');
export const sha256Hex = hex(64, 'SHA-256 digest');
const externalId = z.string().trim().min(1).max(200);

/** The JSON form of a check: hashes the platform computed itself. */
export const checkJsonBody = z.strictObject({
  hashes: z.strictObject({
    pdq: pdqHex.optional(), quality: z.number().int().min(0).max(100).optional(), md5: md5Hex.optional(), sha256: sha256Hex.optional(),
  }),
  accountId: externalId.optional(),
  contentId: externalId.optional(),
});

export const checkQuery = z.strictObject({ accountId: externalId.optional(), contentId: externalId.optional() });

export const checkResult = z.object({
  checkId: z.uuid(),
  verdict: z.enum(['block', 'flag', 'allow']),
  hashes: z.object({ pdq: z.string().nullable(), quality: z.number().int().nullable(), md5: z.string().nullable(), sha256: z.string().nullable() }),
  matches: z.array(z.object({
    bank: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }), type: z.enum(['pdq', 'md5', 'sha256']), distance: z.number().int(),
    action: z.string(), label: z.string().nullable(),
    variant: z.string().nullable().describe('Set when only a likely crop undone matched (e.g. uncrop-5pct)'),
  })),
  caseId: z.uuid().nullable(),
  evidenceId: z.uuid().nullable(),
}).meta({ id: 'MediaCheck' });

export const bankView = z.object({
  id: z.uuid(), name: z.string(), kind: z.string(), action: z.string(), category: z.string(), pdqThreshold: z.number().int(),
  qualityFloor: z.number().int(), description: z.string().nullable(), active: z.number().int(), withdrawn: z.number().int(), createdAt: z.string(),
}).meta({ id: 'HashBank' });

export const newBankBody = z.strictObject({
  name: z.string().trim().min(1).max(100).regex(/^[\w .:-]+$/, 'letters, digits, spaces and . : _ - only'),
  kind: z.enum(bankKinds),
  action: z.enum(bankActions).optional(),
  category: z.enum(categoryIds).optional(),
  pdqThreshold: z.number().int().min(0).max(63).optional(),
  qualityFloor: z.number().int().min(0).max(100).optional(),
  description: z.string().trim().max(500).optional(),
});

export const linesBody = z.strictObject({
  format: z.enum(['plain', 'csv', 'stopncii']),
  plainType: z.enum(['pdq', 'sha256']).optional(),
  lines: z.array(z.string().max(2_000)).min(1).max(10_000),
  /** The file line number of lines[0], so errors name the file's lines. */
  firstLine: z.number().int().min(1).default(1),
});

export const linesResult = z.object({
  added: z.number().int(), withdrawn: z.number().int(), unchanged: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
