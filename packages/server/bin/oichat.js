#!/usr/bin/env node
// The `oichat` command. The server needs Node.js >= 22: in a clone of the OiChat repository an
// older Node hands over to the repository's bootstrap (scripts/node22.mjs), which finds or fetches
// Node 24 as `npm start` does; an installed package says what it needs (dist/cli/main.js does).
// A committed file, unlike dist/, so that `npm install` links the command before the first build.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = new URL('../dist/cli/main.js', import.meta.url);
const cloneBootstrap = new URL('../../../scripts/node22.mjs', import.meta.url);
const major = Number(process.versions.node.split('.')[0]);

if (major < 22 && existsSync(fileURLToPath(cloneBootstrap))) {
  const { run } = await import(cloneBootstrap.href);
  run(['node', fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
} else if (!existsSync(fileURLToPath(cli))) {
  console.error(
    `oichat: ${fileURLToPath(cli)} is missing: the server is not built yet. In a clone, run "npm install" (or "npm run build") at its root.`,
  );
  process.exitCode = 1;
} else {
  await import(pathToFileURL(fileURLToPath(cli)).href);
}
