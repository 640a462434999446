// Base of the resource namespaces (oichat.auth, oichat.rooms, oichat.messages): they share the
// client's transport, so configuration, signing and retries live in one place.

import { OiChatConfigError } from '../core/errors.js';
import type { Transport } from '../core/request.js';

export abstract class APIResource {
  protected readonly _transport: Transport;

  constructor(transport: Transport) {
    this._transport = transport;
  }
}

/**
 * Encodes one path parameter. Rejects an empty or non-string id before anything is sent (an
 * OiChatConfigError, so a caller's `catch (e) { if (e instanceof OiChatError) … }` sees it): an
 * empty segment would silently address another route (e.g. GET /v1/rooms/ is not "get room").
 */
export function pathParam(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new OiChatConfigError(name, `OiChat: ${name} must be a non-empty string`);
  }
  return encodeURIComponent(value);
}
