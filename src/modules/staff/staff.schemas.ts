import { z } from 'zod';
import { roles } from '../../server/access.js';

export const roleSchema = z.enum(roles);

export const staffViewSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: roleSchema,
    status: z.enum(['active', 'disabled']),
    twoFactorEnabled: z.boolean(),
    lockedUntil: z.string().nullable(),
    lastSignInAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Staff' });

export const createStaffBody = z.strictObject({
  email: z.email().max(320),
  role: roleSchema,
  displayName: z.string().trim().min(1).max(120).optional(),
  password: z.string().min(12).max(256).optional().describe('Omit to have one generated and returned once'),
});

export const updateStaffBody = z
  .strictObject({
    role: roleSchema.optional(),
    status: z.enum(['active', 'disabled']).optional(),
    displayName: z.string().trim().min(1).max(120).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one of role, status, displayName' });
