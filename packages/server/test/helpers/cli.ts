/** The built `oichat` command (dist/cli/main.js) as tests run it: path, environment, build check. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Fails the suite at once, saying what to do, when the CLI has not been built. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build -w @oichat/server" first.`);
}

/** The environment of a user who has set none of the server's variables (unless given). */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OICHAT_|PORT$|HOST$|NODE_OPTIONS$|VITEST)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}
