import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { type OiChatApiError, OiChatConfigError, OiChatNetworkError, OiChatServerError } from '../../src/index.ts';
import { rejection } from '../helpers/assertions.ts';
import { credentials, describeWithServer, makeClient, uid } from '../helpers/env.ts';
import { errorBody, useFaultProxy } from '../helpers/proxy-fixture.ts';

describeWithServer('errors (fault proxy in front of the real server)', () => {
  const fixture = useFaultProxy();
  const client = (options: Parameters<typeof makeClient>[0] = {}) =>
    makeClient({ baseUrl: fixture.proxy.url, ...options });

  it('a 2xx whose body is not JSON is an OiChatServerError invalid_response, not retried', async () => {
    const { proxy } = fixture;
    proxy.inject({ type: 'status', status: 200, body: '<html>captive portal</html>' });
    const error = await rejection(client().rooms.get('room_x'));
    expect(error).toBeInstanceOf(OiChatServerError);
    expect(error).toMatchObject({ statusCode: 200, errorCode: 'invalid_response' });
    expect(proxy.requests).toHaveLength(1);
  });

  it("carries the documented fields as the server's answer gave them", async () => {
    const error = (await rejection(client().rooms.create({ type: 'group', participants: [uid()] }))) as OiChatApiError;
    expect(error).toMatchObject({
      statusCode: 400,
      errorCode: 'validation_failed',
      message: expect.stringContaining('participants'),
      requestId: expect.stringMatching(/^req_/),
      details: [expect.objectContaining({ field: 'participants', rule: 'minItems', message: expect.any(String) })],
    });
    const { proxy } = fixture;
    proxy.inject({ type: 'drop-before' });
    const network = (await rejection(client({ maxRetries: 0 }).rooms.get('room_x'))) as OiChatNetworkError;
    expect(network).toBeInstanceOf(OiChatNetworkError);
    expect(network.timedOut).toBe(false);
    expect(network.cause).toBeInstanceOf(Error);
    expect(inspect(network)).toContain(String((network.cause as Error).message));
  });

  it('no error of any kind carries the secret key, however it is printed', async () => {
    const { proxy } = fixture;
    const secret = credentials().secretKey;
    const errors: unknown[] = [];
    errors.push(await rejection(client().rooms.get('room_missing'))); // 404 from the server
    errors.push(await rejection(client().rooms.create({ type: 'group', participants: [uid()] }))); // 400 with details
    proxy.inject({ type: 'status', status: 500, body: errorBody('internal_error') });
    errors.push(await rejection(client({ maxRetries: 0 }).rooms.get('room_x')));
    proxy.inject({ type: 'drop-before' });
    errors.push(await rejection(client({ maxRetries: 0 }).rooms.get('room_x')));
    proxy.inject({ type: 'delay-before', ms: 1_000 });
    errors.push(await rejection(client({ maxRetries: 0, timeout: 100 }).rooms.get('room_x')));
    errors.push(await rejection(client().rooms.get('room_x', { idempotencyKey: 'bad key' })));
    errors.push(await rejection(makeClient({ secretKey: 'sk_wrong0000000000' }).rooms.get('room_x'))); // 401

    expect(errors.map((e) => (e as Error).constructor.name)).toEqual([
      'OiChatApiError',
      'OiChatApiError',
      'OiChatServerError',
      'OiChatNetworkError',
      'OiChatNetworkError',
      'OiChatConfigError',
      'OiChatApiError',
    ]);
    expect(errors[3]).toBeInstanceOf(OiChatNetworkError);
    expect(errors[5]).toBeInstanceOf(OiChatConfigError);
    expect((errors[6] as OiChatApiError).errorCode).toBe('invalid_signature');
    for (const error of errors) {
      const renderings = [
        String(error),
        (error as Error).stack ?? '',
        JSON.stringify(error),
        inspect(error, { depth: Infinity, showHidden: true }),
      ];
      for (const text of renderings) expect(text).not.toContain(secret);
    }
  });
});
