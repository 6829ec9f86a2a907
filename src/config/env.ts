import { z } from 'zod';

/** A comma-separated list of delays in seconds ("5,300,1800"): one retry after each. */
const secondsList = (fallback: number[]) =>
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, 'must be a comma-separated list of seconds, e.g. 5,300,1800')
    .transform((s) => s.split(',').map((part) => Number(part.trim())))
    .refine((list) => list.length <= 30, 'at most 30 retries')
    .refine((list) => list.every((n) => n <= 7 * 86_400), 'each delay at most 604800 seconds (7 days)')
    .default(fallback);

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
  /** How often a node looks for hash-bank changes other nodes made (docs/media.md). */
  TRYGG_BANK_FOLLOW_SECONDS: z.coerce.number().min(0.5).max(10).default(2),
  /** How long one webhook request may take before it counts as a failed attempt. */
  TRYGG_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(120).default(10),
  /** Delays before each retry of a failed webhook delivery (Standard Webhooks' schedule, ~27.6 h in all). */
  TRYGG_WEBHOOK_RETRY_SCHEDULE: secondsList([5, 300, 1800, 7200, 18_000, 36_000, 36_000]),
  /** smtp://[user:pass@]host:port or smtps://…; unset: e-mails wait as pending. */
  TRYGG_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  TRYGG_MAIL_FROM: z.string().min(3).max(320).default('Trygg <noreply@localhost>'),
  /** Delays before each retry of an e-mail the SMTP server did not take (temporary failures). */
  TRYGG_EMAIL_RETRY_SCHEDULE: secondsList([60, 300, 1800, 7200, 21_600]),
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
