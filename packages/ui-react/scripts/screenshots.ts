/**
 * `npm run screenshots -w @oichat/ui-react`: the README's pictures, taken in headless Chromium
 * from a running gallery (light and dark, English and Korean, a phone, the components view) and
 * written to docs/screenshots/.
 */
import { launchChromium } from '../test/helpers/browser.ts';
import { startGallery } from '../gallery/site.ts';

const out = (name: string) => new URL(`../docs/screenshots/${name}.png`, import.meta.url).pathname;
const gallery = await startGallery({ longCount: 10_000 });
const chromium = await launchChromium();
const shots: [string, string, { width: number; height: number }][] = [
  ['chat-light-en', '?theme=light&locale=en', { width: 1280, height: 800 }],
  ['chat-dark-en', '?theme=dark&locale=en', { width: 1280, height: 800 }],
  ['chat-light-ko', '?theme=light&locale=ko&room=korean', { width: 1280, height: 800 }],
  ['chat-dark-ko', '?theme=dark&locale=ko&room=dm', { width: 1280, height: 800 }],
  ['long-room-light', '?theme=light&room=long', { width: 1280, height: 800 }],
  ['phone-room-light', '?theme=light&bare&room=support', { width: 390, height: 780 }],
  ['phone-list-dark', '?theme=dark&bare&room=none&locale=ko', { width: 390, height: 780 }],
  ['components-light', '?theme=light&view=components', { width: 1280, height: 1250 }],
  ['components-dark', '?theme=dark&view=components', { width: 1280, height: 1250 }],
];
try {
  for (const [name, query, size] of shots) {
    const context = await chromium.context(size);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`screenshots: ${name}: page error: ${e.message}`));
    await page.goto(gallery.url + '/' + query);
    await page.waitForSelector('.oichat-rooms', { state: 'attached' });
    await page.waitForFunction(() => document.querySelectorAll('.oichat-message, .oichat-room').length > 0);
    // Let previews, presence and the scroll position settle.
    await page.waitForTimeout(2500);
    await page.screenshot({ path: out(name) });
    console.log(`screenshots: ${name}.png`);
    await context.close();
  }
} finally {
  await chromium.close();
  await gallery.close();
}
