/** @vitest-environment node */
/**
 * Server rendering, as Next.js's App Router does it: the built package (dist/) is imported in a
 * process where touching any browser global throws, and every component renders to a string
 * with react-dom/server. Built modules that use hooks carry "use client" as their first line.
 * (Runs on React 19 and, in the react18 project, on React 18.3.)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PKG = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(PKG, 'dist');

const builtFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? builtFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );

describe('server rendering', () => {
  it('imports without touching a browser global, and renders every component with react-dom/server', () => {
    // A child process: the globals are booby-trapped before the package (and React) load.
    const react = process.env.OICHAT_TEST_REACT === '18' ? join(PKG, '../ui-react-react18/node_modules/') : '';
    const out = execFileSync(process.execPath, [join(PKG, 'test/fixtures/ssr-render.mjs')], {
      cwd: PKG,
      env: { ...process.env, OICHAT_SSR_REACT_DIR: react },
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').at(-1)!);
    // Importing reads no browser global at all; rendering may only feature-test them (they are absent here, and it did not throw).
    expect(result.touchedOnImport).toEqual([]);
    expect(result.reactVersion.startsWith(process.env.OICHAT_TEST_REACT === '18' ? '18.3' : '19')).toBe(true);
    for (const [name, html] of Object.entries(result.html as Record<string, string>)) {
      expect(html, name).toContain('oichat');
    }
    expect(result.html.Chat).toContain('aria-label="Rooms"');
    expect(result.html.Chat).toContain('role="log"');
    expect(result.html.Chat).toContain('aria-label="Messages"');
    expect(result.html.Composer).toContain('aria-label="Message"');
    expect(result.html.TypingIndicator).toContain('role="status"');
    expect(result.html.RoomListKo).toContain('aria-label="대화방"');
    expect(result.html.Thread).toContain('aria-label="Thread"');
    expect(result.html.Thread).toContain('aria-label="Reply"');
    expect(result.html.MessageWithAttachments).toContain('aria-label="Open receipt.png"');
    expect(result.html.MessageWithAttachments).toContain('Download invoice.pdf');
    // The BlurHash's average color paints the image's box before anything loads.
    expect(result.html.MessageWithAttachments).toMatch(/background-color:rgb\(\d+ \d+ \d+\)/);
  });

  it('marks every built module that uses React state or effects "use client", and only those', () => {
    const files = builtFiles(DIST);
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const client = code.startsWith("'use client';") || code.startsWith('"use client";');
      const usesHooks = /\buse(State|Effect|LayoutEffect|Memo|Callback|Ref|Id|SyncExternalStore|Context)\b/.test(code);
      const name = relative(DIST, file);
      if (usesHooks) expect(client, `${name} uses hooks`).toBe(true);
      if (name.startsWith('core/') || name.startsWith('locale/'))
        expect(client, `${name} is framework-free`).toBe(false);
    }
  });
});
