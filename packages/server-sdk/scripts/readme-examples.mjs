// Keeps README.md's code examples identical to the tested ones. Each TypeScript block in the
// README is preceded by <!-- example: NAME -->, naming a "// #region NAME" of test/examples/*.ts
// (run against the real server and compiled under tsc --strict by test/examples.test.ts).
//   node scripts/readme-examples.mjs          rewrite the README's blocks from the regions
//   node scripts/readme-examples.mjs --check  exit 1 if any block differs, is unmarked, or a region is unused
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'test/examples');
const readmePath = join(root, 'README.md');

function dedent(lines) {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)[0].length);
  const cut = Math.min(...indents);
  return lines
    .map((l) => l.slice(cut))
    .join('\n')
    .trim();
}

export function exampleRegions() {
  const regions = new Map();
  for (const file of readdirSync(examplesDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    let name;
    let body = [];
    for (const line of readFileSync(join(examplesDir, file), 'utf8').split('\n')) {
      const start = /^\s*\/\/ #region (\S+)/.exec(line);
      if (start) {
        name = start[1];
        body = [];
      } else if (/^\s*\/\/ #endregion/.test(line)) {
        if (name) regions.set(name, { file, code: dedent(body) });
        name = undefined;
      } else if (name) body.push(line);
    }
  }
  return regions;
}

const regions = exampleRegions();
const readme = readFileSync(readmePath, 'utf8');
const problems = [];
const used = new Set();
// A block's body may be empty and never runs past its own closing fence.
const block = /<!-- example: (\S+) -->\n```ts\n((?:(?!```)[\s\S])*)```/g;
const updated = readme.replace(block, (whole, name, code) => {
  const region = regions.get(name);
  if (!region) {
    problems.push(`README names example "${name}", which no test/examples/*.ts region defines`);
    return whole;
  }
  used.add(name);
  if (code.trim() !== region.code) problems.push(`README block "${name}" differs from test/examples/${region.file}`);
  return `<!-- example: ${name} -->\n\`\`\`ts\n${region.code}\n\`\`\``;
});
const tsBlocks = [...readme.matchAll(/^```(?:ts|typescript)\b/gm)].length;
const marked = [...readme.matchAll(block)].length;
if (tsBlocks !== marked)
  problems.push(`${tsBlocks - marked} TypeScript block(s) in the README are not marked <!-- example: NAME -->`);
for (const name of regions.keys()) if (!used.has(name)) problems.push(`region "${name}" is not shown in the README`);

if (process.argv.includes('--check')) {
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`README examples match ${used.size} tested regions`);
} else {
  writeFileSync(readmePath, updated);
  const left = problems.filter((p) => !p.includes('differs'));
  console.log(`README updated from ${used.size} regions${left.length ? `; still:\n${left.join('\n')}` : ''}`);
}
