// Reads the "// #region name … // #endregion" blocks of the example files: the README's code
// blocks must be exactly these, so every example a reader copies is one the suite ran.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const examplesDir = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "../examples");

function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join("\n").trim();
}

export function exampleRegions(): Map<string, string> {
  const regions = new Map<string, string>();
  for (const file of readdirSync(examplesDir).filter((f) => f.endsWith(".ts")).sort()) {
    const lines = readFileSync(join(examplesDir, file), "utf8").split("\n");
    let name: string | undefined;
    let body: string[] = [];
    for (const line of lines) {
      const start = /^\s*\/\/ #region (\S+)/.exec(line);
      if (start) {
        name = start[1];
        body = [];
      } else if (/^\s*\/\/ #endregion/.test(line)) {
        if (name) regions.set(name, dedent(body));
        name = undefined;
      } else if (name) {
        body.push(line);
      }
    }
  }
  return regions;
}

/** The ```ts / ```typescript fenced blocks of a markdown text. */
export function tsCodeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.trim());
}
