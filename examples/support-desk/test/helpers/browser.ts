/**
 * Headless Chromium from Debian's package driven by playwright-core, as @oichat/ui-react's
 * browser tests run it; the tests skip with a reason without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** A frame the page's OiChat socket received (JSON, with its `type`). */
export type Frame = { type: string; [key: string]: unknown };

/**
 * A person at their own browser (own cookies), signed in as one of the demo personas. `frames()`
 * is everything the page's WebSockets (the OiChat client's, across reconnects) received so far:
 * what reached this person on the wire, whatever the page shows.
 */
export async function signedIn(
  browser: Browser,
  appUrl: string,
  persona: string,
  opts: {
    colorScheme?: 'light' | 'dark';
    errors?: string[];
    width?: number;
    height?: number;
    beforeSignIn?: (page: Page) => Promise<void>;
  } = {},
): Promise<{ context: BrowserContext; page: Page; frames: () => Frame[] }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    colorScheme: opts.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const frames: Frame[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      try {
        frames.push(JSON.parse(String(payload)) as Frame);
      } catch {
        // not one of OiChat's JSON frames
      }
    }),
  );
  page.on('pageerror', (e) => opts.errors?.push(`${persona}: ${e.message}`));
  // React's hydration mismatches and failed requests land here.
  page.on('console', (m) => {
    if (m.type() === 'error') opts.errors?.push(`${persona} (console): ${m.text()}`);
  });
  await page.goto(appUrl);
  await opts.beforeSignIn?.(page);
  await page.getByRole('button', { name: new RegExp(persona) }).click();
  await page.waitForURL(/\/(customer|agent)$/);
  return { context, page, frames: () => [...frames] };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now, as `rule: targets` lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    type AxeViolation = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
