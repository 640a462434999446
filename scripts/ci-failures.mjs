// After a red `npm test`, prints again, last, what made it red: vitest's failed tests and its
// unhandled errors, from the log of the whole run. CI shows only the tail of a long output, and
// the server's failures scroll away behind two more packages' passing suites.
import { readFileSync } from 'node:fs';

const MAX_LINES = 100; // CI shows about the last 150 lines
const MAX_FRAMES = 4;
const MAX_WIDTH = 400;

const log = readFileSync(process.argv[2], 'utf8')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
  .replace(/\x1b\[[0-9;]*m/g, '')
  .split('\n');

// Vitest opens each report section with a rule of ⎯ and a title, and the run's summary follows.
const opening = /⎯{3,}\s*(Failed Tests?|Unhandled Errors?|Uncaught Exception|Unhandled Rejection|Failed Suites?)/;
const closing = /^\s*(Test Files|Duration|Start at)\s/;
const out = [];
let inSection = false;
let frames = 0;
for (const line of log) {
  if (opening.test(line)) inSection = true;
  else if (inSection && closing.test(line)) inSection = false;
  // The first frames of a stack locate it; the rest would push other errors out of view.
  frames = /^\s*❯ /.test(line) ? frames + 1 : 0;
  if (frames > MAX_FRAMES || /^- If the error|^- The error was thrown|^This might cause false/.test(line)) continue;
  const kept = inSection || /^\s*(FAIL|×)\s/.test(line) || /npm error (path|workspace)|\b\d+ failed\b/.test(line);
  if (kept) out.push(line.length > MAX_WIDTH ? `${line.slice(0, MAX_WIDTH)} …` : line);
}

console.log('\n===== ci: why the run is red (repeated from above) =====');
if (out.length === 0) console.log('(no vitest failure report found; see the output above)');
for (const line of out.slice(0, MAX_LINES)) console.log(line);
if (out.length > MAX_LINES) console.log(`… ${out.length - MAX_LINES} more lines above`);
