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
  // Never a skip: a missing build would quietly drop every suite that talks to the server and
  // leave the run green. `npm test` (at the root, or in this package) builds the server first.
  if (!located.ok) throw new Error(`[server-sdk] cannot run the tests against the real server: ${located.reason}`);
  const server = await startServer({ projects: 3 });
  project.provide('oichat', { available: true, baseUrl: server.baseUrl, projects: server.projects });
  return () => server.stop();
}
