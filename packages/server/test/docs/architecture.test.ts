/**
 * docs/architecture.md names real files and functions at every step of a message's life: this
 * keeps it so. A rename or a move that leaves the page behind fails here, naming what it lost.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(SERVER, 'src');
const ROOT = join(SERVER, '..', '..');
const PAGE = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const SOURCES = new Map(sourceFiles(SRC).map((path) => [path, readFileSync(path, 'utf8')]));

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\#]/g, '\\$&');

/** Whether `text` defines `name`: a function or constant, or `Type.member` (a class's method or an interface's member). */
function defines(text: string, name: string): boolean {
  const dot = name.indexOf('.');
  if (dot < 0) return new RegExp(`(function|const|class|interface|type)\\s+${literal(name)}\\b`).test(text);
  const [type, member] = [name.slice(0, dot), name.slice(dot + 1)];
  const body = new RegExp(`(class|interface)\\s+${literal(type)}\\b[^]*`).exec(text)?.[0];
  return (
    body !== undefined &&
    new RegExp(`^\\s*(readonly\\s+)?(async\\s+)?(get\\s+)?${literal(member)}\\s*[(<?:=]`, 'm').test(body)
  );
}

/** The rows `| n | step | \`file\` | \`function\` |` of the page's tables. */
const steps = [...PAGE.matchAll(/^\| (\d+) \| .+ \| `([^`]+)` \| `([^`]+)` \|$/gm)].map((m) => ({
  n: m[1]!,
  file: m[2]!,
  fn: m[3]!,
}));

describe('docs/architecture.md', () => {
  it('walks a message through steps in order, each naming a file and what in it does the step', () => {
    expect(steps.length).toBeGreaterThan(20);
    expect(steps.map((s) => Number(s.n))).toEqual(steps.map((_, i) => i + 1));
    const wrong = steps.filter(
      (s) => !existsSync(join(SRC, s.file)) || !defines(SOURCES.get(join(SRC, s.file)) ?? '', s.fn),
    );
    expect(wrong.map((s) => `step ${s.n}: ${s.fn} in ${s.file}`)).toEqual([]);
  });

  it('names only server files that exist', () => {
    const layers =
      /^(app|server|index|config|version)\.ts$|^(routes|http|realtime|cluster|storage|services|store|errors|crypto|cli)\//;
    const named = [...PAGE.matchAll(/`([^`\s]+\.ts)`/g)].map((m) => m[1]!).filter((p) => !p.includes('<'));
    const missing = named.filter((p) =>
      p.startsWith('packages/')
        ? !existsSync(join(ROOT, p))
        : p.startsWith('test/')
          ? !existsSync(join(SERVER, p))
          : layers.test(p) && !existsSync(join(SRC, p)),
    );
    expect(named.length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('names only classes and members that exist', () => {
    const all = [...SOURCES.values()];
    const members = [...new Set([...PAGE.matchAll(/`([A-Z]\w+\.#?\w+)`/g)].map((m) => m[1]!))];
    expect(members.length).toBeGreaterThan(20);
    expect(members.filter((name) => !all.some((text) => defines(text, name)))).toEqual([]);
  });
});
