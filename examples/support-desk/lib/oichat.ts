/**
 * The one OiChat server client of this app. Server-only: it holds the secret key, which must
 * never reach a browser (`server-only` makes a client import of this module a build error).
 */
import 'server-only';
import { OiChat } from '@oichat/server-sdk';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: copy .env.example to .env.local and fill it in (see README.md)`);
  return value;
}

let client: OiChat | undefined;

export function oichat(): OiChat {
  client ??= new OiChat({
    apiKey: env('OICHAT_API_KEY'),
    secretKey: env('OICHAT_SECRET_KEY'),
    projectId: env('OICHAT_PROJECT_ID'),
    baseUrl: env('OICHAT_BASE_URL'),
  });
  return client;
}

/** Where browsers reach OiChat: the same server, maybe by another name (a public host behind a proxy). */
export const publicChatUrl = (): string => process.env.OICHAT_PUBLIC_URL || env('OICHAT_BASE_URL');

/** The signing secret of this app's webhook endpoint (`whsec_…`). */
export const webhookSecret = (): string => env('OICHAT_WEBHOOK_SECRET');

/** Seconds a room may wait unclaimed before a customer's message gets the automatic "shortly" reply. */
export const autoReplyAfterSeconds = (): number => {
  const n = Number(process.env.DESK_AUTO_REPLY_AFTER_SECONDS ?? 120);
  return Number.isFinite(n) && n >= 0 ? n : 120;
};
