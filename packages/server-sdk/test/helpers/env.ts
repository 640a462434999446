// What a test file needs to reach the suite's real server: whether it runs, credentials, a
// client factory (with the internal retry knobs when a test must not wait real backoff delays),
// and unique ids so tests sharing one project never see each other's rooms.

import { randomUUID } from 'node:crypto';
import { describe, inject } from 'vitest';
import { OiChat } from '../../src/index.ts';
import { kInternalOptions, type InternalOptions } from '../../src/core/internal.ts';
import type { OiChatOptions } from '../../src/types.ts';
import type { ProjectCredentials } from './server.ts';

export const server = inject('oichat');

/** describe() when the real server runs, describe.skip() (with the reason printed once by global setup) otherwise. */
export const describeWithServer = describe.skipIf(!server.available);

export function credentials(project = 0): ProjectCredentials & { baseUrl: string } {
  if (!server.available) throw new Error(`server unavailable: ${server.reason}`);
  const creds = server.projects[project];
  if (!creds) throw new Error(`no project #${project}`);
  return { ...creds, baseUrl: server.baseUrl };
}

export interface ClientOverrides extends Partial<OiChatOptions> {
  project?: number;
  internal?: InternalOptions;
}

/** Fast retries unless a test asks otherwise: the backoff policy itself is tested on its own. */
export const FAST_RETRIES: InternalOptions = { retryBaseDelayMs: 5, retryMaxDelayMs: 20 };

export function makeClient(overrides: ClientOverrides = {}): OiChat {
  const { project = 0, internal = FAST_RETRIES, ...options } = overrides;
  const creds = credentials(project);
  return new OiChat({
    apiKey: creds.apiKey,
    secretKey: creds.secretKey,
    projectId: creds.projectId,
    baseUrl: creds.baseUrl,
    ...options,
    [kInternalOptions]: internal,
  } as OiChatOptions);
}

export function uid(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
