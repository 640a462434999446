#!/usr/bin/env node
/**
 * The `oichat` command. Parses the command line, dispatches to one command module, and turns
 * expected failures (bad flags, bad config) into a one-line message and exit code 2.
 */
import { ConfigError } from '../config.js';
import { MasterKeyRequiredError } from '../crypto/master-key.js';
import { DatabaseUnavailableError } from '../store/open-store.js';
import { RedisUnavailableError } from '../server.js';
import { VERSION } from '../version.js';
import { parseFlags } from './flags.js';
import { keysRotate, keysRotateSigningKey } from './keys.command.js';
import { projectsCreate, projectsList } from './projects.command.js';
import { serve } from './serve.command.js';
import { UsageError, unknownCommand } from './usage-error.js';
import { webhooksCommand } from './webhooks.command.js';

const USAGE = `Usage:
  oichat serve [--port 8080] [--host 127.0.0.1] [--database PATH|postgres://…] [--redis redis://…] [--public-url URL]
               [--rate-limit N] [--log-level info] [--webhooks-allow-private] [--cors-origins *]
               [--signature-v1 accept|refuse] [--trust-proxy ADDRESSES] [--http-headers-timeout-ms N]
               [--http-request-timeout-ms N] [--http-upload-idle-timeout-ms N] [--http-idle-timeout-ms N]
               [--shutdown-timeout-ms N] [--ws-max-connections N] [--ws-max-per-user N]
               [--ws-max-unauthenticated-per-ip N]
               [--user-rate-limit N] [--user-message-limit N]
               [--user-read-limit N] [--user-frame-limit N] [--typing-interval SECONDS]
  oichat projects create --name NAME [--database …] [--json]
  oichat projects list [--database …] [--json]
  oichat keys rotate --project ID [--database …] [--grace-hours 24] [--json]
  oichat keys rotate-signing-key --project ID [--database …] [--retire-now] [--json]
  oichat webhooks create --project ID --url URL [--event-types a,b|all] [--description TEXT] [--database …]
  oichat webhooks list --project ID [--database …]
  oichat webhooks update --project ID --endpoint ID [--url URL] [--event-types …] [--enable|--disable]
  oichat webhooks delete --project ID --endpoint ID
  oichat webhooks rotate-secret --project ID --endpoint ID
  oichat --version

Environment: PORT, HOST, OICHAT_DATABASE, OICHAT_REDIS_URL, OICHAT_PUBLIC_URL, OICHAT_RATE_LIMIT (requests per
minute per project, 0 disables), OICHAT_LOG_LEVEL, OICHAT_MASTER_KEY (else a 0600 master.key
file beside the database), OICHAT_WEBHOOKS_ALLOW_PRIVATE, OICHAT_WEBHOOK_RETRY_SCHEDULE,
OICHAT_WEBHOOK_TIMEOUT_MS, OICHAT_WEBHOOK_CONCURRENCY, OICHAT_WEBHOOK_PROJECT_CONCURRENCY,
OICHAT_WEBHOOK_ENDPOINT_CONCURRENCY, OICHAT_CLUSTER_HEARTBEAT_MS, OICHAT_SIGNATURE_V1, and one OICHAT_… variable
per limit flag (see docs/server.md).
The default database is ./.oichat/oichat.db, relative to the directory the command runs in; every command
prints the database it opened. Webhook commands print JSON.`;

const COMMANDS = ['serve', 'projects create', 'projects list', 'keys rotate', 'keys rotate-signing-key', 'help'];

/** The oldest Node.js major the server runs on (better-sqlite3 crashes older ones without a word). */
const MIN_NODE_MAJOR = 22;

async function main(argv: string[]): Promise<number> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    console.error(
      `oichat: needs Node.js ${MIN_NODE_MAJOR} or newer; this is ${process.version} (${process.execPath}).`,
    );
    return 1;
  }
  const { values, positionals } = parseFlags(argv);
  if (values.version) {
    console.log(VERSION);
    return 0;
  }
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  switch (command) {
    case 'serve':
      return serve(values);
    case 'projects create':
      return projectsCreate(values);
    case 'projects list':
      return projectsList(values);
    case 'keys rotate':
      return keysRotate(values);
    case 'keys rotate-signing-key':
      return keysRotateSigningKey(values);
    default:
      if (positionals[0] === 'webhooks' && positionals.length === 2) return webhooksCommand(positionals[1]!, values);
      throw unknownCommand(command, COMMANDS);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof DatabaseUnavailableError || err instanceof RedisUnavailableError) {
      console.error(`oichat: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const { address, port } = err as NodeJS.ErrnoException & { address?: string; port?: number };
      console.error(
        `oichat: ${address ?? 'the address'}:${port ?? '?'} is already in use: stop what listens there, or choose another port with --port (or PORT)`,
      );
      process.exitCode = 1;
      return;
    }
    const expected = err instanceof UsageError || err instanceof ConfigError || err instanceof MasterKeyRequiredError;
    console.error(`oichat: ${(err as Error).message}`);
    if (expected) console.error(`\n${USAGE}`);
    process.exitCode = expected ? 2 : 1;
  },
);
