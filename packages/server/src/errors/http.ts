/**
 * The one place errors become HTTP responses: AppErrors keep their status and code; Fastify's
 * own failures (validation, body parsing, media type, size) are translated into catalogue
 * errors; anything else is logged and answered as a bare 500 with no internals. Bytes Node's HTTP
 * parser refuses before there is a request at all get the same envelope, written on the socket.
 *
 * It imports nothing above errors/: what it must know of the server's settings (the body limit a
 * 413 names) is passed in by whoever configured it (app.ts).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, errors, validationFailed, type ErrorDetail } from './app-error.js';
import { type AjvError, plainMessage } from './validation-messages.js';

/** What the field of a whole part is called, when the broken rule is about all of it. */
const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'headers' };

function fieldOf(e: AjvError, part: string): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') path.push(String(e.params.missingProperty));
  if (e.keyword === 'additionalProperties') path.push(String(e.params.additionalProperty));
  return path.join('.') || (PART_NAMES[part] ?? 'body');
}

/** At most this many broken rules are listed: a huge array of bad items must not make a huge answer. */
export const MAX_DETAILS = 20;

export function ajvDetails(validation: AjvError[], part = 'body'): ErrorDetail[] {
  return validation
    .slice(0, MAX_DETAILS)
    .map((e) => ({ field: fieldOf(e, part), rule: e.keyword, message: plainMessage(e) }));
}

/**
 * Turns any thrown value into the AppError the client will see. `bodyLimit`: the largest body the
 * server accepts, in bytes (what a too-large body is told).
 */
export function toAppError(err: unknown, bodyLimit: number): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (e.validation) return validationFailed(ajvDetails(e.validation, e.validationContext));
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType(String((e as { contentType?: string }).contentType ?? 'of this request'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge(bodyLimit);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidJson('the body is empty');
    case 'FST_ERR_BAD_URL':
      return errors.invalidUrl();
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.invalidJson(e.message);
  }
  if (e instanceof SyntaxError) return errors.invalidJson(e.message);
  const status = (e as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return errors.refused(status, e.message);
  return null;
}

/**
 * The error code each error response carried, for its "request completed" log line (the res
 * serializer in app.ts): with the request id already on that line, a user's bug report finds it.
 */
const errorCodes = new WeakMap<FastifyReply, string>();

export function errorCodeOf(reply: FastifyReply): string | undefined {
  return errorCodes.get(reply);
}

/** Records a code for an answer that is not an error body (a readiness check's 503). */
export function noteErrorCode(reply: FastifyReply, code: string): void {
  errorCodes.set(reply, code);
}

export function sendError(reply: FastifyReply, request: FastifyRequest, err: AppError): FastifyReply {
  errorCodes.set(reply, err.code);
  if (err.headers) reply.headers(err.headers);
  return reply.status(err.status).send({
    error: {
      code: err.code,
      message: err.message,
      request_id: request.id,
      ...(err.details && { details: err.details }),
    },
  });
}

export function registerErrorHandling(app: FastifyInstance, { bodyLimit }: { bodyLimit: number }): void {
  app.setErrorHandler((err, request, reply) => {
    const known = toAppError(err, bodyLimit);
    // What a dependency said when it failed (the attachment storage) is the operator's to read.
    if (known?.status === 503 && known.cause !== undefined)
      request.log.error({ err: known.cause, error_code: known.code }, 'a dependency failed');
    if (known) return sendError(reply, request, known);
    request.log.error({ err, error_code: 'internal_error' }, 'unhandled error');
    return sendError(reply, request, errors.internal());
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, request, errors.routeNotFound(request.method, request.url)),
  );
}

/** Node's own limit on the request line and headers together (http.maxHeaderSize). */
const MAX_HEADER_BYTES = 16 * 1024;

/** What a refusal by the HTTP parser (no request exists yet) means to the client. */
function clientErrorOf(err: NodeJS.ErrnoException & { reason?: string }): AppError {
  switch (err.code) {
    case 'HPE_INVALID_URL':
      return errors.invalidUrl(
        'a character in it must be percent-encoded: a space, a control character or any non-ASCII byte (as UTF-8, e.g. %C3%A9 for é)',
      );
    case 'HPE_HEADER_OVERFLOW':
      return errors.headersTooLarge(MAX_HEADER_BYTES);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return errors.requestTimeout();
    default:
      return errors.malformedRequest((err.reason ?? err.message).replace(/^Parse Error: /, '').toLowerCase());
  }
}

/**
 * Fastify's clientErrorHandler: answers in the documented error shape (with a request id of its
 * own from `newRequestId`, as there is no request) and closes the connection, whose bytes cannot
 * be trusted to frame another request.
 */
export function clientErrorAnswer(newRequestId: () => string) {
  return function answerClientError(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
    answer(this, err, socket, newRequestId());
  };
}

function answer(app: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex, requestId: string): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = clientErrorOf(err);
  app.log.debug({ code: err.code, reqId: requestId }, 'unparseable request refused');
  const body = JSON.stringify({ error: { code: known.code, message: known.message, request_id: requestId } });
  // Only on a connection that has sent nothing yet: a pipelined request may be mid-answer.
  if (socket.writable && (socket as Duplex & { bytesWritten?: number }).bytesWritten === 0) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}
