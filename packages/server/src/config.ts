/**
 * Server configuration: one typed object, resolved from CLI flags, then environment, then
 * defaults. Everything downstream receives a Config and never reads process.env itself.
 */
import { dirname, join, resolve } from 'node:path';
import proxyAddr from '@fastify/proxy-addr';

export interface Config {
  host: string;
  port: number;
  /** A file path, `:memory:`, or a postgres:// URL. */
  database: string;
  /** redis:// URL when this server is one node of a cluster. */
  redis: string | null;
  /** Base URL clients reach this server at; the JWT issuer is derived from it. */
  publicUrl: string | null;
  /** Requests per minute per project; 0 disables. */
  rateLimitPerMinute: number;
  logLevel: string;
  /** Origins browsers may call the end-user API (/v1/me) from: ['*'] for any. */
  corsOrigins: string[];
  /** Directory for the key file and the default database; null for in-memory databases. */
  dataDir: string | null;
  /** Most participants a room may reach by adding them (creation takes 2–500, as the API says). */
  maxRoomParticipants: number;
  /** Hours an old api key keeps working after a rotation. */
  keyGraceHours: number;
  /** In a cluster: how often a node tells Redis it is alive; one silent for 4 of these is dead (its users go offline). */
  clusterHeartbeatMs: number;
  /** What guards the server against one client: HTTP timeouts, socket caps, end-user rate limits (LIMIT_SETTINGS). */
  limits: Limits;
  /**
   * Proxies (addresses, CIDR ranges, or `loopback`/`linklocal`/`uniquelocal`) whose
   * X-Forwarded-For is believed when naming a client's address; empty: the peer's address.
   */
  trustProxy: string[];
  /** Backend requests signed with signature version 1 (no nonce): accepted with a Deprecation header, or refused. */
  signatureV1: 'accept' | 'refuse';
  attachments: AttachmentsConfig;
  webhooks: {
    /** Allow endpoints on loopback and private addresses (development only). */
    allowPrivate: boolean;
    /** Delay before each retry, in ms; null for the built-in schedule. */
    retryScheduleMs: number[] | null;
    /** How long one attempt may take (connect, send, answer), in ms. */
    timeoutMs: number;
    /** Deliveries in flight at once on one node, of them at most so many per project and per endpoint. */
    concurrency: number;
    perProjectConcurrency: number;
    perEndpointConcurrency: number;
  };
}

export const DEFAULT_DATABASE = './.oichat/oichat.db';

/** Attachments: where the bytes go and what an upload may be (docs/server.md, "Attachments"). */
export interface AttachmentsConfig {
  storage: 'disk' | 's3';
  /** disk: the folder; null for an in-memory database (a temporary folder, gone with it). */
  dir: string | null;
  s3: {
    bucket: string;
    prefix: string;
    endpoint: string | null;
    region: string;
    forcePathStyle: boolean;
    /** From AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN); null: the AWS SDK's own chain (profile, role). */
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
  } | null;
  maxBytes: number;
  /** Types (judged by the bytes) an upload may be; null for the defaults. */
  allowedTypes: string[] | null;
  urlLifetimeSeconds: number;
  /** Hours an unsent upload, or the attachments of a deleted room or message, are kept. */
  graceHours: number;
}

/** Types that are never allowed, whatever OICHAT_ATTACHMENT_TYPES lists: a browser runs them. */
const SCRIPTABLE_TYPES =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|(text|application)\/javascript)$/;

