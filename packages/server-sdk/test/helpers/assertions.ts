// Shared expectations: what an OiChat error looks like, and how to catch one for inspection.

import { expect } from 'vitest';
import { OiChatApiError, OiChatError } from '../../src/index.ts';

/** Awaits a promise that must reject, and returns the rejection for inspection. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Asserts a 4xx OiChatApiError with the documented fields and returns it. */
export async function expectApiError(
  promise: Promise<unknown>,
  statusCode: number,
  errorCode: string,
): Promise<OiChatApiError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(OiChatApiError);
  expect(error).toBeInstanceOf(OiChatError);
  const apiError = error as OiChatApiError;
  expect({ statusCode: apiError.statusCode, errorCode: apiError.errorCode }).toEqual({ statusCode, errorCode });
  expect(apiError.message.length).toBeGreaterThan(0);
  expect(apiError.requestId).toMatch(/^\S+$/);
  return apiError;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.');
  const decode = (part: string | undefined): Record<string, unknown> =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload) };
}
