/**
 * The components in real Chromium against a real server: the gallery's page (the built package,
 * bundled as an application would) with users of the tests' own. Two people chat in two pages
 * (typing, presence, read receipts); a page whose network is cut for real (a TCP proxy resets
 * its connections) reconnects and shows every message once; the 10 000-message room scrolls to
 * its first message and back with a bounded number of DOM nodes and without jumping; keyboard
 * only; and axe-core finds no serious or critical violation, light and dark, English and Korean.
 * Skips, saying why, when /usr/bin/chromium is not installed.
 */
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGallery, type Gallery } from '../../gallery/site.ts';
import { haveChromium, launchChromium, type LaunchedBrowser } from '../helpers/browser.ts';

if (!haveChromium)
  console.log('ui-react browser tests skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)');

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = join(tmpdir(), 'oichat-ui-react-screens');
/** Bound on rendered rows of the message list, whatever the room's length. */
const MAX_ROWS = 60;

let n = 0;
const user = (name: string) => `${name}-${process.pid}-${++n}`;

describe.skipIf(!haveChromium)('in headless Chromium', () => {
  let gallery: Gallery;
  let chromium: LaunchedBrowser;
  const errors: string[] = [];
  const ctx = () => ({ projectId: gallery.seed.projectId });

  beforeAll(async () => {
    [gallery, chromium] = await Promise.all([startGallery({ live: false, longCount: 10_000 }), launchChromium()]);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await chromium?.close();
    await gallery?.close();
    expect(errors, 'errors thrown in pages').toEqual([]);
  });

  async function open(query: string, size?: { width: number; height: number }): Promise<Page> {
    const context = await chromium.context(size);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${gallery.url}/?bare&${query}`);
    await page.waitForSelector('.oichat-chat');
    return page;
  }
  const room = async (participants: string[], type: 'group' | 'direct' = 'group', name?: string) =>
    (await gallery.server.services.rooms.create(ctx(), { type, participants, ...(name && { name }) })).room.room_id;
  const send = (roomId: string, sender: string, content: string) =>
    gallery.server.services.messages.send(ctx(), { room_id: roomId, sender_id: sender, content });
  const rows = (page: Page) => page.locator('.oichat-messages__scroller .oichat-row').count();

  // First in the file: nobody has opened Mina's support room yet, so her last two messages are unread.
  it('opens on a short unread run with the newest message fully in view and the "New" separator above it', async () => {
    // The seeded support room: photos, reactions (an emoji font that loads late), a thread, and
    // two unread messages at its end; the rows change height as they are measured and fonts come in.
    const page = await open('user=mina&room=support');
    const scroller = page.locator('.oichat-messages__scroller');
    const newest = page.getByRole('article').filter({ hasText: 'upgrade it to express shipping' });
    await newest.waitFor();
    const geometry = async () => {
      const [view, last, sep] = await Promise.all([
        scroller.boundingBox(),
        newest.boundingBox(),
        page.locator('.oichat-separator--unread').boundingBox(),
      ]);
      if (!view || !last || !sep) return null;
      return {
        newestFullyInView: Math.round(last.y + last.height) <= Math.round(view.y + view.height),
        separatorInView: sep.y >= view.y - 1,
      };
    };
    await expect.poll(geometry).toEqual({ newestFullyInView: true, separatorInView: true });
    // And it stays so once everything has settled (images, fonts).
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(500);
    expect(await geometry()).toEqual({ newestFullyInView: true, separatorInView: true });
    await page.context().close();
  });

  it('two people chat: typing, presence, messages both ways, and read receipts', async () => {
    const alice = user('alice');
    const bob = user('bob');
    const dm = await room([alice, bob], 'direct');
    const [a, b] = await Promise.all([open(`user=${alice}&room=${dm}`), open(`user=${bob}&room=${dm}`)]);

    const bHeader = b.locator('.oichat-header');
    await expect.poll(() => bHeader.textContent()).toContain('Online');

    const aBox = a.getByRole('textbox', { name: 'Message' });
    await aBox.click();
    await aBox.pressSequentially('Hello Bob');
    await expect
      .poll(() => b.getByRole('status').filter({ hasText: 'typing' }).textContent())
      .toBe(`${alice} is typing…`);
    await aBox.press('Enter');

    const onB = b.getByRole('log', { name: 'Messages' }).getByRole('article', { name: new RegExp(alice) });
    await expect.poll(() => onB.last().textContent()).toContain('Hello Bob');
    // Bob's view is at the end: the message is read, and Alice sees it.
    await expect.poll(() => a.getByRole('article', { name: /You/ }).last().textContent()).toContain(`Seen by ${bob}`);

    const bBox = b.getByRole('textbox', { name: 'Message' });
    await bBox.fill('Hi Alice!');
    await bBox.press('Enter');
    await expect
      .poll(() =>
        a
          .getByRole('article', { name: new RegExp(bob) })
          .last()
          .textContent(),
      )
      .toContain('Hi Alice!');

    await b.context().close();
    await expect.poll(() => a.locator('.oichat-header').textContent()).toContain('Offline');
    await a.context().close();
  });

  it('a page whose network is cut reconnects, and shows every message sent meanwhile exactly once', async () => {
    const carol = user('carol');
    const dave = user('dave');
    const r = await room([carol, dave], 'group', 'Flaky network');
    await send(r, dave, 'before the cut');
    const page = await open(`user=${carol}&room=${r}`);
    const log = page.getByRole('log', { name: 'Messages' });
    await expect.poll(() => log.textContent()).toContain('before the cut');

    gallery.network.drop();
    const banner = page.locator('.oichat-chat__room .oichat-banner');
    await expect.poll(() => banner.textContent()).toContain('Connection lost. Reconnecting…');
    const sent = ['while down 1', 'while down 2', 'while down 3', 'while down 4', 'while down 5'];
    for (const text of sent) await send(r, dave, text);
    gallery.network.restore();

    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toContain('Back online');
    await expect.poll(() => log.textContent()).toContain('while down 5');
    const texts = await log.getByRole('article').allTextContents();
    for (const text of ['before the cut', ...sent])
      expect(
        texts.filter((t) => t.includes(text)),
        text,
      ).toHaveLength(1);
    // And the room still works both ways.
    await send(r, dave, 'after the cut');
    await expect.poll(() => log.textContent()).toContain('after the cut');
    await page.context().close();
  });

  it('the 10 000-message room opens on its first unread, scrolls to its first message and back, with few DOM nodes and no jump', async () => {
    const page = await open(`user=mina&room=long`);
    const scroller = page.locator('.oichat-messages__scroller');
    const unread = page.locator('.oichat-separator--unread');
    // It settles with the "New" separator at the top of the list.
    await expect
      .poll(async () => {
        const [sep, view] = await Promise.all([unread.boundingBox(), scroller.boundingBox()]);
        // Within half a pixel (a -0.3 rounds to -0, which is not 0 to toBe).
        return sep && view ? Math.abs(Math.round(sep.y - view.y)) : null;
      })
      .toBe(0);

    // Up to the very first message, a page at a time; the view never jumps when a page lands.
    let maxRows = 0;
    let checkedNoJump = 0;
    for (let step = 0; step < 400; step++) {
      if (await page.getByText('This is the very beginning of').isVisible()) break;
      // In the page: to the top of what is loaded; once drawn, where the first message on screen
      // is; then, when an older page has landed (the content grew), where that message is now.
      const r = await scroller.evaluate(async (el) => {
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        const firstOnScreen = () => {
          const view = el.getBoundingClientRect();
          const a = [...el.querySelectorAll<HTMLElement>('article[data-seq]')].find((x) => {
            const t = x.getBoundingClientRect().top;
            return t >= view.top && t < view.bottom;
          });
          return a ? { seq: Number(a.dataset.seq), top: a.getBoundingClientRect().top } : null;
        };
        el.scrollTop = 0;
        await frame();
        await frame();
        const before = firstOnScreen();
        const height = el.scrollHeight;
        for (let i = 0; i < 300 && el.scrollHeight <= height; i++) await frame();
        await frame();
        await frame();
        if (!before || el.scrollHeight <= height) return null;
        const a = el.querySelector<HTMLElement>(`article[data-seq="${before.seq}"]`);
        return { seq: before.seq, before: before.top, after: a ? a.getBoundingClientRect().top : null };
      });
      if (r) {
        expect(r.after, `message ${r.seq} is still on screen after older ones loaded`).not.toBeNull();
        expect(Math.abs(r.after! - r.before), `message ${r.seq} stayed put when older ones loaded`).toBeLessThanOrEqual(
          2,
        );
        checkedNoJump++;
      }
      maxRows = Math.max(maxRows, await rows(page));
    }
    await expect.poll(() => page.getByText('This is the very beginning of').isVisible()).toBe(true);
    expect(await page.locator('article[data-seq="1"]').count()).toBe(1);
    expect(checkedNoJump).toBeGreaterThan(10);
    expect(maxRows).toBeLessThanOrEqual(MAX_ROWS);

    // A new message while reading history: a button, not a pull to the bottom.
    const topBefore = await topArticle(page);
    await send(gallery.seed.rooms.long, 'sam', 'A brand new message');
    const jump = page.locator('.oichat-messages').getByRole('button', { name: /1 new message/ });
    await jump.waitFor();
    expect(await positionOf(page, topBefore!.seq)).toBeCloseTo(topBefore!.top, 0);
    await jump.click();
    await expect.poll(() => page.getByRole('article').last().textContent()).toContain('A brand new message');
    expect(await rows(page)).toBeLessThanOrEqual(MAX_ROWS);
    expect(await page.locator('.oichat *').count()).toBeLessThan(2500);
    await page.context().close();
  });

  it('works with the keyboard alone: into the room list, pick a room, write and send', async () => {
    const erin = user('erin');
    const frank = user('frank');
    const first = await room([erin, frank], 'group', 'Keyboard A');
    await send(first, frank, 'one');
    const second = await room([erin, frank], 'group', 'Keyboard B');
    await send(second, frank, 'two');
    const page = await open(`user=${erin}&room=none`);
    const nav = page.getByRole('navigation', { name: 'Rooms' });
    await nav.getByRole('button', { name: /^Keyboard B/ }).waitFor();

    // Tab from the top of the page: the search box, then the one tab stop of the list.
    for (
      let i = 0;
      i < 5 && !(await page.evaluate(() => document.activeElement?.classList.contains('oichat-room')));
      i++
    )
      await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('data-room-id')).toBe(second);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator(':focus').getAttribute('data-room-id')).toBe(first);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Message');
    await page.keyboard.type('sent without a mouse');
    await page.keyboard.press('Enter');
    const history = await gallery.server.services.messages.history(ctx(), first, { after: 0 });
    await expect
      .poll(async () =>
        (await gallery.server.services.messages.history(ctx(), first, { after: 0 })).data.map((m) => m.content),
      )
      .toContain('sent without a mouse');
    expect(history.data.length).toBeGreaterThan(0);
    await page.context().close();
  });

  for (const [label, query, size] of [
    ['light, English', 'theme=light&locale=en&room=support', { width: 1280, height: 800 }],
    ['dark, English', 'theme=dark&locale=en&room=support', { width: 1280, height: 800 }],
    ['light, Korean', 'theme=light&locale=ko&room=korean', { width: 1280, height: 800 }],
    ['dark, phone', 'theme=dark&locale=en&room=support', { width: 390, height: 780 }],
  ] as const) {
    it(`axe-core finds no serious or critical violation in the Chat layout (${label})`, async () => {
      const page = await open(`user=mina&${query}`, size);
      await page.waitForSelector('.oichat-message');
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SHOTS, `${label.replace(/\W+/g, '-')}.png`) });
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run: (
                el: Element,
                o: object,
              ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
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

/** The first message article whose top is inside the viewport: its seq and screen position. */
async function topArticle(page: Page): Promise<{ seq: number; top: number } | null> {
  return page.evaluate(() => {
    const view = document.querySelector('.oichat-messages__scroller')!.getBoundingClientRect();
    for (const a of document.querySelectorAll<HTMLElement>('.oichat-messages__scroller article[data-seq]')) {
      const top = a.getBoundingClientRect().top;
      if (top >= view.top) return { seq: Number(a.dataset.seq), top };
    }
    return null;
  });
}

async function positionOf(page: Page, seq: number): Promise<number | null> {
  return page.evaluate((s) => {
    const a = document.querySelector(`.oichat-messages__scroller article[data-seq="${s}"]`);
    return a ? a.getBoundingClientRect().top : null;
  }, seq);
}
