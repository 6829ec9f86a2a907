import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { consoleDist } from '../../src/server/static.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Debian's chromium: playwright-core never downloads a browser, and neither do we. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);
export const e2eRequired = process.env.TRYGG_REQUIRE_E2E === '1';

export const screenshotDir = join(repoRoot, 'test-results', 'e2e');

/** The browser test needs the built console; npm test builds it first, a lone run builds it here. */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(consoleDist, 'index.html')) && existsSync(join(consoleDist, 'console.html'))) return;
  try {
    execFileSync('npx', ['vite', 'build', '--config', 'console/vite.config.ts'], { cwd: repoRoot, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`console/dist is missing and building it failed (run npm run build:console):\n${output}`);
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumInstalled) {
    throw new Error(`TRYGG_REQUIRE_E2E=1 but ${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-quic', '--no-first-run', '--disable-sync',
    ],
  });
}

/**
 * Collects what would otherwise pass unnoticed in a browser: uncaught exceptions and console
 * errors such as a refused script (CSP). Failed requests the page expects (401 before
 * sign-in, a wrong password) are answered by the server and shown on the page instead.
 */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

let shotsDir = screenshotDir;
let shots = 0;

/**
 * Starts a test file's run with its own empty screenshot folder (test-results/e2e/<name>/), so
 * every picture there is from this run and files running one after another keep each other's.
 */
export function clearScreenshots(name: string): string {
  shotsDir = join(screenshotDir, name);
  shots = 0;
  rmSync(shotsDir, { recursive: true, force: true });
  mkdirSync(shotsDir, { recursive: true });
  return shotsDir;
}

/** A numbered full-page screenshot in the file's folder under test-results/e2e/, for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  shots += 1;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${String(shots).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/**
 * Reads a QR code shown on the page with zbarimg, where installed (apt-get install zbar-tools);
 * null where it is not, so the check is extra, never a reason to skip the rest.
 */
export async function readQrCode(locator: Locator): Promise<string | null> {
  if (!existsSync('/usr/bin/zbarimg')) return null;
  const file = join(shotsDir, 'qr-code.png');
  await locator.screenshot({ path: file });
  return execFileSync('/usr/bin/zbarimg', ['--raw', '--quiet', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
}

/** Waits until the element is shown and returns its text. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return (await locator.textContent()) ?? '';
}