function resolveAttachments(env: NodeJS.ProcessEnv, database: string, dataDir: string | null): AttachmentsConfig {
  const storage = env.OICHAT_STORAGE ?? 'disk';
  if (storage !== 'disk' && storage !== 's3')
    throw new ConfigError(`OICHAT_STORAGE must be disk or s3; got "${storage}".`);
  let s3: AttachmentsConfig['s3'] = null;
  if (storage === 's3') {
    const bucket = env.OICHAT_S3_BUCKET;
    if (!bucket) throw new ConfigError('OICHAT_S3_BUCKET is required with OICHAT_STORAGE=s3.');
    const endpoint = env.OICHAT_S3_ENDPOINT ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? null;
    if (endpoint !== null && !/^https?:\/\/[^\s]+$/.test(endpoint))
      throw new ConfigError(`OICHAT_S3_ENDPOINT must be an http(s) URL; got "${endpoint}".`);
    s3 = {
      bucket,
      prefix: env.OICHAT_S3_PREFIX ?? '',
      endpoint,
      region: env.OICHAT_S3_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      // S3-compatible services (MinIO…) want path-style URLs; AWS itself takes either.
      forcePathStyle:
        env.OICHAT_S3_FORCE_PATH_STYLE === undefined
          ? endpoint !== null
          : flag('OICHAT_S3_FORCE_PATH_STYLE', env.OICHAT_S3_FORCE_PATH_STYLE),
      credentials:
        env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? {
              accessKeyId: env.AWS_ACCESS_KEY_ID,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
              ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
            }
          : null,
    };
  }
  const types = env.OICHAT_ATTACHMENT_TYPES?.split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const type of types ?? []) {
    if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type))
      throw new ConfigError(`OICHAT_ATTACHMENT_TYPES lists "${type}", which is not a media type such as image/png.`);
    if (SCRIPTABLE_TYPES.test(type))
      throw new ConfigError(`OICHAT_ATTACHMENT_TYPES lists ${type}, which a browser would run; it is never allowed.`);
  }
  const dir =
    env.OICHAT_ATTACHMENTS_DIR ??
    (dataDir ? join(dataDir, 'attachments') : database === ':memory:' ? null : resolve('./.oichat/attachments'));
  return {
    storage,
    dir: dir === null ? null : resolve(dir),
    s3,
    maxBytes: integer(
      'OICHAT_ATTACHMENT_MAX_BYTES',
      env.OICHAT_ATTACHMENT_MAX_BYTES ?? 25 * 1024 * 1024,
      1,
      2 ** 31 - 1,
    ),
    allowedTypes: types && types.length > 0 ? types : null,
    urlLifetimeSeconds: integer('OICHAT_ATTACHMENT_URL_TTL', env.OICHAT_ATTACHMENT_URL_TTL ?? 3600, 10, 7 * 24 * 3600),
    graceHours: integer('OICHAT_ATTACHMENT_GRACE_HOURS', env.OICHAT_ATTACHMENT_GRACE_HOURS ?? 24, 0, 24 * 365),
  };
}

export interface ConfigInput {
  host?: string | undefined;
  port?: string | number | undefined;
  database?: string | undefined;
  redis?: string | undefined;
  publicUrl?: string | undefined;
  rateLimit?: string | number | undefined;
  logLevel?: string | undefined;
  webhooksAllowPrivate?: boolean | undefined;
  corsOrigins?: string | undefined;
  signatureV1?: string | undefined;
  trustProxy?: string | undefined;
  /** Values of the LIMIT_SETTINGS flags, by flag name (`ws-max-per-user`…), as given on the command line. */
  limits?: Partial<Record<LimitFlag, string | undefined>>;
}

/**
 * Every limit that protects the server from one client, each a flag, an environment variable and
 * a default (docs/server.md, "Limits that protect the server"). 0 disables the rate limits (the
 * `…_LIMIT` ones); the others must be positive.
 */
