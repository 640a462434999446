/**
 * The message features in real Chromium against a real server (the gallery's page, the built
 * package): two people in two pages see each other's reactions, edits, deletions and thread
 * replies live; an image uploaded from a real File shows its thumbnail and opens in the viewer;
 * the log is one Tab stop with arrows between messages, and a message's toolbar, picker and
 * thread work from the keyboard alone with visible focus; axe-core finds
 * no serious or critical violation with the thread, the picker and the search open.
 * Skips, saying why, when /usr/bin/chromium is not installed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parcelPhoto } from '../../gallery/sample-files.ts';
import { startGallery, type Gallery } from '../../gallery/site.ts';
import { haveChromium, launchChromium, type LaunchedBrowser } from '../helpers/browser.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let n = 0;
const user = (name: string) => `${name}-${process.pid}-f${++n}`;

describe.skipIf(!haveChromium)('message features in headless Chromium', () => {
  let gallery: Gallery;
  let chromium: LaunchedBrowser;
  const errors: string[] = [];
  const ctx = () => ({ projectId: gallery.seed.projectId });

  beforeAll(async () => {
    [gallery, chromium] = await Promise.all([startGallery({ live: false, longCount: 60 }), launchChromium()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await gallery?.close();
    expect(errors, 'errors thrown in pages').toEqual([]);
  });

  async function open(query: string, size?: { width: number; height: number }): Promise<Page> {
    const context = await chromium.context(size ?? { width: 1440, height: 860 });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${gallery.url}/?bare&${query}`);
    await page.waitForSelector('.oichat-chat');
    return page;
  }
  const room = async (participants: string[], name: string) =>
    (await gallery.server.services.rooms.create(ctx(), { type: 'group', participants, name })).room.room_id;
  const send = (roomId: string, sender: string, content: string) =>
    gallery.server.services.messages.send(ctx(), { room_id: roomId, sender_id: sender, content });
  const articleOf = (page: Page, text: string) =>
    page.getByRole('log', { name: 'Messages' }).getByRole('article').filter({ hasText: text });

  it('two people see each other’s reactions, edits, deletions and thread replies live', async () => {
    const alice = user('alice');
    const bob = user('bob');
    const r = await room([alice, bob], 'Features');
    await send(r, bob, 'Is the parcel insured?');
    const [a, b] = await Promise.all([open(`user=${alice}&room=${r}`), open(`user=${bob}&room=${r}`)]);

    // Alice reacts with the picker; Bob sees it, and adds his by the chip.
    const onA = articleOf(a, 'Is the parcel insured?');
    await onA.hover();
    await onA.getByRole('button', { name: 'Add reaction' }).click();
    await onA.getByRole('button', { name: 'React with 👍' }).click();
    const onB = articleOf(b, 'Is the parcel insured?');
    const chipOnB = onB.getByRole('button', { name: '👍 1', pressed: false });
    await chipOnB.waitFor();
    await chipOnB.click();
    await a.getByRole('button', { name: '👍 2', pressed: true }).waitFor();

    // Alice writes, edits and deletes; Bob sees each.
    const box = a.getByRole('textbox', { name: 'Message' });
    await box.fill('Yes, up to 500 EUR');
    await box.press('Enter');
    await articleOf(b, 'Yes, up to 500 EUR').waitFor();
    await expect.poll(() => articleOf(a, 'Yes, up to 500 EUR').getAttribute('data-state')).toBe('sent');
    // By id from here: the text changes.
    const mine = a.locator(
      `article[data-message-id="${await articleOf(a, 'Yes, up to 500 EUR').getAttribute('data-message-id')}"]`,
    );
    await mine.hover();
    await mine.getByRole('button', { name: 'More actions' }).click();
    await mine.getByRole('menuitem', { name: 'Edit' }).click();
    const editor = mine.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Yes, up to 1000 EUR');
    await editor.press('Enter');
    await expect.poll(() => articleOf(b, '1000 EUR').textContent()).toContain('Yes, up to 1000 EUR (edited)');
    const edited = mine;
    await expect.poll(() => edited.textContent()).toContain('1000 EUR (edited)');
    await edited.hover();
    await edited.getByRole('button', { name: 'More actions' }).click();
    await edited.getByRole('menuitem', { name: 'Delete' }).click();
    await edited.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    const logB = b.getByRole('log', { name: 'Messages' });
    await expect.poll(() => logB.getByText('This message was deleted.').count()).toBe(1);
    expect(await b.getByText('1000 EUR').count()).toBe(0);

    // A thread: Alice replies; Bob opens it from the count and answers; Alice sees the answer.
    await onA.hover();
    await onA.getByRole('button', { name: 'Reply in thread' }).click();
    const threadA = a.getByRole('region', { name: 'Thread' });
    await threadA.getByRole('textbox', { name: 'Reply' }).fill('Checking the policy');
    await threadA.getByRole('textbox', { name: 'Reply' }).press('Enter');
    await onB.getByRole('button', { name: '1 reply' }).click();
    const threadB = b.getByRole('region', { name: 'Thread' });
    await threadB.getByText('Checking the policy').waitFor();
    await threadB.getByRole('textbox', { name: 'Reply' }).fill('Thanks!');
    await threadB.getByRole('textbox', { name: 'Reply' }).press('Enter');
    await threadA.getByText('Thanks!').waitFor();
    await onA.getByRole('button', { name: '2 replies' }).waitFor();
    // Replies stay in the thread, out of the room's timeline.
    expect(await a.getByRole('log', { name: 'Messages' }).getByText('Checking the policy').count()).toBe(0);
    await a.context().close();
    await b.context().close();
  });

  it('uploads an image from a real File: placeholder box, thumbnail, then the viewer', async () => {
    const alice = user('alice');
    const bob = user('bob');
    const r = await room([alice, bob], 'Photos');
    const page = await open(`user=${alice}&room=${r}`);
    await page.getByRole('button', { name: 'Attach files' }).waitFor();
    await page.setInputFiles('.oichat-composer input[type="file"]', {
      name: 'parcel.png',
      mimeType: 'image/png',
      buffer: parcelPhoto(),
    });
    await page.getByText('parcel.png is ready to send').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Send' }).click();
    const open_ = page.getByRole('log', { name: 'Messages' }).getByRole('button', { name: 'Open parcel.png' });
    await open_.waitFor();
    // The box has the image's ratio before it loads, then the thumbnail is painted.
    const box = await open_.evaluate((el) => {
      const li = el.closest('li')!;
      return { ratio: getComputedStyle(li).aspectRatio, bg: getComputedStyle(li).backgroundColor };
    });
    expect(box.ratio.replace(/\s/g, '')).toBe('640/420');
    expect(box.bg).not.toBe('rgba(0, 0, 0, 0)');
    await expect
      .poll(() => open_.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    await open_.click();
    const dialog = page.getByRole('dialog', { name: 'parcel.png' });
    await expect.poll(() => dialog.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('shows an upload’s progress as a progressbar with its value while the bytes go, gone once uploaded', async () => {
    const alice = user('alice');
    const bob = user('bob');
    const r = await room([alice, bob], 'Big files');
    const page = await open(`user=${alice}&room=${r}`);
    await page.getByRole('button', { name: 'Attach files' }).waitFor();
    // A slow uplink (Chromium's own network throttling, outside our system): the upload to the
    // real server takes seconds, so its progress is there to be read.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const uplink = (bytesPerSecond: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: bytesPerSecond,
      });
    await uplink(400 * 1024);
    const manifest = Buffer.from(
      Array.from({ length: 60_000 }, (_, i) => `parcel ${String(i).padStart(6, '0')} ok\n`).join(''),
    );
    expect(manifest.length).toBeGreaterThan(1_000_000);
    await page.setInputFiles('.oichat-composer input[type="file"]', {
      name: 'manifest.txt',
      mimeType: 'text/plain',
      buffer: manifest,
    });
    const bar = page.getByRole('progressbar', { name: /manifest\.txt/ });
    await bar.waitFor();
    // Read until it is gone: its value is a percentage, seen between the ends while the bytes go.
    const seen: number[] = [];
    while (await bar.count()) {
      const v = await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null);
      if (v !== null) seen.push(Number(v));
      await page.waitForTimeout(100);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((v) => v >= 0 && v <= 100)).toBe(true);
    expect(
      seen.some((v) => v > 0 && v < 100),
      `values seen: ${seen.join(', ')}`,
    ).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    await page.getByText('manifest.txt is ready to send').waitFor({ state: 'attached' });
    await uplink(-1);
    await page.getByRole('button', { name: 'Send' }).click();
    const sent = page.getByRole('log', { name: 'Messages' }).getByRole('link', { name: /manifest\.txt/ });
    await sent.waitFor();
    await page.context().close();
  });

  it('works from the keyboard alone: one Tab stop into the log, arrows between messages, react and reply, Escape back', async () => {
    const alice = user('alice');
    const bob = user('bob');
    const r = await room([alice, bob], 'Keys');
    for (let i = 1; i <= 10; i++) await send(r, i % 3 === 0 ? alice : bob, `filler ${i} https://example.com/${i}`);
    await send(r, bob, 'Press keys only');
    const newest = await send(r, bob, 'The newest one');
    // Read to the end: the room opens at its newest message.
    await gallery.server.services.rooms.markRead(ctx(), r, alice, newest.message.seq);
    const page = await open(`user=${alice}&room=${r}`);
    // The message is drawn (and the composer has taken its first focus) before the keys start.
    await articleOf(page, 'The newest one').waitFor();
    await page.waitForTimeout(300);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        if (el?.tagName === 'ARTICLE') return `article: ${el.textContent?.replace(/\s+/g, ' ').trim()}`;
        return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
      });
    const ring = () => page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    const inLog = () =>
      page.evaluate(() => Boolean(document.activeElement?.closest('[role="log"][aria-label="Messages"]')));

    // Back from the composer (past its attach button): the newest message, not the toolbar of one, with a visible ring.
    await page.getByRole('textbox', { name: 'Message' }).focus();
    const back: string[] = [];
    for (let i = 0; i < 4 && !(await focused()).startsWith('article'); i++) {
      await page.keyboard.press('Shift+Tab');
      back.push(await focused());
    }
    expect(back[0]).toBe('Attach files');
    expect(back, `Shift+Tab went ${back.join(' → ')}`).toHaveLength(2);
    expect(await focused()).toMatch(/^article: .*The newest one/);
    expect(await ring()).not.toBe('none');
    // One stop: the next Shift+Tab leaves the log, and Tab comes back to the same message.
    await page.keyboard.press('Shift+Tab');
    expect(await inLog()).toBe(false);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^article: .*The newest one/);

    // ↑ to the message before; its toolbar shows, Tab goes into it.
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toMatch(/^article: .*Press keys only/);
    const toolbar = articleOf(page, 'Press keys only').getByRole('toolbar');
    expect(await toolbar.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Add reaction');
    expect(await ring()).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('React with 👍');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await articleOf(page, 'Press keys only').getByRole('button', { name: '❤️ 1', pressed: true }).waitFor();
    expect(await focused()).toBe('Add reaction');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Reply in thread');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('Reply');
    await page.keyboard.type('typed in the thread');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Thread' }).getByText('typed in the thread').waitFor();
    for (let i = 0; i < 12 && (await focused()) !== 'Close thread'; i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Thread' }).waitFor({ state: 'detached' });
    // Focus returns to where the thread was opened from (a frame after the panel goes, once the
    // layout without it is drawn); Escape goes back to its message.
    await expect.poll(focused).toBe('1 reply');
    await page.keyboard.press('Escape');
    expect(await focused()).toMatch(/^article: .*Press keys only/);

    // From a message, Tab goes through its own controls only, then out to the composer: a dozen
    // messages with links and toolbars are not dozens of stops.
    const stops: string[] = [];
    for (let i = 0; i < 10 && (await focused()) !== 'Message'; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    expect(stops.at(-1), `Tab went ${stops.join(' → ')}`).toBe('Message');
    expect(stops.length).toBeLessThanOrEqual(6);
    // Home and End: the first and the newest message loaded.
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 8 && !(await focused()).startsWith('article'); i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Home');
    await expect.poll(focused).toMatch(/^article: .*filler 1 /);
    await page.keyboard.press('End');
    await expect.poll(focused).toMatch(/^article: .*The newest one/);
    await page.context().close();
  });

  for (const [label, query, act] of [
    ['thread open, light, English', 'theme=light&locale=en&user=mina&room=support', 'thread'],
    ['picker open, dark, English', 'theme=dark&locale=en&user=mina&room=support', 'picker'],
    ['search open, dark, Korean', 'theme=dark&locale=ko&user=mina&room=support', 'search'],
    ['menu open, light, Korean', 'theme=light&locale=ko&user=mina&room=support', 'menu'],
  ] as const) {
    it(`axe-core finds no serious or critical violation (${label})`, async () => {
      const page = await open(query);
      await page.waitForSelector('.oichat-message');
      if (act === 'thread') {
        await page.locator('.oichat-messages button.oichat-message__replies').first().click();
        await page.waitForSelector('.oichat-thread .oichat-message');
      } else if (act === 'picker') {
        const m = page.locator('.oichat-messages article', { hasText: 'birthday present' });
        await m.hover();
        await m.getByRole('button', { name: 'Add reaction' }).click();
      } else if (act === 'search') {
        await page.locator('.oichat-header__search').click();
        await page.locator('.oichat-search__input').fill('tracking');
        await page.waitForSelector('.oichat-search__hit');
      } else {
        const m = page.locator('.oichat-messages article.oichat-message--own').last();
        await m.hover();
        await m.locator('[aria-haspopup="menu"]').click();
      }
      await page.waitForTimeout(300);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        type Axe = {
          run: (
            el: Element,
            o: object,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
        const axe = (window as unknown as { axe: Axe }).axe;
        const result = await axe.run(document.querySelector('.oichat-chat')!, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.id}: ${v.nodes
                .map((x) => x.target.join(' '))
                .slice(0, 3)
                .join(', ')}`,
          );
      });
      expect(violations).toEqual([]);
      await page.context().close();
    });
  }
});
