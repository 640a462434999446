/**
 * `npm run screenshots -w @oichat/ui-react`: the README's pictures, taken in headless Chromium
 * from a running gallery (light and dark, English and Korean, a phone, the components view) and
 * written to docs/screenshots/.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.ts';
import { parcelPhoto } from '../gallery/sample-files.ts';
import { startGallery } from '../gallery/site.ts';

/** What a shot does on the page before it is taken (open a thread, a picker, a search…). */
type Act = (page: Page) => Promise<void>;
const openThread: Act = async (page) => {
  await page.locator('.oichat-messages button.oichat-message__replies').first().click();
  await page.waitForSelector('.oichat-thread .oichat-message');
};
const openPicker: Act = async (page) => {
  const article = page.locator('.oichat-messages article', { hasText: 'birthday present' });
  await article.hover();
  await article.getByRole('button', { name: /Add reaction|반응 추가/ }).click();
};
const search: Act = async (page) => {
  await page.getByRole('button', { name: /Search in conversation|대화에서 검색/ }).click();
  await page.locator('.oichat-search__input').fill('tracking');
  await page.waitForSelector('.oichat-search__hit');
};
const mention: Act = async (page) => {
  await page.getByRole('textbox', { name: /^(Message|메시지 입력)$/ }).fill('Thanks @');
  await page.getByRole('textbox', { name: /^(Message|메시지 입력)$/ }).press('End');
  await page.keyboard.type('s');
  await page.waitForSelector('.oichat-mentions');
};
const upload: Act = async (page) => {
  await page.setInputFiles('.oichat-composer input[type="file"]', [
    { name: 'parcel-photo.png', mimeType: 'image/png', buffer: parcelPhoto() },
    { name: 'order-1234-receipt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
  ]);
  await page.waitForTimeout(800);
};
const editing: Act = async (page) => {
  const mine = page.locator('.oichat-messages article.oichat-message--own').last();
  await mine.hover();
  await mine.getByRole('button', { name: /More actions|더보기/ }).click();
};

const out = (name: string) => new URL(`../docs/screenshots/${name}.png`, import.meta.url).pathname;
const gallery = await startGallery({ longCount: 10_000 });
const chromium = await launchChromium();
const shots: [string, string, { width: number; height: number }, Act?][] = [
  ['chat-light-en', '?theme=light&locale=en', { width: 1280, height: 800 }],
  ['chat-dark-en', '?theme=dark&locale=en', { width: 1280, height: 800 }],
  ['chat-light-ko', '?theme=light&locale=ko&room=korean', { width: 1280, height: 800 }],
  ['chat-dark-ko', '?theme=dark&locale=ko&room=dm', { width: 1280, height: 800 }],
  ['long-room-light', '?theme=light&room=long', { width: 1280, height: 800 }],
  ['phone-room-light', '?theme=light&bare&room=support', { width: 390, height: 780 }],
  ['phone-list-dark', '?theme=dark&bare&room=none&locale=ko', { width: 390, height: 780 }],
  ['components-light', '?theme=light&view=components', { width: 1280, height: 1900 }],
  ['components-dark', '?theme=dark&view=components', { width: 1280, height: 1900 }],
  ['thread-light-en', '?theme=light&locale=en', { width: 1440, height: 860 }, openThread],
  ['thread-dark-ko', '?theme=dark&locale=ko', { width: 1440, height: 860 }, openThread],
  ['picker-light-en', '?theme=light&locale=en', { width: 1280, height: 800 }, openPicker],
  ['menu-dark-en', '?theme=dark&locale=en', { width: 1280, height: 800 }, editing],
  ['search-dark-en', '?theme=dark&locale=en', { width: 1280, height: 800 }, search],
  ['search-light-ko', '?theme=light&locale=ko', { width: 1280, height: 800 }, search],
  ['mention-light-en', '?theme=light&locale=en&room=busy', { width: 1280, height: 800 }, mention],
  ['upload-dark-ko', '?theme=dark&locale=ko', { width: 1280, height: 800 }, upload],
  ['phone-thread-light', '?theme=light&bare&room=support', { width: 390, height: 780 }, openThread],
];
const only = process.argv.slice(2);
try {
  for (const [name, query, size, act] of shots) {
    if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
    const context = await chromium.context(size);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`screenshots: ${name}: page error: ${e.message}`));
    await page.goto(gallery.url + '/' + query);
    await page.waitForSelector('.oichat-rooms', { state: 'attached' });
    await page.waitForFunction(() => document.querySelectorAll('.oichat-message, .oichat-room').length > 0);
    // Let previews, presence and the scroll position settle.
    await page.waitForTimeout(2500);
    if (act) {
      await act(page);
      await page.waitForTimeout(400);
    }
    // Web fonts (the emoji) load as their characters appear: wait for them before the picture.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    await page.screenshot({ path: out(name) });
    console.log(`screenshots: ${name}.png`);
    await context.close();
  }
} finally {
  await chromium.close();
  await gallery.close();
}
