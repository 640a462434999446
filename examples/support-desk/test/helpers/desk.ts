/**
 * The whole desk for a test: `oichat serve` on a SQLite file in a temporary folder (random port),
 * the project and webhook endpoint made as `npm run demo` makes them, the production build of the
 * app (built here only when stale: `npm test` builds it once, in its build step) under
 * `next start` on a random port, and the server SDK as the test's own view of OiChat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OiChat } from '@oichat/server-sdk';
import {
  type DeskConfig,
  type Running,
  buildApp,
  buildIsStale,
  ensureProject,
  ensureWebhook,
  freePort,
  startApp,
  startOiChat,
} from '../../scripts/stack.ts';

export interface Desk {
  oichat: Running;
  app: Running;
  config: DeskConfig;
  webhookSecret: string;
  /** The backend's API, to check what the app did. */
  api: OiChat;
  close(): Promise<void>;
}

/** `autoReplyAfterSeconds`: the app's DESK_AUTO_REPLY_AFTER_SECONDS; undefined leaves its default (120). */
export async function startDesk({ autoReplyAfterSeconds }: { autoReplyAfterSeconds?: number } = {}): Promise<Desk> {
  if (buildIsStale()) await buildApp();
  const dataDir = mkdtempSync(join(tmpdir(), 'oichat-support-desk-'));
  const config = await ensureProject(dataDir);
  const oichat = await startOiChat(dataDir);
  let app: Running | undefined;
  try {
    const port = await freePort();
    const webhook = await ensureWebhook(dataDir, config, oichat.url, `http://127.0.0.1:${port}`);
    app = await startApp(port, { oichatUrl: oichat.url, config, webhookSecret: webhook.secret, autoReplyAfterSeconds });
    const api = new OiChat({
      apiKey: config.api_key,
      secretKey: config.secret_key,
      projectId: config.project_id,
      baseUrl: oichat.url,
    });
    const running = app;
    return {
      oichat,
      app: running,
      config,
      webhookSecret: webhook.secret,
      api,
      async close() {
        await running.stop();
        await oichat.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app?.stop();
    await oichat.stop();
    throw error;
  }
}