export const LIMIT_SETTINGS = {
  httpHeadersTimeoutMs: {
    flag: 'http-headers-timeout-ms',
    env: 'OICHAT_HTTP_HEADERS_TIMEOUT_MS',
    default: 10_000,
    min: 100,
    max: 600_000,
  },
  httpRequestTimeoutMs: {
    flag: 'http-request-timeout-ms',
    env: 'OICHAT_HTTP_REQUEST_TIMEOUT_MS',
    default: 30_000,
    min: 100,
    max: 3_600_000,
  },
  httpUploadIdleTimeoutMs: {
    flag: 'http-upload-idle-timeout-ms',
    env: 'OICHAT_HTTP_UPLOAD_IDLE_TIMEOUT_MS',
    default: 30_000,
    min: 100,
    max: 3_600_000,
  },
  httpIdleTimeoutMs: {
    flag: 'http-idle-timeout-ms',
    env: 'OICHAT_HTTP_IDLE_TIMEOUT_MS',
    default: 72_000,
    min: 100,
    max: 3_600_000,
  },
  shutdownTimeoutMs: {
    flag: 'shutdown-timeout-ms',
    env: 'OICHAT_SHUTDOWN_TIMEOUT_MS',
    default: 25_000,
    min: 100,
    max: 3_600_000,
  },
  wsMaxConnections: {
    flag: 'ws-max-connections',
    env: 'OICHAT_WS_MAX_CONNECTIONS',
    default: 10_000,
    min: 1,
    max: 10_000_000,
  },
  wsMaxPerUser: { flag: 'ws-max-per-user', env: 'OICHAT_WS_MAX_PER_USER', default: 20, min: 1, max: 100_000 },
  wsMaxUnauthenticatedPerIp: {
    flag: 'ws-max-unauthenticated-per-ip',
    env: 'OICHAT_WS_MAX_UNAUTHENTICATED_PER_IP',
    default: 50,
    min: 1,
    max: 1_000_000,
  },
  userRequestLimit: { flag: 'user-rate-limit', env: 'OICHAT_USER_RATE_LIMIT', default: 600, min: 0, max: 10_000_000 },
  userMessageLimit: {
    flag: 'user-message-limit',
    env: 'OICHAT_USER_MESSAGE_LIMIT',
    default: 60,
    min: 0,
    max: 10_000_000,
  },
  userReadLimit: { flag: 'user-read-limit', env: 'OICHAT_USER_READ_LIMIT', default: 120, min: 0, max: 10_000_000 },
  userFrameLimit: { flag: 'user-frame-limit', env: 'OICHAT_USER_FRAME_LIMIT', default: 600, min: 0, max: 10_000_000 },
  typingIntervalSeconds: { flag: 'typing-interval', env: 'OICHAT_TYPING_INTERVAL', default: 3, min: 1, max: 3_600 },
} as const;

export type Limits = { -readonly [K in keyof typeof LIMIT_SETTINGS]: number };
export type LimitFlag = (typeof LIMIT_SETTINGS)[keyof typeof LIMIT_SETTINGS]['flag'];
export const LIMIT_FLAGS = Object.values(LIMIT_SETTINGS).map((s) => s.flag) as LimitFlag[];

function resolveLimits(input: ConfigInput['limits'] = {}, env: NodeJS.ProcessEnv): Limits {
  const limits = Object.fromEntries(
    Object.entries(LIMIT_SETTINGS).map(([key, s]) => {
      const given = input[s.flag];
      return [
        key,
        integer(given === undefined ? s.env : `--${s.flag}`, given ?? env[s.env] ?? s.default, s.min, s.max),
      ];
    }),
  ) as Limits;
  // Node refuses a headers timeout longer than the whole request's.
  if (limits.httpHeadersTimeoutMs > limits.httpRequestTimeoutMs) {
    throw new ConfigError(
      `the HTTP headers timeout (${limits.httpHeadersTimeoutMs} ms) must not be longer than the request timeout (${limits.httpRequestTimeoutMs} ms).`,
    );
  }
  return limits;
}

function signatureV1(value: string): 'accept' | 'refuse' {
  if (value === 'accept' || value === 'refuse') return value;
  throw new ConfigError(`--signature-v1 (OICHAT_SIGNATURE_V1) must be accept or refuse; got "${value}".`);
}

export class ConfigError extends Error {}

function integer(name: string, value: string | number, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${value}".`);
  }
  return n;
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

