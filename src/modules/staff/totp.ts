import { authenticator } from 'otplib';

const STEP_SECONDS = 30;

export const newTotpSecret = (): string => authenticator.generateSecret(20);

export const totpUri = (email: string, secret: string): string => authenticator.keyuri(email, 'Trygg', secret);

/** The code for a moment in time (tests and the demo's helper use it). */
export const totpCode = (secret: string, at: Date): string =>
  authenticator.clone({ epoch: at.getTime() }).generate(secret);

/**
 * Accepts a code for the current step or one step either side (clock drift) and returns
 * the step it belongs to, so the caller can refuse a code used before; null if wrong.
 */
export function totpStep(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = authenticator.clone({ epoch: at.getTime(), window: 1 }).checkDelta(code, secret);
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / STEP_SECONDS) + delta;
}
