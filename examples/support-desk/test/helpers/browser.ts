/**
 * Headless Chromium from Debian's package driven by playwright-core, as @oichat/ui-react's
 * browser tests run it; the tests skip with a reason without it.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/** A person at their own browser (own cookies), signed in as one of the demo personas. */
export async function signedIn(
  browser: Browser,
  appUrl: string,
  persona: string,
  opts: { colorScheme?: 'light' | 'dark'; errors?: string[] } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: opts.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => opts.errors?.push(`${persona}: ${e.message}`));
  await page.goto(appUrl);
  await page.getByRole('button', { name: new RegExp(persona) }).click();
  await page.waitForURL(/\/(customer|agent)$/);
  return { context, page };
}
