/**
 * Headless Chromium from Debian's package, driven by playwright-core (which gives each launch a
 * fresh profile of its own); tests skip with a reason without it.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

export interface LaunchedBrowser {
  browser: Browser;
  /** A fresh context (its own storage and cookies: another user). */
  context(opts?: { width?: number; height?: number; colorScheme?: 'light' | 'dark' }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    context: (opts = {}) =>
      browser.newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
        colorScheme: opts.colorScheme ?? 'light',
        deviceScaleFactor: 1,
        reducedMotion: 'reduce',
      }),
    async close() {
      await browser.close();
    },
  };
}
