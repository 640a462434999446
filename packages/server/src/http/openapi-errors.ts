/**
 * The error responses of the OpenAPI document. Each operation declares every status it can
 * answer with, in the one error shape, and each status lists the codes it may carry and what
 * they mean. The generic ones follow from the route (signed, end-user, has a body, takes a
 * cursor, is an idempotent POST); a route names its own (`room_not_found`) in `errorCodes`.
 * Every code of errors/app-error.ts is listed here (a test checks it, statuses included).
 */
export const ERROR_CODES = {
  invalid_url: [400, 'the request URL is malformed'],
  malformed_request: [400, 'the request is not valid HTTP/1.1'],
  validation_failed: [400, 'a field breaks a rule; `details` names each field and the rule'],
  invalid_json: [400, 'the body is not valid JSON'],
  invalid_cursor: [400, 'the cursor is not one this list returned, or it is older than 24 hours'],
  bad_request: [400, 'the request was refused as malformed'],
  missing_credentials: [401, 'an X-OiChat-* header is missing'],
  malformed_credentials: [401, 'an X-OiChat-* header is malformed'],
  stale_timestamp: [401, 'X-OiChat-Timestamp is more than 300 s from the server clock'],
  invalid_api_key: [401, 'the api key does not exist, has expired, or is another project’s'],
  invalid_signature: [401, 'the signature does not match the request'],
  replayed_request: [401, 'this signature was already used: sign every attempt anew (a fresh nonce)'],
  signature_version_refused: [401, 'this server no longer accepts v1 signatures: sign with v2'],
  missing_token: [401, 'no `Authorization: Bearer` user token'],
  invalid_token: [401, 'the token is not a valid token of this project'],
  token_expired: [401, 'the token has expired: refresh it'],
  token_revoked: [401, 'the user’s tokens were revoked after this one was issued'],
  token_too_old: [401, 'the token expired more than 30 days ago: issue a new one'],
  not_found: [404, 'there is no such route'],
  project_not_found: [404, 'the project does not exist'],
  room_not_found: [404, 'the room does not exist, was deleted, or (end-user API) the user is not in it'],
  user_not_found: [404, 'the project never issued a token to this user, or the user was deleted'],
  webhook_endpoint_not_found: [404, 'the webhook endpoint does not exist'],
  event_not_found: [404, 'the event does not exist'],
  message_not_found: [404, 'the message does not exist, or (end-user API) the user is not in its room'],
  not_message_sender: [403, 'only the sender of a message may edit or delete it through the end-user API'],
  message_deleted: [409, 'the message was deleted: it cannot be edited, reacted to or pinned'],
  request_timeout: [408, 'the request did not arrive whole in time'],
  idempotency_in_progress: [409, 'a request with this Idempotency-Key is still running: retry with the same key'],
  room_full: [409, 'the room has the maximum number of participants'],
  direct_room_participants_fixed: [409, 'a direct room’s participants cannot change'],
  payload_too_large: [413, 'the body is larger than the limit'],
  unsupported_media_type: [415, 'the body is not application/json'],
  range_not_satisfiable: [416, 'the Range header cannot be served'],
  idempotency_key_reused: [422, 'this Idempotency-Key was used for another request'],
  sender_not_participant: [422, 'sender_id is not a participant of the room'],
  participant_not_found: [422, 'the user is not a participant of the room'],
  headers_too_large: [431, 'the request line and headers are larger than the limit'],
  rate_limited: [
    429,
    'too many requests for this project (or, on the end-user API, this user): wait Retry-After seconds',
  ],
  internal_error: [500, 'the server failed; nothing was changed'],
  shutting_down: [503, 'the server is shutting down: retry in a moment'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERROR_CODES;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  416: 'Range not satisfiable',
  422: 'Unprocessable request',
  429: 'Too many requests',
  431: 'Request headers too large',
  500: 'Internal error',
  503: 'Unavailable',
};

/** What a route is, as far as its possible errors go. */
export interface RouteFacts {
  method: string;
  /** Signed with the project secret (the backend API). */
  signed: boolean;
  /** Authenticated with a user token (the end-user API). */
  userToken: boolean;
  /** Has path, query or body fields that are validated. */
  validated: boolean;
  /** Takes a `cursor` query parameter. */
  paged: boolean;
  /** Codes the route names itself. */
  own: readonly ErrorCode[];
}

/** Every code an operation can answer with. */
export function errorCodesOf(route: RouteFacts): ErrorCode[] {
  // What any request can meet, before routing (the HTTP parser, the URL) or after (a failure, shutdown).
  const codes: ErrorCode[] = [
    'invalid_url',
    'malformed_request',
    'request_timeout',
    'headers_too_large',
    'internal_error',
    'shutting_down',
  ];
  if (route.validated) codes.push('validation_failed');
  if (route.paged) codes.push('invalid_cursor');
  if (['POST', 'PUT', 'PATCH'].includes(route.method))
    codes.push('invalid_json', 'payload_too_large', 'unsupported_media_type');
  if (route.signed) {
    codes.push('missing_credentials', 'malformed_credentials', 'stale_timestamp', 'invalid_api_key');
    codes.push('invalid_signature', 'replayed_request', 'signature_version_refused', 'rate_limited');
    if (route.method === 'POST') codes.push('idempotency_in_progress', 'idempotency_key_reused');
  }
  if (route.userToken) codes.push('missing_token', 'invalid_token', 'token_expired', 'token_revoked', 'rate_limited');
  return [...new Set([...codes, ...route.own])];
}

/** The error responses, by status: the Error schema, described by the codes each may carry. */
export function errorResponses(codes: readonly ErrorCode[]): Record<string, Record<string, unknown>> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code][0];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const meanings = list.map((c) => `\`${c}\`: ${ERROR_CODES[c][1]}`).join('; ');
    out[status] = {
      $ref: 'Error#',
      description: `${STATUS_TEXT[status] ?? 'Error'}. \`error.code\` is one of ${meanings}.`,
    };
  }
  return out;
}
