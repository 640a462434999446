/**
 * Configuration (docs/server.md, "Configuration"): every documented default is the one in force,
 * a flag wins over its environment variable, and a bad value is refused naming the setting, its
 * rule and what was given. The CLI tests run these through `oichat serve`; here each rule on its own.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_DATABASE,
  dataDirFor,
  isPostgresUrl,
  LIMIT_SETTINGS,
  resolveConfig,
} from '../src/config.js';

describe('resolveConfig', () => {
  it('has the documented defaults', () => {
    expect(resolveConfig({}, {})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      database: './.oichat/oichat.db',
      redis: null,
      publicUrl: null,
      rateLimitPerMinute: 6000,
      logLevel: 'info',
      corsOrigins: ['*'],
      dataDir: dataDirFor(DEFAULT_DATABASE),
      maxRoomParticipants: 500,
      keyGraceHours: 24,
      clusterHeartbeatMs: 5000,
      webhooks: {
        allowPrivate: false,
        retryScheduleMs: null,
        timeoutMs: 10_000,
        concurrency: 64,
        perProjectConcurrency: 16,
        perEndpointConcurrency: 8,
      },
      signatureV1: 'accept',
      trustProxy: [],
      attachments: {
        storage: 'disk',
        dir: resolve(dataDirFor(DEFAULT_DATABASE)!, 'attachments'),
        s3: null,
        maxBytes: 25 * 1024 * 1024,
        allowedTypes: null,
        urlLifetimeSeconds: 3600,
        graceHours: 24,
      },
      limits: {
        httpHeadersTimeoutMs: 10_000,
        httpRequestTimeoutMs: 30_000,
        httpUploadIdleTimeoutMs: 30_000,
        httpIdleTimeoutMs: 72_000,
        shutdownTimeoutMs: 25_000,
        wsMaxConnections: 10_000,
        wsMaxPerUser: 20,
        wsMaxUnauthenticatedPerIp: 50,
        userRequestLimit: 600,
        userMessageLimit: 60,
        userReadLimit: 120,
        userFrameLimit: 600,
        typingIntervalSeconds: 3,
      },
    });
  });

  it('reads the environment, and a flag wins over its variable', () => {
    const env = {
      HOST: '0.0.0.0',
      PORT: '9000',
      OICHAT_DATABASE: ':memory:',
      OICHAT_RATE_LIMIT: '10',
      OICHAT_LOG_LEVEL: 'warn',
      OICHAT_CORS_ORIGINS: 'https://a.example, https://b.example,',
      OICHAT_WEBHOOKS_ALLOW_PRIVATE: 'true',
      OICHAT_PUBLIC_URL: 'https://chat.example.com/',
      OICHAT_REDIS_URL: 'redis://r:6379',
      OICHAT_MAX_ROOM_PARTICIPANTS: '2',
      OICHAT_KEY_GRACE_HOURS: '0',
      OICHAT_CLUSTER_HEARTBEAT_MS: '100',
      OICHAT_WEBHOOK_RETRY_SCHEDULE: '0.5, 2,0',
    };
    expect(resolveConfig({}, env)).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      database: ':memory:',
      dataDir: null,
      rateLimitPerMinute: 10,
      logLevel: 'warn',
      corsOrigins: ['https://a.example', 'https://b.example'],
      publicUrl: 'https://chat.example.com',
      redis: 'redis://r:6379',
      maxRoomParticipants: 2,
      keyGraceHours: 0,
      clusterHeartbeatMs: 100,
      webhooks: { allowPrivate: true, retryScheduleMs: [500, 2000, 0] },
    });
    expect(
      resolveConfig(
        {
          host: '::1',
          port: 0,
          database: 'postgres://u@h/db',
          rateLimit: 0,
          logLevel: 'debug',
          corsOrigins: 'https://c.example',
          webhooksAllowPrivate: false,
          publicUrl: 'http://x.test',
          redis: 'rediss://other:6380',
        },
        env,
      ),
    ).toMatchObject({
      host: '::1',
      port: 0,
      database: 'postgres://u@h/db',
      dataDir: null,
      rateLimitPerMinute: 0,
      logLevel: 'debug',
      corsOrigins: ['https://c.example'],
      publicUrl: 'http://x.test',
      redis: 'rediss://other:6380',
      webhooks: { allowPrivate: false },
    });
  });

  it.each([
    [{ port: '65536' }, {}, '--port must be a whole number from 0 to 65535; got "65536".'],
    [{ port: '-1' }, {}, '--port must be a whole number from 0 to 65535; got "-1".'],
    [{ port: '80.5' }, {}, '--port must be a whole number from 0 to 65535; got "80.5".'],
    [{}, { PORT: 'http' }, '--port must be a whole number from 0 to 65535; got "http".'],
    [{ rateLimit: '10000001' }, {}, '--rate-limit must be a whole number from 0 to 10000000; got "10000001".'],
    [{ rateLimit: -1 }, {}, '--rate-limit must be a whole number from 0 to 10000000; got "-1".'],
    [
      {},
      { OICHAT_MAX_ROOM_PARTICIPANTS: '1' },
      'OICHAT_MAX_ROOM_PARTICIPANTS must be a whole number from 2 to 100000; got "1".',
    ],
    [
      {},
      { OICHAT_MAX_ROOM_PARTICIPANTS: '100001' },
      'OICHAT_MAX_ROOM_PARTICIPANTS must be a whole number from 2 to 100000; got "100001".',
    ],
    [
      {},
      { OICHAT_KEY_GRACE_HOURS: '8761' },
      'OICHAT_KEY_GRACE_HOURS must be a whole number from 0 to 8760; got "8761".',
    ],
    [{}, { OICHAT_KEY_GRACE_HOURS: '-1' }, 'OICHAT_KEY_GRACE_HOURS must be a whole number from 0 to 8760; got "-1".'],
    [
      {},
      { OICHAT_CLUSTER_HEARTBEAT_MS: '99' },
      'OICHAT_CLUSTER_HEARTBEAT_MS must be a whole number from 100 to 60000; got "99".',
    ],
    [
      {},
      { OICHAT_CLUSTER_HEARTBEAT_MS: '60001' },
      'OICHAT_CLUSTER_HEARTBEAT_MS must be a whole number from 100 to 60000; got "60001".',
    ],
    [
      {},
      { OICHAT_WEBHOOKS_ALLOW_PRIVATE: 'yes' },
      'OICHAT_WEBHOOKS_ALLOW_PRIVATE must be 1/true or 0/false; got "yes".',
    ],
    [
      {},
      { OICHAT_WEBHOOK_RETRY_SCHEDULE: '5,soon' },
      'OICHAT_WEBHOOK_RETRY_SCHEDULE must be comma-separated seconds (0 to 604800); got "5,soon".',
    ],
    [
      {},
      { OICHAT_WEBHOOK_RETRY_SCHEDULE: '604801' },
      'OICHAT_WEBHOOK_RETRY_SCHEDULE must be comma-separated seconds (0 to 604800); got "604801".',
    ],
    [
      {},
      { OICHAT_WEBHOOK_RETRY_SCHEDULE: '-1' },
      'OICHAT_WEBHOOK_RETRY_SCHEDULE must be comma-separated seconds (0 to 604800); got "-1".',
    ],
    [
      { publicUrl: 'chat.example.com' },
      {},
      '--public-url must be an http(s) URL such as https://chat.example.com; got "chat.example.com".',
    ],
    [
      { publicUrl: 'https://chat example.com' },
      {},
      '--public-url must be an http(s) URL such as https://chat.example.com; got "https://chat example.com".',
    ],
    [
      { publicUrl: 'see https://chat.example.com' },
      {},
      '--public-url must be an http(s) URL such as https://chat.example.com; got "see https://chat.example.com".',
    ],
    [
      { publicUrl: 'https://chat.example.com/a b' },
      {},
      '--public-url must be an http(s) URL such as https://chat.example.com; got "https://chat.example.com/a b".',
    ],
    [
      { publicUrl: 'https://chat.example.com', redis: 'not-redis://r:6379' },
      {},
      '--redis must be a redis:// URL; got "not-redis://r:6379".',
    ],
    [
      { publicUrl: 'https://chat.example.com', redis: 'http://r:6379' },
      {},
      '--redis must be a redis:// URL; got "http://r:6379".',
    ],
  ])('refuses %j %j: %s', (input, env, message) => {
    expect(() => resolveConfig(input, env)).toThrow(new ConfigError(message));
  });

  it('takes the limits at their edges', () => {
    expect(resolveConfig({ port: '65535', rateLimit: '10000000' }, {})).toMatchObject({
      port: 65535,
      rateLimitPerMinute: 10_000_000,
    });
    expect(
      resolveConfig(
        {},
        {
          OICHAT_MAX_ROOM_PARTICIPANTS: '100000',
          OICHAT_KEY_GRACE_HOURS: '8760',
          OICHAT_CLUSTER_HEARTBEAT_MS: '60000',
          OICHAT_WEBHOOK_RETRY_SCHEDULE: '604800',
          OICHAT_WEBHOOKS_ALLOW_PRIVATE: '0',
        },
      ),
    ).toMatchObject({
      maxRoomParticipants: 100_000,
      keyGraceHours: 8760,
      clusterHeartbeatMs: 60_000,
      webhooks: { allowPrivate: false, retryScheduleMs: [604_800_000] },
    });
    expect(resolveConfig({}, { OICHAT_WEBHOOK_RETRY_SCHEDULE: ' ', OICHAT_WEBHOOKS_ALLOW_PRIVATE: '1' })).toMatchObject(
      {
        webhooks: { allowPrivate: true, retryScheduleMs: null },
      },
    );
    expect(resolveConfig({}, { OICHAT_WEBHOOKS_ALLOW_PRIVATE: 'false' }).webhooks.allowPrivate).toBe(false);
    // Set but empty, as an unset variable in a compose file is: off, not an error.
    expect(resolveConfig({}, { OICHAT_WEBHOOKS_ALLOW_PRIVATE: '' }).webhooks.allowPrivate).toBe(false);
    // Every trailing slash goes, and only those.
    expect(resolveConfig({ publicUrl: 'https://chat.example.com/base//' }, {}).publicUrl).toBe(
      'https://chat.example.com/base',
    );
  });

  it('needs --public-url with --redis, so every node issues tokens for the same issuer', () => {
    expect(() => resolveConfig({ redis: 'redis://r:6379' }, {})).toThrow(
      /--public-url \(or OICHAT_PUBLIC_URL\) is required with --redis/,
    );
  });

  it('keeps the key file and default database beside a SQLite file, and nowhere for memory or PostgreSQL', () => {
    expect(dataDirFor('/var/lib/oichat/chat.db')).toBe('/var/lib/oichat');
    expect(dataDirFor(':memory:')).toBeNull();
    expect(dataDirFor('postgresql://u@h/db')).toBeNull();
    expect([
      isPostgresUrl('postgres://h/db'),
      isPostgresUrl('postgresql://h/db'),
      isPostgresUrl('mypostgres://h'),
    ]).toEqual([true, true, false]);
  });
});

// The webhook delivery settings issue 10 added: their defaults, and a clear refusal of values out of range.
describe('webhook delivery settings', () => {
  it('default to a 10 s attempt and 64 / 16 / 8 deliveries at once per node, project and endpoint', () => {
    expect(resolveConfig({}, {}).webhooks).toMatchObject({
      timeoutMs: 10_000,
      concurrency: 64,
      perProjectConcurrency: 16,
      perEndpointConcurrency: 8,
    });
  });

  it('read the environment', () => {
    const env = {
      OICHAT_WEBHOOK_TIMEOUT_MS: '2500',
      OICHAT_WEBHOOK_CONCURRENCY: '10',
      OICHAT_WEBHOOK_PROJECT_CONCURRENCY: '4',
      OICHAT_WEBHOOK_ENDPOINT_CONCURRENCY: '2',
    };
    expect(resolveConfig({}, env).webhooks).toMatchObject({
      timeoutMs: 2500,
      concurrency: 10,
      perProjectConcurrency: 4,
      perEndpointConcurrency: 2,
    });
  });

  it.each([
    [
      'OICHAT_WEBHOOK_TIMEOUT_MS',
      '50',
      'OICHAT_WEBHOOK_TIMEOUT_MS must be a whole number from 100 to 300000; got "50".',
    ],
    ['OICHAT_WEBHOOK_CONCURRENCY', '0', 'OICHAT_WEBHOOK_CONCURRENCY must be a whole number from 1 to 10000; got "0".'],
    [
      'OICHAT_WEBHOOK_PROJECT_CONCURRENCY',
      'many',
      'OICHAT_WEBHOOK_PROJECT_CONCURRENCY must be a whole number from 1 to 10000; got "many".',
    ],
    [
      'OICHAT_WEBHOOK_ENDPOINT_CONCURRENCY',
      '1.5',
      'OICHAT_WEBHOOK_ENDPOINT_CONCURRENCY must be a whole number from 1 to 10000; got "1.5".',
    ],
  ])('refuse %s=%s', (name, value, message) => {
    expect(() => resolveConfig({}, { [name]: value })).toThrow(new ConfigError(message));
  });
});

// The limit settings (docs/server.md, "Limits that protect the server"): flag, else variable, else default.
describe('limit settings', () => {
  it('default to the documented values', () => {
    const { limits, signatureV1 } = resolveConfig({}, {});
    expect(limits).toEqual({
      httpHeadersTimeoutMs: 10_000,
      httpRequestTimeoutMs: 30_000,
      httpUploadIdleTimeoutMs: 30_000,
      shutdownTimeoutMs: 25_000,
      httpIdleTimeoutMs: 72_000,
      wsMaxConnections: 10_000,
      wsMaxPerUser: 20,
      wsMaxUnauthenticatedPerIp: 50,
      userRequestLimit: 600,
      userMessageLimit: 60,
      userReadLimit: 120,
      userFrameLimit: 600,
      typingIntervalSeconds: 3,
    });
    expect(signatureV1).toBe('accept');
  });

  it('take the flag over the environment variable over the default', () => {
    const env = { OICHAT_WS_MAX_PER_USER: '7', OICHAT_USER_MESSAGE_LIMIT: '0', OICHAT_SIGNATURE_V1: 'refuse' };
    const config = resolveConfig({ limits: { 'ws-max-per-user': '3' } }, env);
    expect(config.limits.wsMaxPerUser).toBe(3);
    expect(config.limits.userMessageLimit).toBe(0);
    expect(config.signatureV1).toBe('refuse');
    expect(resolveConfig({ signatureV1: 'accept' }, env).signatureV1).toBe('accept');
  });

  it('refuse values out of range, naming the flag or variable', () => {
    expect(() => resolveConfig({ limits: { 'ws-max-per-user': '0' } }, {})).toThrow(/--ws-max-per-user must be/);
    expect(() => resolveConfig({}, { OICHAT_USER_RATE_LIMIT: '-1' })).toThrow(/OICHAT_USER_RATE_LIMIT must be/);
    expect(() => resolveConfig({}, { OICHAT_TYPING_INTERVAL: '1.5' })).toThrow(ConfigError);
    expect(() => resolveConfig({}, { OICHAT_SIGNATURE_V1: 'maybe' })).toThrow(/accept or refuse/);
    expect(() =>
      resolveConfig({}, { OICHAT_HTTP_HEADERS_TIMEOUT_MS: '20000', OICHAT_HTTP_REQUEST_TIMEOUT_MS: '10000' }),
    ).toThrow(/must not be longer than the request timeout/);
  });

  it('trust no proxy unless told which, and refuse what is not an address, a range or a keyword', () => {
    expect(resolveConfig({}, {}).trustProxy).toEqual([]);
    expect(resolveConfig({}, { OICHAT_TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
    ]);
    expect(resolveConfig({ trustProxy: '192.0.2.7' }, { OICHAT_TRUST_PROXY: 'loopback' }).trustProxy).toEqual([
      '192.0.2.7',
    ]);
    expect(() => resolveConfig({}, { OICHAT_TRUST_PROXY: 'loopback,my-balancer' })).toThrow(
      /--trust-proxy \(OICHAT_TRUST_PROXY\) takes .*"my-balancer" is none of these/,
    );
    expect(() => resolveConfig({ trustProxy: '10.0.0.0/33' }, {})).toThrow(ConfigError);
  });

  it('are each in the table of docs/server.md, with the default and range in force', () => {
    const doc = readFileSync(new URL('../../../docs/server.md', import.meta.url), 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\| `--([a-z-]+)` \| `([A-Z_]+)` \| `(\d+)` \| (\d+)–(\d+) \|/gm)].map((m) => [
        m[1],
        { env: m[2], default: Number(m[3]), min: Number(m[4]), max: Number(m[5]) },
      ]),
    );
    const defaults = resolveConfig({}, {}).limits as Record<string, number>;
    for (const [key, s] of Object.entries(LIMIT_SETTINGS)) {
      expect(rows.get(s.flag), s.flag).toEqual({ env: s.env, default: defaults[key], min: s.min, max: s.max });
    }
  });

  it('each have a flag and a variable of their own', () => {
    const settings = Object.values(LIMIT_SETTINGS);
    expect(new Set(settings.map((s) => s.flag)).size).toBe(settings.length);
    expect(new Set(settings.map((s) => s.env)).size).toBe(settings.length);
  });
});
