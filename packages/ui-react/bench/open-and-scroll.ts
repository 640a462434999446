/**
 * `npm run bench -w @oichat/ui-react`: in headless Chromium against the gallery's server,
 *   - the time to open the 10 000-message room (click in the room list → its messages drawn),
 *     against opening a 9-message room in the same run;
 *   - frames dropped while scrolling up through its history (loading older pages on the way)
 *     at 120 px a frame, against the same scroll over a plain static list of 2 000 rows (no
 *     React, no virtualization) in the same browser.
 * Prints medians of several runs and the ratios. Figures, not assertions: this machine's load
 * moves them; the ratios are what compare.
 */
import { cpus } from 'node:os';
import type { Page } from 'playwright-core';
import { startGallery } from '../gallery/site.ts';
import { haveChromium, launchChromium } from '../test/helpers/browser.ts';

if (!haveChromium) {
  console.log('bench: /usr/bin/chromium is not installed (apt-get install -y chromium)');
  process.exit(1);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCROLL_FRAMES = 240;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const gallery = await startGallery({ live: false, longCount: 10_000, production: true });
const chromium = await launchChromium();
const { services } = gallery.server;
const ctx = { projectId: gallery.seed.projectId };

/** Opens the page with no room, then times a click on the room until its messages are drawn and settled. */
async function timeOpen(user: string, roomName: string): Promise<number> {
  const context = await chromium.context();
  const page = await context.newPage();
  await page.goto(`${gallery.url}/?bare&user=${user}&room=none`);
  const button = page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: new RegExp(`^${roomName}`) });
  await button.waitFor();
  const ms = await page.evaluate(async (name) => {
    const target = [...document.querySelectorAll<HTMLButtonElement>('.oichat-room')].find((b) =>
      b.querySelector('.oichat-room__name')?.textContent?.startsWith(name),
    )!;
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const t0 = performance.now();
    target.click();
    while (document.querySelectorAll('.oichat-messages__scroller article').length === 0) await frame();
    // Drawn and settled: two frames with the same scroll position.
    const el = document.querySelector('.oichat-messages__scroller')!;
    for (let same = 0, last = -1; same < 2; ) {
      await frame();
      same = el.scrollTop === last ? same + 1 : 0;
      last = el.scrollTop;
    }
    return performance.now() - t0;
  }, roomName);
  await context.close();
  return ms;
}

/** Scrolls up `SCROLL_FRAMES` frames at 120 px each; counts frames over 1.5 × the display's interval. */
async function droppedWhileScrolling(page: Page, selector: string): Promise<{ dropped: number; frames: number }> {
  return page.evaluate(
    async ({ selector, frames }) => {
      const el = document.querySelector<HTMLElement>(selector)!;
      const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
      // The display's frame interval, from idle frames.
      const idle: number[] = [];
      let t = await frame();
      for (let i = 0; i < 20; i++) {
        const n = await frame();
        idle.push(n - t);
        t = n;
      }
      const interval = idle.sort((a, b) => a - b)[10]!;
      let dropped = 0;
      t = await frame();
      for (let i = 0; i < frames; i++) {
        el.scrollTop = Math.max(0, el.scrollTop - 120);
        const n = await frame();
        dropped += Math.max(0, Math.round((n - t) / interval) - 1);
        t = n;
      }
      return { dropped, frames };
    },
    { selector, frames: SCROLL_FRAMES },
  );
}

const STATIC_LIST = `<!doctype html><meta charset="utf-8"><style>
  body { margin: 0; font: 14px system-ui, sans-serif; }
  #list { height: 700px; overflow-y: auto; }
  .row { display: flex; gap: 10px; padding: 6px 20px; }
  .avatar { width: 36px; height: 36px; border-radius: 50%; background: #dde; flex: none; }
  .bubble { background: #f0f0f4; border-radius: 16px; padding: 8px 13px; max-width: 640px; }
</style><div id="list">${Array.from(
  { length: 2000 },
  (_, i) =>
    `<div class="row"><span class="avatar"></span><div><b>Sam Rivera</b> 3:0${i % 10} PM<div class="bubble">Message ${i}: Their SSO rollout is done for the EU team.</div></div></div>`,
).join('')}</div><script>const l = document.getElementById('list'); l.scrollTop = l.scrollHeight;</script>`;

try {
  // A reader of the long room who has read all of it (so it opens at its newest page) and of a short one.
  const reader = 'bench-reader';
  await services.rooms.addParticipant(ctx, gallery.seed.rooms.long, reader);
  await services.rooms.addParticipant(ctx, gallery.seed.rooms.support, reader);
  for (const roomId of [gallery.seed.rooms.long, gallery.seed.rooms.support]) {
    const room = await services.rooms.get(ctx, roomId);
    await services.rooms.markRead(ctx, roomId, reader, room.last_seq);
  }

  const openLong: number[] = [];
  const openShort: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    openShort.push(await timeOpen(reader, 'Order #1234'));
    openLong.push(await timeOpen(reader, 'Acme Corp'));
  }

  const scrollChat: number[] = [];
  const scrollStatic: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await chromium.context({ width: 1280, height: 800 });
    const page = await context.newPage();
    await page.goto(`${gallery.url}/?bare&user=${reader}&room=long`);
    await page.waitForSelector('.oichat-messages__scroller article');
    await page.waitForTimeout(300);
    scrollChat.push((await droppedWhileScrolling(page, '.oichat-messages__scroller')).dropped);
    await page.setContent(STATIC_LIST);
    scrollStatic.push((await droppedWhileScrolling(page, '#list')).dropped);
    await context.close();
  }

  const ol = median(openLong);
  const os = median(openShort);
  const dc = median(scrollChat);
  const ds = median(scrollStatic);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Chromium headless, ${RUNS} runs, medians`);
  console.log(
    `open the 10 000-message room:   ${ol.toFixed(0)} ms   (a 9-message room: ${os.toFixed(0)} ms; ratio ${(ol / os).toFixed(2)})`,
  );
  console.log(
    `frames dropped scrolling up ${SCROLL_FRAMES} frames × 120 px: ${dc}   (a static 2 000-row list, no React: ${ds}; ratio ${(dc / Math.max(1, ds)).toFixed(2)})`,
  );
} finally {
  await chromium.close();
  await gallery.close();
}
