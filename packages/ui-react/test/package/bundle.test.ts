/**
 * Size budgets, measured as an application's bundler would see the package: esbuild bundles the
 * built files (dist/) minified, React left out (the application has it), the SDK and TanStack
 * Virtual counted in; gzip level 9. And tree-shaking: importing one hook does not pull the
 * components in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const PKG = fileURLToPath(new URL('../..', import.meta.url));
const KB = 1024;
const JS_BUDGET = 50 * KB;
const CSS_BUDGET = 10 * KB;

async function bundled(entry: string): Promise<{ code: string; gzip: number }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: PKG, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    external: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return { code, gzip: gzipSync(code, { level: 9 }).length };
}

const sourceModules = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceModules(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('bundle budgets', () => {
  it(`everything (the SDK included, React not) is at most ${JS_BUDGET / KB} KB gzip`, async () => {
    const all = await bundled(`export * from '@oichat/ui-react'; export * from '@oichat/sdk';`);
    console.log(
      `bundle: everything ${(all.gzip / KB).toFixed(1)} KB gzip (${(all.code.length / KB).toFixed(0)} KB minified)`,
    );
    expect(all.gzip).toBeLessThanOrEqual(JS_BUDGET);
    expect(all.code).not.toMatch(/\breact-dom\b.*createRoot/);
  });

  it(`the stylesheet is at most ${CSS_BUDGET / KB} KB gzip`, () => {
    const css = readFileSync(join(PKG, 'dist/styles.css'));
    const gzip = gzipSync(css, { level: 9 }).length;
    console.log(`bundle: styles.css ${(gzip / KB).toFixed(1)} KB gzip`);
    expect(gzip).toBeLessThanOrEqual(CSS_BUDGET);
  });

  it('tree-shakes: one hook brings no component, and the layout alone is smaller than everything', async () => {
    const all = await bundled(`export * from '@oichat/ui-react';`);
    const hook = await bundled(`export { OiChatProvider, useUnread } from '@oichat/ui-react';`);
    const chat = await bundled(`export { OiChatProvider, Chat } from '@oichat/ui-react';`);
    console.log(
      `bundle: provider + useUnread ${(hook.gzip / KB).toFixed(1)} KB, provider + Chat ${(chat.gzip / KB).toFixed(1)} KB`,
    );
    expect(hook.code).not.toContain('oichat-messages__scroller');
    expect(hook.code).not.toContain('measureElement');
    expect(hook.gzip).toBeLessThan(all.gzip / 2);
    expect(chat.gzip).toBeLessThanOrEqual(all.gzip);
  });

  it('ships one ES module per source module, with its types', () => {
    const sources = sourceModules(join(PKG, 'src')).map((f) => relative(join(PKG, 'src'), f).replace(/\.tsx?$/, ''));
    for (const s of sources) {
      expect(readFileSync(join(PKG, 'dist', `${s}.js`), 'utf8').length, `${s}.js`).toBeGreaterThan(0);
      expect(readFileSync(join(PKG, 'dist', `${s}.d.ts`), 'utf8').length, `${s}.d.ts`).toBeGreaterThan(0);
    }
    const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
    expect(pkg.peerDependencies.react).toBe('^18.3.0 || ^19.0.0');
    expect(pkg.exports['./styles.css']).toBe('./dist/styles.css');
  });
});
