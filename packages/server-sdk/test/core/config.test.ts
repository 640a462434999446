import { describe, expect, it } from 'vitest';
import { OiChat, OiChatConfigError, OiChatError } from '../../src/index.ts';
import { DEFAULT_BASE_URL, resolveConfig, resolveRequestOptions } from '../../src/core/config.ts';

const valid = { apiKey: 'ak_live_abc123', secretKey: 'sk_SuperSecret123', projectId: 'proj_abc' };

function configError(fn: () => unknown): OiChatConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OiChatConfigError);
    expect(error).toBeInstanceOf(OiChatError);
    return error as OiChatConfigError;
  }
  throw new Error('expected an OiChatConfigError');
}

describe('client configuration', () => {
  it("applies the seed's defaults", () => {
    const client = new OiChat(valid);
    expect(client.baseUrl).toBe('https://api.oichatapi.com');
    expect(DEFAULT_BASE_URL).toBe('https://api.oichatapi.com');
    expect(client.timeout).toBe(10_000);
    expect(client.maxRetries).toBe(2);
    expect(client.projectId).toBe('proj_abc');
  });

  it('keeps explicit options and strips trailing slashes from baseUrl, keeping a path prefix', () => {
    const client = new OiChat({ ...valid, baseUrl: 'http://127.0.0.1:8080/chat/', timeout: 250, maxRetries: 0 });
    expect(client.baseUrl).toBe('http://127.0.0.1:8080/chat');
    expect(client.timeout).toBe(250);
    expect(client.maxRetries).toBe(0);
  });

  it.each(['apiKey', 'secretKey', 'projectId'] as const)('requires %s and names it', (field) => {
    for (const value of [undefined, null, '']) {
      const error = configError(() => new OiChat({ ...valid, [field]: value } as never));
      expect(error.field).toBe(field);
      expect(error.message).toContain(`config.${field} is required`);
    }
    const error = configError(() => new OiChat({ ...valid, [field]: 42 } as never));
    expect(error.message).toContain(`config.${field} must be a string`);
  });

  it.each([
    ['apiKey', 'sk_live_swapped', 'ak_'],
    ['apiKey', 'ak_live_with space', 'ak_'],
    ['secretKey', 'ak_live_swapped', 'sk_'],
    ['secretKey', 'sk_line\nbreak', 'sk_'],
    ['projectId', 'project-1', 'proj_'],
  ] as const)('rejects a malformed %s (%j) naming the field and the expected prefix', (field, value, prefix) => {
    const error = configError(() => new OiChat({ ...valid, [field]: value }));
    expect(error.field).toBe(field);
    expect(error.message).toContain(`config.${field} is malformed`);
    expect(error.message).toContain(prefix);
  });

  it('never quotes the value in its message (it may be the secret)', () => {
    const secret = 'sk_bad secret with spaces';
    const error = configError(() => new OiChat({ ...valid, secretKey: secret }));
    expect(error.message).not.toContain('bad secret');
    expect(JSON.stringify(error)).not.toContain('bad secret');
  });

  it.each([
    ['not a url', 'not a valid URL'],
    ['ftp://example.com', 'http(s)'],
    ['https://user:pw@example.com', 'credentials'],
    ['https://example.com?x=1', 'query'],
    ['', 'non-empty'],
  ])('rejects baseUrl %j', (baseUrl, message) => {
    const error = configError(() => new OiChat({ ...valid, baseUrl }));
    expect(error.field).toBe('baseUrl');
    expect(error.message).toContain(message);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '1000'])('rejects timeout %j', (timeout) => {
    const error = configError(() => new OiChat({ ...valid, timeout: timeout as number }));
    expect(error.field).toBe('timeout');
    expect(error.message).toContain('config.timeout');
  });

  it.each([-1, 1.5, Number.NaN, '2'])('rejects maxRetries %j', (maxRetries) => {
    const error = configError(() => new OiChat({ ...valid, maxRetries: maxRetries as number }));
    expect(error.field).toBe('maxRetries');
    expect(error.message).toContain('config.maxRetries');
  });

  it('rejects a missing config object', () => {
    expect(configError(() => new OiChat(undefined as never)).field).toBe('config');
    expect(configError(() => new OiChat('ak_live_x' as never)).field).toBe('config');
  });
});

describe('per-call options', () => {
  const client = resolveConfig(valid);

  it("fall back to the client's", () => {
    expect(resolveRequestOptions(undefined, client)).toEqual({
      idempotencyKey: undefined,
      timeout: 10_000,
      maxRetries: 2,
      signal: undefined,
    });
    const signal = new AbortController().signal;
    expect(resolveRequestOptions({ timeout: 5, maxRetries: 0, idempotencyKey: 'k-1', signal }, client)).toEqual({
      idempotencyKey: 'k-1',
      timeout: 5,
      maxRetries: 0,
      signal,
    });
  });

  it.each([
    [{ idempotencyKey: '' }, 'idempotencyKey'],
    [{ idempotencyKey: 'has space' }, 'idempotencyKey'],
    [{ idempotencyKey: 'ключ' }, 'idempotencyKey'],
    [{ idempotencyKey: 'x'.repeat(256) }, 'idempotencyKey'],
    [{ timeout: 0 }, 'timeout'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ signal: {} }, 'signal'],
  ])('reject %j naming the option', (options, field) => {
    const error = configError(() => resolveRequestOptions(options as never, client));
    expect(error.field).toBe(field);
    expect(error.message).toContain(`options.${field}`);
  });

  it('accept an idempotency key of 255 visible ASCII characters', () => {
    const key = '~'.repeat(255);
    expect(resolveRequestOptions({ idempotencyKey: key }, client).idempotencyKey).toBe(key);
  });
});
