/**
 * The one error catalogue of the server. Every failure a client can see is an AppError with a
 * stable machine code; `errors/http.ts` is the only place that turns them into responses.
 * Services throw these; they never know about HTTP beyond the status each code implies.
 */

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `participants.1` or `user_info.avatar_url`. */
  field: string;
  /** The rule it breaks, e.g. `required`, `maxLength`, `maxBytes`. */
  rule: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers the error implies (e.g. Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Several field errors at once, reported as one 400 `validation_failed`. */
export function validationFailed(details: ErrorDetail[]): AppError {
  const message = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return new AppError(400, 'validation_failed', message, details);
}

export function fieldError(field: string, rule: string, message: string): AppError {
  return validationFailed([{ field, rule, message }]);
}

export const errors = {
  invalidJson: (why: string) => new AppError(400, 'invalid_json', `The request body is not valid JSON: ${why}`),
  invalidUrl: (why = 'bad percent-encoding') =>
    new AppError(400, 'invalid_url', `The request URL is malformed (${why}).`),
  malformedRequest: (why: string) =>
    new AppError(400, 'malformed_request', `The request is not valid HTTP/1.1: ${why}.`),
  requestTimeout: () =>
    new AppError(408, 'request_timeout', 'The request did not arrive in time; send it again, whole.'),
  headersTooLarge: (limitBytes: number) =>
    new AppError(431, 'headers_too_large', `The request line and headers are larger than ${limitBytes} bytes.`),
  invalidCursor: () =>
    new AppError(
      400,
      'invalid_cursor',
      'The cursor is not one this API returned for this list, or it is older than 24 hours.',
    ),

  missingCredentials: (header: string) =>
    new AppError(401, 'missing_credentials', `The ${header} header is required on backend requests.`),
  malformedCredentials: (header: string, rule: string) =>
    new AppError(401, 'malformed_credentials', `The ${header} header is malformed: ${rule}.`),
  staleTimestamp: () =>
    new AppError(
      401,
      'stale_timestamp',
      'X-OiChat-Timestamp is more than 300 seconds away from the server clock; check the clock and sign again.',
    ),
  invalidApiKey: () =>
    new AppError(401, 'invalid_api_key', 'The api key does not exist, has expired, or belongs to another project.'),
  invalidSignature: () =>
    new AppError(401, 'invalid_signature', 'The request signature does not match; sign with the current secret key.'),
  replayedRequest: () =>
    new AppError(
      401,
      'replayed_request',
      'This request signature was already used; sign every request and every retry anew, with a new X-OiChat-Nonce.',
    ),
  signatureVersionRefused: () =>
    new AppError(
      401,
      'signature_version_refused',
      'This server no longer accepts signature version 1; sign with v2 (upgrade the server SDK).',
    ),
  invalidToken: (why: string) => new AppError(401, 'invalid_token', `The token is not valid: ${why}.`),
  missingToken: () => new AppError(401, 'missing_token', 'Send the user token as Authorization: Bearer <token>.'),
  tokenExpired: () =>
    new AppError(401, 'token_expired', 'The token has expired; get a new one from your backend (auth.refreshToken).'),
  tokenRevoked: () =>
    new AppError(401, 'token_revoked', "The user's tokens were revoked by the backend after this one was issued."),
  tokenTooOld: () =>
    new AppError(401, 'token_too_old', 'The token expired more than 30 days ago; issue a new one with createToken.'),

  routeNotFound: (method: string, url: string) => new AppError(404, 'not_found', `No route ${method} ${url}.`),
  projectNotFound: (projectId: string) => new AppError(404, 'project_not_found', `Project ${projectId} was not found.`),
  webhookNotFound: (endpointId: string) =>
    new AppError(404, 'webhook_endpoint_not_found', `Webhook endpoint ${endpointId} was not found.`),
  eventNotFound: (eventId: string) => new AppError(404, 'event_not_found', `Event ${eventId} was not found.`),
  roomNotFound: (roomId: string) => new AppError(404, 'room_not_found', `Room ${roomId} was not found.`),
  messageNotFound: (messageId: string) => new AppError(404, 'message_not_found', `Message ${messageId} was not found.`),
  notMessageSender: (action: string) =>
    new AppError(403, 'not_message_sender', `Only the sender of a message may ${action} it.`),
  messageDeleted: (messageId: string) =>
    new AppError(409, 'message_deleted', `Message ${messageId} was deleted; it can no longer change.`),
  userNotFound: (userId: string) =>
    new AppError(
      404,
      'user_not_found',
      `User ${userId} was not found: a user exists once auth.createToken has issued them a token, until they are deleted.`,
    ),

  idempotencyInProgress: () =>
    new AppError(
      409,
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed; retry with the same key.',
    ),
  roomFull: (max: number) => new AppError(409, 'room_full', `The room already has the maximum of ${max} participants.`),
  directRoomParticipantsFixed: () =>
    new AppError(
      409,
      'direct_room_participants_fixed',
      'Participants of a direct room cannot be added or removed; create a group room instead.',
    ),

  payloadTooLarge: (limit: number) =>
    new AppError(413, 'payload_too_large', `The request body is larger than ${limit} bytes.`),
  unsupportedMediaType: (type: string) =>
    new AppError(415, 'unsupported_media_type', `Content-Type ${type} is not supported; send application/json.`),

  idempotencyKeyReused: () =>
    new AppError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used with another method, path or body; use a new key for a new request.',
    ),
  senderNotParticipant: (senderId: string, roomId: string) =>
    new AppError(
      422,
      'sender_not_participant',
      `sender_id ${senderId} is not a participant of room ${roomId}; use "system" for system messages.`,
    ),
  readBeyondLastMessage: (seq: number, lastSeq: number) =>
    new AppError(400, 'validation_failed', `seq ${seq} is beyond the room's last message (${lastSeq}).`, [
      { field: 'seq', rule: 'maximum', message: `must be at most the room's last_seq (${lastSeq})` },
    ]),
  participantNotFound: (userId: string, roomId: string) =>
    new AppError(422, 'participant_not_found', `User ${userId} is not a participant of room ${roomId}.`),

  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      429,
      'rate_limited',
      `Too many requests for this project; retry after ${retryAfterSeconds} s.`,
      undefined,
      {
        'retry-after': String(retryAfterSeconds),
      },
    ),

  userRateLimited: (limit: string, retryAfterSeconds: number) =>
    new AppError(
      429,
      'rate_limited',
      `Too many requests from this user (at most ${limit}); retry after ${retryAfterSeconds} s.`,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    ),

  /** A refusal raised by Fastify or a plugin with its own 4xx status (a static file path, a Range header). */
  refused: (status: number, why: string) =>
    status === 403 || status === 404
      ? new AppError(404, 'not_found', 'Not found.')
      : new AppError(
          status,
          status === 416 ? 'range_not_satisfiable' : 'bad_request',
          `The request was refused: ${why}`,
        ),
  internal: () => new AppError(500, 'internal_error', 'An internal error occurred; nothing was changed.'),
  shuttingDown: () =>
    new AppError(
      503,
      'shutting_down',
      'The server is shutting down; retry in a moment (or on another node).',
      undefined,
      {
        connection: 'close',
        'retry-after': '1',
      },
    ),
} as const;
