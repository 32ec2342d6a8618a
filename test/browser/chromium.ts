/** Debian's Chromium driven by playwright-core (never a browser download); a missing binary fails loudly. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where .ci/run installs it (`apt-get install chromium`). */
export const CHROMIUM = process.env.MASKO_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium, or throws a message that says how to get it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium; .ci/run does it) or set MASKO_TEST_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}
