/**
 * The command line's flags: every option the `oichat` command accepts and the type of their
 * parsed values, which main.ts parses once and each command module reads. Its own module so that
 * the commands and the dispatcher both depend on it rather than on each other.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fromParseArgs } from './usage-error.js';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  database: { type: 'string' },
  redis: { type: 'string' },
  'public-url': { type: 'string' },
  'rate-limit': { type: 'string' },
  'log-level': { type: 'string' },
  name: { type: 'string' },
  project: { type: 'string' },
  'grace-hours': { type: 'string' },
  'retire-now': { type: 'boolean' },
  'webhooks-allow-private': { type: 'boolean' },
  'cors-origins': { type: 'string' },
  'signature-v1': { type: 'string' },
  'trust-proxy': { type: 'string' },
  // The limits of config.ts LIMIT_SETTINGS, one flag each.
  'http-headers-timeout-ms': { type: 'string' },
  'http-request-timeout-ms': { type: 'string' },
  'http-upload-idle-timeout-ms': { type: 'string' },
  'http-idle-timeout-ms': { type: 'string' },
  'shutdown-timeout-ms': { type: 'string' },
  'ws-max-connections': { type: 'string' },
  'ws-max-per-user': { type: 'string' },
  'ws-max-unauthenticated-per-ip': { type: 'string' },
  'user-rate-limit': { type: 'string' },
  'user-message-limit': { type: 'string' },
  'user-read-limit': { type: 'string' },
  'user-frame-limit': { type: 'string' },
  'typing-interval': { type: 'string' },
  url: { type: 'string' },
  'event-types': { type: 'string' },
  // Not a flag of any command: parsed only so that using it says which flag to use (webhooks.command.ts).
  events: { type: 'string' },
  description: { type: 'string' },
  endpoint: { type: 'string' },
  enable: { type: 'boolean' },
  disable: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

export type CliFlags = ReturnType<typeof parseFlags>['values'];

/** Throws a UsageError (with a did-you-mean) on an unknown flag or a flag missing its value. */
export function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw fromParseArgs(err, Object.keys(OPTIONS)) ?? err;
  }
}
