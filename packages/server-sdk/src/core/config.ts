// Validation of the client configuration and of per-call options. Fails at construction (or
// before a call is sent) with a message that names the field, so a typo in an environment
// variable surfaces at start-up rather than as a 401 on the first request. Messages never
// quote a value: the value might be the secret.

import { OiChatConfigError } from './errors.js';
import type { OiChatOptions, RequestOptions } from '../types.js';

export const DEFAULT_BASE_URL = 'https://api.oichatapi.com';
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RETRIES = 2;

const MAX_TIMER_MS = 2_147_483_647;

export interface ResolvedConfig {
  apiKey: string;
  secretKey: string;
  projectId: string;
  /** Without trailing slash; may carry a path prefix (e.g. behind a reverse proxy). */
  baseUrl: string;
  timeout: number;
  maxRetries: number;
}

// Credentials travel in HTTP headers, so they must be visible ASCII without spaces; the prefixes
// are the ones the server gives its ids (docs/http-api.md), which catches swapped fields.
const CREDENTIAL_RULES: ReadonlyArray<[keyof OiChatOptions, string, RegExp]> = [
  ['apiKey', 'ak_', /^ak_[\x21-\x7e]+$/],
  ['secretKey', 'sk_', /^sk_[\x21-\x7e]+$/],
  ['projectId', 'proj_', /^proj_[\x21-\x7e]+$/],
];

export function resolveConfig(input: unknown): ResolvedConfig {
  if (input === null || typeof input !== 'object') {
    throw new OiChatConfigError('config', 'OiChat: expected a config object { apiKey, secretKey, projectId }');
  }
  const config = input as Partial<Record<keyof OiChatOptions, unknown>>;

  for (const [field, prefix, pattern] of CREDENTIAL_RULES) {
    const value = config[field];
    if (value === undefined || value === null || value === '') {
      throw new OiChatConfigError(field, `OiChat: config.${field} is required`);
    }
    if (typeof value !== 'string') {
      throw new OiChatConfigError(field, `OiChat: config.${field} must be a string`);
    }
    if (!pattern.test(value)) {
      throw new OiChatConfigError(
        field,
        `OiChat: config.${field} is malformed: expected "${prefix}" followed by visible ASCII characters, without spaces`,
      );
    }
  }

  return {
    apiKey: config.apiKey as string,
    secretKey: config.secretKey as string,
    projectId: config.projectId as string,
    baseUrl: resolveBaseUrl(config.baseUrl),
    timeout: checkTimeout(config.timeout, 'timeout', 'config.timeout', DEFAULT_TIMEOUT_MS),
    maxRetries: checkMaxRetries(config.maxRetries, 'maxRetries', 'config.maxRetries', DEFAULT_MAX_RETRIES),
  };
}

function resolveBaseUrl(value: unknown): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  if (typeof value !== 'string' || value === '') {
    throw new OiChatConfigError('baseUrl', 'OiChat: config.baseUrl must be a non-empty string');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OiChatConfigError('baseUrl', 'OiChat: config.baseUrl is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OiChatConfigError('baseUrl', 'OiChat: config.baseUrl must be an http(s) URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new OiChatConfigError('baseUrl', 'OiChat: config.baseUrl must not carry credentials, a query or a fragment');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function checkTimeout(value: unknown, field: string, label: string, fallback: number): number {
  if (value === undefined) return fallback;
  // setTimeout turns delays past 2^31-1 ms into 1 ms, which would time every attempt out at once.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new OiChatConfigError(
      field,
      `OiChat: ${label} must be a positive number of milliseconds (at most 2147483647)`,
    );
  }
  return value;
}

function checkMaxRetries(value: unknown, field: string, label: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new OiChatConfigError(field, `OiChat: ${label} must be a non-negative integer`);
  }
  return value;
}

// Visible ASCII only: anything else would make fetch() throw a TypeError that looks like a
// network failure, or be rejected by the server with a 400 after a round trip.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface ResolvedRequestOptions {
  idempotencyKey: string | undefined;
  timeout: number;
  maxRetries: number;
  signal: AbortSignal | undefined;
}

/** Merges per-call options over the client's; throws OiChatConfigError naming the bad option. */
export function resolveRequestOptions(
  options: RequestOptions | undefined,
  client: Pick<ResolvedConfig, 'timeout' | 'maxRetries'>,
): ResolvedRequestOptions {
  if (options === undefined || options === null) {
    return { idempotencyKey: undefined, timeout: client.timeout, maxRetries: client.maxRetries, signal: undefined };
  }
  if (typeof options !== 'object') {
    throw new OiChatConfigError('options', 'OiChat: request options must be an object');
  }
  const key = options.idempotencyKey;
  if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
    throw new OiChatConfigError(
      'idempotencyKey',
      'OiChat: options.idempotencyKey must be 1-255 visible ASCII characters',
    );
  }
  const signal = options.signal;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw new OiChatConfigError('signal', 'OiChat: options.signal must be an AbortSignal');
  }
  return {
    idempotencyKey: key,
    timeout: checkTimeout(options.timeout, 'timeout', 'options.timeout', client.timeout),
    maxRetries: checkMaxRetries(options.maxRetries, 'maxRetries', 'options.maxRetries', client.maxRetries),
    signal,
  };
}
