import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (the test tool's own browser download does not work here). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless Chromium in a container: no sandbox, no GPU, and no background traffic to Google. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the browser tests keep their screenshots (test-artifacts/ is gitignored; CI uploads it). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'screens');

/** Launches the headless Chromium the browser tests use. Close it in `afterAll`. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

/**
 * Saves a full-page screenshot of `page` as `name` (a file name such as 'participant-390.png')
 * under {@link SCREENSHOT_DIR}, creating the folder on first use. @returns the file's path.
 */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[\w.-]+\.png$/.test(name)) throw new Error(`screenshot name must be a plain *.png file name: ${name}`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}
