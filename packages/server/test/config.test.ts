/** The settings issue 10 added: their defaults, and a clear refusal of values out of range. */
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../src/config.js';

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
