/**
 * `npm run demo`: the support desk on your machine in one command. Starts OiChat on SQLite in
 * examples/support-desk/.data (the project and the webhook endpoint are created on the first
 * run), builds the app when its sources changed, starts it, and prints where to go and who to be.
 * Ctrl-C stops both. Ports: OICHAT_PORT (8080) and PORT (3000).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONAS } from '../lib/personas.ts';
import { APP_DIR, buildApp, buildIsStale, ensureProject, ensureWebhook, startApp, startOiChat } from './stack.ts';

const dataDir = join(APP_DIR, '.data');
const appPort = Number(process.env.PORT ?? 3000);
const oichatPort = Number(process.env.OICHAT_PORT ?? 8080);

const config = await ensureProject(dataDir);
const oichat = await startOiChat(dataDir, oichatPort);
const stops = [oichat.stop];
let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled(stops.reverse().map((stop) => stop()));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const appUrl = `http://127.0.0.1:${appPort}`;
  const webhook = await ensureWebhook(dataDir, config, oichat.url, appUrl);
  // The same settings for `npm run dev` in this folder (Next.js reads .env.local; never commit it).
  writeFileSync(
    join(APP_DIR, '.env.local'),
    `OICHAT_BASE_URL=${oichat.url}\nOICHAT_PROJECT_ID=${config.project_id}\nOICHAT_API_KEY=${config.api_key}\nOICHAT_SECRET_KEY=${config.secret_key}\nOICHAT_WEBHOOK_SECRET=${webhook.secret}\n`,
    { mode: 0o600 },
  );
  if (buildIsStale()) {
    console.log('Building the app (next build)…');
    await buildApp(true);
  }
  const app = await startApp(appPort, { oichatUrl: oichat.url, config, webhookSecret: webhook.secret });
  stops.push(app.stop);
  app.child.on('exit', () => void stopAll(1));
  oichat.child.on('exit', () => void stopAll(1));
  console.log(`
  Oi Market Support is running: ${app.url}
  OiChat server:                ${oichat.url}  (data in ${dataDir})

  Sign in as a customer in one window and as an agent in another (a private window, or another browser):
${PERSONAS.map((p) => `    ${p.role === 'agent' ? 'agent   ' : 'customer'}  ${p.name}`).join('\n')}

  Ctrl-C stops both.
`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
