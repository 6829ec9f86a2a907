import { z } from 'zod';
import { parseEvidenceKeys } from '../modules/evidence/evidence.keys.js';

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
  /** A member's signals are evaluated at once when first asked for, then once more at the end of this window (signals.pacing.ts). */
  TRYGG_SIGNALS_WINDOW_SECONDS: z.coerce.number().min(0).max(3_600).default(30),
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
  /** The CyberTipline Reporting API (docs/referrals.md); unset: referrals are built and validated but not sent. */
  TRYGG_NCMEC_URL: z.url().optional(),
  TRYGG_NCMEC_USERNAME: z.string().min(1).max(200).optional(),
  TRYGG_NCMEC_PASSWORD: z.string().min(1).max(500).optional(),
  TRYGG_NCMEC_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(60),
  /** Delays before each retry of a referral the API did not answer (network errors, HTTP 5xx); rejections wait for legal. */
  TRYGG_NCMEC_RETRY_SCHEDULE: secondsList([60, 600, 3600, 21_600]),
  /** The reporter on CyberTipline reports: the service's name, a contact person and their e-mail. */
  TRYGG_NCMEC_ESP_NAME: z.string().min(1).max(200).default('Trygg community'),
  TRYGG_NCMEC_REPORTER_NAME: z.string().min(3).max(200).optional(),
  TRYGG_NCMEC_REPORTER_EMAIL: z.email().optional(),
  /** A member's profile link, `{id}` standing for their platform id, e.g. https://community.example/u/{id}. */
  TRYGG_NCMEC_PROFILE_URL_TEMPLATE: z.string().regex(/^https?:\/\/\S*\{id\}\S*$/, 'must be an http(s) URL containing {id}').optional(),
  /** Evidence keys "k2:<base64 32 bytes>,k1:<base64>", the first current; unset: one key (k1) derived from TRYGG_SECRET_KEY. */
  TRYGG_EVIDENCE_KEYS: z.string().superRefine((spec, ctx) => {
    try {
      parseEvidenceKeys(spec);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }).optional(),
  /** Days after an account's deletion until its evidence not under legal hold is purged. */
  TRYGG_EVIDENCE_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /** The same for material reported to NCMEC. */
  TRYGG_EVIDENCE_NCMEC_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  /** A JSON file replacing keys of the takedown configuration: support contacts per country, priorities, uploader policy (docs/takedowns.md). */
  TRYGG_TAKEDOWN_CONFIG: z.string().min(1).optional(),
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
