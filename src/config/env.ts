import { z } from 'zod';

/** Every configuration variable Trygg reads. Documented in README.md; keep the two in step. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  TRYGG_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  TRYGG_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRYGG_PUBLIC_URL: z.url().optional(),
  TRYGG_TRUST_PROXY: z.stringbool().default(false),
  TRYGG_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  TRYGG_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  TRYGG_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  TRYGG_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  TRYGG_JOBS: z.stringbool().default(true),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; fails naming the first bad variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    picked[key] = value === '' ? undefined : value;
  }
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  return parsed.data;
}