export function dataDirFor(database: string): string | null {
  if (database === ':memory:' || isPostgresUrl(database)) return null;
  return dirname(resolve(database));
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name} must be 1/true or 0/false; got "${value}".`);
}

function trustedProxies(value: string): string[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    try {
      proxyAddr.compile(entry);
    } catch {
      throw new ConfigError(
        `--trust-proxy (OICHAT_TRUST_PROXY) takes comma-separated addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal; "${entry}" is none of these.`,
      );
    }
  }
  return list;
}

function retrySchedule(value: string | undefined): number[] | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = value.split(',').map((s) => Number(s.trim()));
  if (seconds.some((s) => !Number.isFinite(s) || s < 0 || s > 7 * 24 * 3600)) {
    throw new ConfigError(
      `OICHAT_WEBHOOK_RETRY_SCHEDULE must be comma-separated seconds (0 to 604800); got "${value}".`,
    );
  }
  return seconds.map((s) => Math.round(s * 1000));
}

export function resolveConfig(input: ConfigInput, env: NodeJS.ProcessEnv = process.env): Config {
  const database = input.database ?? env.OICHAT_DATABASE ?? DEFAULT_DATABASE;
  const publicUrl = input.publicUrl ?? env.OICHAT_PUBLIC_URL ?? null;
  if (publicUrl !== null && !/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicUrl)) {
    throw new ConfigError(`--public-url must be an http(s) URL such as https://chat.example.com; got "${publicUrl}".`);
  }
  const redis = input.redis ?? env.OICHAT_REDIS_URL ?? null;
  if (redis !== null && !/^rediss?:\/\//.test(redis))
    throw new ConfigError(`--redis must be a redis:// URL; got "${redis}".`);
  if (redis !== null && publicUrl === null) {
    // Tokens name their issuer by this URL; nodes deriving it from their own address would reject each other's tokens.
    throw new ConfigError(
      '--public-url (or OICHAT_PUBLIC_URL) is required with --redis: every node must issue and accept tokens for the same URL, the one clients reach the cluster at.',
    );
  }
  return {
    redis,
    host: input.host ?? env.HOST ?? '127.0.0.1',
    port: integer('--port', input.port ?? env.PORT ?? 8080, 0, 65535),
    database,
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? null,
    rateLimitPerMinute: integer('--rate-limit', input.rateLimit ?? env.OICHAT_RATE_LIMIT ?? 6000, 0, 10_000_000),
    logLevel: input.logLevel ?? env.OICHAT_LOG_LEVEL ?? 'info',
    corsOrigins: (input.corsOrigins ?? env.OICHAT_CORS_ORIGINS ?? '*')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    dataDir: dataDirFor(database),
    maxRoomParticipants: integer('OICHAT_MAX_ROOM_PARTICIPANTS', env.OICHAT_MAX_ROOM_PARTICIPANTS ?? 500, 2, 100_000),
    keyGraceHours: integer('OICHAT_KEY_GRACE_HOURS', env.OICHAT_KEY_GRACE_HOURS ?? 24, 0, 24 * 365),
    clusterHeartbeatMs: integer('OICHAT_CLUSTER_HEARTBEAT_MS', env.OICHAT_CLUSTER_HEARTBEAT_MS ?? 5000, 100, 60_000),
    limits: resolveLimits(input.limits, env),
    signatureV1: signatureV1(input.signatureV1 ?? env.OICHAT_SIGNATURE_V1 ?? 'accept'),
    trustProxy: trustedProxies(input.trustProxy ?? env.OICHAT_TRUST_PROXY ?? ''),
    attachments: resolveAttachments(env, database, dataDirFor(database)),
    webhooks: {
      allowPrivate:
        input.webhooksAllowPrivate ?? flag('OICHAT_WEBHOOKS_ALLOW_PRIVATE', env.OICHAT_WEBHOOKS_ALLOW_PRIVATE),
      retryScheduleMs: retrySchedule(env.OICHAT_WEBHOOK_RETRY_SCHEDULE),
      timeoutMs: integer('OICHAT_WEBHOOK_TIMEOUT_MS', env.OICHAT_WEBHOOK_TIMEOUT_MS ?? 10_000, 100, 300_000),
      concurrency: integer('OICHAT_WEBHOOK_CONCURRENCY', env.OICHAT_WEBHOOK_CONCURRENCY ?? 64, 1, 10_000),
      perProjectConcurrency: integer(
        'OICHAT_WEBHOOK_PROJECT_CONCURRENCY',
        env.OICHAT_WEBHOOK_PROJECT_CONCURRENCY ?? 16,
        1,
        10_000,
      ),
      perEndpointConcurrency: integer(
        'OICHAT_WEBHOOK_ENDPOINT_CONCURRENCY',
        env.OICHAT_WEBHOOK_ENDPOINT_CONCURRENCY ?? 8,
        1,
        10_000,
      ),
    },
  };
}
