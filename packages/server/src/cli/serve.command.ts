/**
 * `oichat serve`: runs the server until SIGTERM/SIGINT, then shuts down gracefully. The start
 * banner (where it listens, which database, new credentials) goes to stderr for the person at the
 * terminal; stdout carries only the JSON log records, so it can be piped to a log collector.
 */
import { isPostgresUrl, LIMIT_FLAGS, resolveConfig } from '../config.js';
import { startServer } from '../server.js';
import { describeDatabase, redactUrl } from '../store/open-store.js';
import type { ProjectCredentials } from '../services/models.js';
import { VERSION } from '../version.js';
import type { CliFlags } from './flags.js';
import { databaseLine, isNewDatabase } from './open-services.js';

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
    trustProxy: flags['trust-proxy'],
    limits: Object.fromEntries(LIMIT_FLAGS.map((flag) => [flag, flags[flag]])),
  });
  const opened = { database: describeDatabase(config.database), created: isNewDatabase(config.database) };
  const server = await startServer(config, { ensureDefaultProject: true });
  const baseUrl = config.publicUrl ?? server.url;
  // Commands for this same database: a relative default opened elsewhere would be another one
  // (a URL's password is not printed, so the hint names it instead).
  const databaseFlag =
    config.database === ':memory:'
      ? ''
      : ` --database ${isPostgresUrl(config.database) ? '<the same postgres:// URL>' : opened.database}`;
  const lines = [
    `OiChat server ${VERSION} listening on ${server.url}`,
    `  ${databaseLine(opened)}`,
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
    lines.push(
      `  projects: npx oichat projects list${databaseFlag}`,
      `  new credentials: npx oichat projects create --name NAME${databaseFlag}`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        // A second Ctrl-C is a person who will not wait; a repeated SIGTERM (a process manager
        // and a wrapper both passing it on) changes nothing.
        if (signal === 'SIGINT') process.exit(130);
        return;
      }
      stopping = true;
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(resolve, (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
