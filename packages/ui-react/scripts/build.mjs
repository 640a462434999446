// Builds dist/: one ES module (+ .d.ts, source map) per source module with tsc, which keeps each
// file's "use client" directive where it stands; and dist/styles.css, the stylesheet minified.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { transform } from 'esbuild';

const here = new URL('..', import.meta.url);
const path = (p) => new URL(p, here).pathname;

rmSync(path('dist'), { recursive: true, force: true });
execFileSync('tsc', ['-p', 'tsconfig.build.json'], {
  cwd: path('.'),
  stdio: 'inherit',
  shell: process.platform === 'win32',
});

const css = readFileSync(path('src/styles/oichat.css'), 'utf8');
// Chromium 111, Safari 16.4, Firefox 113: color-mix() and container queries, which the styles use.
const out = await transform(css, { loader: 'css', minify: true, target: ['chrome111', 'safari16.4', 'firefox113'] });
mkdirSync(path('dist'), { recursive: true });
writeFileSync(path('dist/styles.css'), out.code);
