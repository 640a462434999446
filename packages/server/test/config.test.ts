/**
 * The limit settings (docs/server.md, "Limits that protect the server"): each from its flag, else
 * its environment variable, else its default; out-of-range values are refused naming the setting.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, LIMIT_SETTINGS, resolveConfig } from '../src/config.js';

describe('limit settings', () => {
  it('default to the documented values', () => {
    const { limits, signatureV1 } = resolveConfig({}, {});
    expect(limits).toEqual({
      httpHeadersTimeoutMs: 10_000,
      httpRequestTimeoutMs: 30_000,
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

  it('each have a flag and a variable of their own', () => {
    const settings = Object.values(LIMIT_SETTINGS);
    expect(new Set(settings.map((s) => s.flag)).size).toBe(settings.length);
    expect(new Set(settings.map((s) => s.env)).size).toBe(settings.length);
  });
});
