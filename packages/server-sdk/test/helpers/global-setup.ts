// One real server for the whole suite (per Node version run): starting it per file would cost
// more than most files take. Tests get its address and credentials through inject("oichat").

import type { TestProject } from 'vitest/node';
import { locateServer, startServer, type ProjectCredentials } from './server.ts';

export type ServerContext =
  | {
      available: true;
      baseUrl: string;
      /** [0]: main project; [1]: another project (cross-project checks); [2]: the README examples'. */
      projects: ProjectCredentials[];
    }
  | { available: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    oichat: ServerContext;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const located = locateServer();
  if (!located.ok) {
    // On CI the server is built first (root `npm test`), so its absence there is a failure, not a skip.
    if (process.env.CI && !located.reason.startsWith('no Node')) throw new Error(located.reason);
    console.warn(`\n[server-sdk] SKIPPING tests against the real server: ${located.reason}\n`);
    project.provide('oichat', { available: false, reason: located.reason });
    return undefined;
  }
  const server = await startServer({ projects: 3 });
  project.provide('oichat', { available: true, baseUrl: server.baseUrl, projects: server.projects });
  return () => server.stop();
}
