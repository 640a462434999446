import { describe, expect, it } from 'vitest';
import {
  OiChatApiError,
  OiChatConfigError,
  OiChatError,
  OiChatNetworkError,
  OiChatServerError,
} from '../../src/index.ts';

describe('error classes', () => {
  it('all extend OiChatError and Error, with their own name', () => {
    const init = { statusCode: 404, errorCode: 'room_not_found', message: 'gone', requestId: 'req_1' };
    const errors = [
      new OiChatApiError(init),
      new OiChatServerError({ ...init, statusCode: 503, errorCode: 'http_503' }),
      new OiChatNetworkError('down', { cause: new Error('ECONNRESET') }),
      new OiChatConfigError('apiKey', 'bad'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(OiChatError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(error.constructor.name);
      expect(String(error)).toBe(`${error.name}: ${error.message}`);
    }
    expect(errors[0]).not.toBeInstanceOf(OiChatServerError);
    expect(errors[1]).not.toBeInstanceOf(OiChatApiError);
  });
  // The documented fields as the SDK fills them from a real answer: test/core/request.errors.test.ts.
});
