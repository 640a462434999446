/** `oichat serve`: runs the server until SIGTERM/SIGINT, then shuts down gracefully. */
import { LIMIT_FLAGS, resolveConfig } from '../config.js';
import { startServer } from '../server.js';
import { redactUrl } from '../store/open-store.js';
import type { ProjectCredentials } from '../services/models.js';
import type { CliFlags } from './flags.js';

function sdkSnippet(p: ProjectCredentials, baseUrl: string): string {
  return `import { OiChat } from "@oichat/server-sdk";
const oichat = new OiChat({
  apiKey: "${p.api_key}",
  secretKey: "${p.secret_key}",
  projectId: "${p.project_id}",
  baseUrl: "${baseUrl}",
});`;
}

export async function serve(flags: CliFlags): Promise<number> {
  const config = resolveConfig({
    port: flags.port,
    host: flags.host,
    database: flags.database,
    redis: flags.redis,
    publicUrl: flags['public-url'],
    rateLimit: flags['rate-limit'],
    logLevel: flags['log-level'],
    webhooksAllowPrivate: flags['webhooks-allow-private'],
    corsOrigins: flags['cors-origins'],
    signatureV1: flags['signature-v1'],
    limits: Object.fromEntries(LIMIT_FLAGS.map((flag) => [flag, flags[flag]])),
  });
  const server = await startServer(config, { ensureDefaultProject: true });
  const baseUrl = config.publicUrl ?? server.url;
  const lines = [
    `OiChat server listening on ${server.url}`,
    `  database: ${redactUrl(config.database)}`,
    ...(config.redis ? [`  cluster:  Redis ${redactUrl(config.redis)}`] : []),
    `  API docs: ${baseUrl}/v1/docs`,
  ];
  const created = server.createdProject;
  if (created) {
    lines.push(
      '',
      'Created project "default". Its secret key is shown only now: store it safely.',
      `  project id: ${created.project_id}`,
      `  api key:    ${created.api_key}`,
      `  secret key: ${created.secret_key}`,
      '',
      'Connect with the server SDK:',
      sdkSnippet(created, baseUrl),
    );
  } else {
    lines.push('  projects: oichat projects list; new credentials: oichat projects create --name NAME');
  }
  console.log(lines.join('\n'));

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(resolve, (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
