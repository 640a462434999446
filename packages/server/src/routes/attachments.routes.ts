/**
 * Attachments over HTTP: uploads (the raw file as the body, its name in `?name=`) for the
 * backend (`POST /v1/rooms/:room_id/attachments`, signed over the body's SHA-256) and for end
 * users (`POST /v1/me/rooms/:room_id/attachments`), descriptions with fresh signed URLs
 * (`GET /v1/attachments/:id`, `GET /v1/me/attachments/:id`), and the signed download URLs
 * themselves (`GET /v1/attachments/:id/content|thumbnail?expires=…&signature=…`), which need no
 * credentials and are served with headers that keep a browser from running anything.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errors } from '../errors/app-error.js';
import { acceptStreamedBody, streamedBody } from '../http/raw-body.js';
import { projectOf } from '../http/request-context.js';
import { userOf } from '../http/user-auth.js';
import type { Download } from '../services/attachments.service.js';
import { PROCESSED_IMAGES, servedType } from '../services/attachment-types.js';
import type { Services } from '../services/index.js';
import { typed, type RouteDeps } from './route-deps.js';
import { RoomId, withErrors } from './schemas.js';

const AttachmentRef = (description: string) => Type.Unsafe({ $ref: 'Attachment#', description });
const AttachmentParams = Type.Object({ attachment_id: Type.String({ minLength: 1, maxLength: 64 }) });
const UploadParams = Type.Object({ room_id: RoomId });

/** A file name as a user's device names it: no path, no control characters. */
const UploadQuery = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[^\\x00-\\x1f\\x7f/\\\\]+$',
      'x-rule': 'may not contain / \\ or control characters',
      description: 'The file name shown to recipients (1–255 characters, no / \\ or control characters)',
    }),
  },
  { additionalProperties: false },
);

const UPLOAD_DESCRIPTION =
  'The body is the file itself, sent as is (any Content-Type; the type is judged from the bytes). Images come back with width, height, a thumbnail and a blurhash.';
const UPLOAD_ERRORS = [
  'room_not_found',
  'attachment_too_large',
  'attachment_type_not_allowed',
  'attachment_type_mismatch',
  'attachment_undecodable',
  'storage_unavailable',
] as const;

function declaredLength(header: string | undefined): number | undefined {
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/** The schema both upload routes share; the backend's and the user's differ in what they add. */
const uploadSchema = (extra: { operationId: string; summary: string; description: string; tags: string[] }) => ({
  ...extra,
  params: UploadParams,
  querystring: UploadQuery,
  response: withErrors({ 201: AttachmentRef('The attachment, ready to send in a message') }),
  errorCodes: UPLOAD_ERRORS,
});

type UploadRequest = FastifyRequest<{ Params: { room_id: string }; Querystring: { name: string } }>;

/** Registers an upload route whose uploader is `uploaderOf(request)` (null: the backend). */
async function uploadRoute(
  app: FastifyInstance,
  services: Services,
  path: string,
  options: { schema: ReturnType<typeof uploadSchema> & { security?: unknown[] }; config?: { streamedBody: boolean } },
  uploaderOf: (request: UploadRequest) => string | null,
): Promise<void> {
  await app.register(async (uploads) => {
    acceptStreamedBody(uploads);
    // A large file on a slow link takes minutes: its body is timed by the upload idle timeout.
    const config = { ...options.config, uploadBody: true };
    typed(uploads).post(path, { ...options, config } as never, async (request: UploadRequest, reply) => {
      try {
        const attachment = await services.attachments.upload(projectOf(request), {
          roomId: request.params.room_id,
          uploaderId: uploaderOf(request),
          name: request.query.name,
          body: streamedBody(request),
          declaredLength: declaredLength(request.headers['content-length']),
          verifyBody: request.verifySignedBody,
        });
        return reply.status(201).send(attachment);
      } catch (err) {
        // The connection went mid-upload (the client cancelled, or its body deadline cut it
        // off): nothing was kept and nobody is left to answer. Not a server error to log as one.
        if (!request.raw.socket?.destroyed) throw err;
        request.log.info({ err: (err as Error).message }, 'upload cut off: the connection closed before its end');
        reply.hijack();
        return reply;
      }
    });
  });
}

/** One range of the file, as `Range: bytes=…` asks; null to send it whole (none, or several asked). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '' && to === '') return null;
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size || start > end) throw errors.rangeNotSatisfiable(size);
  return { start, end };
}

/** `filename` for old clients (ASCII), `filename*` (RFC 8187) with the name as it is. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  // RFC 8187 allows none of ' ( ) * unencoded, which encodeURIComponent leaves as they are.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

async function sendDownload(
  reply: FastifyReply,
  download: Download,
  headers: { range?: string | undefined; 'if-none-match'?: string | undefined },
) {
  const range = parseRange(headers.range, download.size);
  const inline = PROCESSED_IMAGES.has(download.mime_type);
  reply.headers({
    'content-type': servedType(download.mime_type),
    'content-disposition': disposition(inline ? 'inline' : 'attachment', download.name),
    'x-content-type-options': 'nosniff',
    // Even were it rendered as a page, it could run nothing and load nothing.
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'cross-origin',
    'cache-control': `private, max-age=${download.secondsLeft}`,
    etag: `"${download.sha256}"`,
    'accept-ranges': 'bytes',
  });
  // The bytes of an attachment never change: a client that has them (its ETag) needs none.
  if (headers['if-none-match']?.split(/\s*,\s*/).includes(`"${download.sha256}"`)) return reply.status(304).send();
  if (range) {
    reply.status(206);
    reply.header('content-range', `bytes ${range.start}-${range.end}/${download.size}`);
    reply.header('content-length', String(range.end - range.start + 1));
    return reply.send(await download.read(range));
  }
  reply.header('content-length', String(download.size));
  return reply.send(await download.read());
}

const MediaType = Type.String({
  pattern: '^[a-z0-9.+-]+/[a-z0-9.+-]+$',
  maxLength: 255,
  'x-rule': 'must be a media type such as image/png',
});
const SettingsView = Type.Object(
  {
    max_bytes: Type.Unsafe<number | null>({
      type: ['integer', 'null'],
      description: 'The project’s own limit; null: the server’s',
    }),
    allowed_types: Type.Unsafe<string[] | null>({
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'The project’s own list; null: the server’s',
    }),
    effective: Type.Object(
      { max_bytes: Type.Integer(), allowed_types: Type.Array(Type.String()) },
      { description: 'What uploads to the project are held to now' },
    ),
    server: Type.Object(
      { max_bytes: Type.Integer(), allowed_types: Type.Array(Type.String()) },
      { description: 'The server’s limits: the ceiling of the project’s' },
    ),
  },
  { description: 'The project’s attachment limits' },
);
const SettingsBody = Type.Object(
  {
    max_bytes: Type.Optional(
      Type.Unsafe<number | null>({
        type: ['integer', 'null'],
        minimum: 1,
        description: 'Largest upload in bytes, at most the server’s; null: the server’s',
      }),
    ),
    allowed_types: Type.Optional(
      Type.Unsafe<string[] | null>({
        type: ['array', 'null'],
        items: MediaType,
        minItems: 1,
        maxItems: 100,
        uniqueItems: true,
        description: 'Types an upload’s bytes may be, each allowed by the server; null: the server’s list',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The signed backend API's attachment routes (inside the backend group). */
export async function attachmentsRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  const r = typed(app);

  r.get(
    '/v1/attachments/settings',
    {
      schema: {
        tags: ['attachments'],
        operationId: 'attachments_settings',
        summary: 'The project’s attachment limits (size, types) and the server’s',
        response: withErrors({ 200: SettingsView }),
      },
    },
    (request) => services.attachmentSettings.get(projectOf(request)),
  );

  r.patch(
    '/v1/attachments/settings',
    {
      schema: {
        tags: ['attachments'],
        operationId: 'attachments_updateSettings',
        summary: 'Narrow the project’s attachment limits within the server’s',
        body: SettingsBody,
        response: withErrors({ 200: SettingsView }),
      },
    },
    (request) => services.attachmentSettings.update(projectOf(request), request.body),
  );
  await uploadRoute(
    app,
    services,
    '/v1/rooms/:room_id/attachments',
    {
      config: { streamedBody: true },
      schema: uploadSchema({
        tags: ['attachments'],
        operationId: 'attachments_upload',
        summary: 'Upload a file to a room (the body is the file)',
        description: `${UPLOAD_DESCRIPTION} The signature covers the SHA-256 of the body like any other.`,
      }),
    },
    () => null,
  );

  r.get(
    '/v1/attachments/:attachment_id',
    {
      schema: {
        tags: ['attachments'],
        operationId: 'attachments_get',
        summary: 'An attachment, with fresh signed URLs',
        params: AttachmentParams,
        response: withErrors({ 200: AttachmentRef('The attachment') }),
        errorCodes: ['attachment_not_found'],
      },
    },
    (request) => services.attachments.get(projectOf(request), request.params.attachment_id),
  );
}

/** The end-user API's attachment routes (inside the /v1/me group). */
export async function meAttachmentsRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const security = [{ userToken: [] }];
  await uploadRoute(
    app,
    services,
    '/v1/me/rooms/:room_id/attachments',
    {
      schema: {
        ...uploadSchema({
          tags: ['me'],
          operationId: 'me_attachments_upload',
          summary: 'Upload a file to a room I am in (the body is the file)',
          description: UPLOAD_DESCRIPTION,
        }),
        security,
      },
    },
    (request) => userOf(request).userId,
  );

  typed(app).get(
    '/v1/me/attachments/:attachment_id',
    {
      schema: {
        tags: ['me'],
        operationId: 'me_attachments_get',
        summary: 'An attachment of a room I am in, with fresh signed URLs',
        security,
        params: AttachmentParams,
        response: withErrors({ 200: AttachmentRef('The attachment') }),
        errorCodes: ['attachment_not_found'],
      },
    },
    (request) => services.attachments.getAs(projectOf(request), userOf(request).userId, request.params.attachment_id),
  );
}

/** The signed download URLs: no credentials, the signature in the URL is the authorization. */
export async function attachmentDownloadRoutes(
  app: FastifyInstance,
  { services }: { services: Services },
): Promise<void> {
  const r = typed(app);
  const query = Type.Object({
    expires: Type.Optional(Type.String({ maxLength: 20 })),
    signature: Type.Optional(Type.String({ maxLength: 128 })),
  });
  for (const variant of ['content', 'thumbnail'] as const) {
    r.get(
      `/v1/attachments/:attachment_id/${variant}`,
      {
        schema: {
          tags: ['attachments'],
          operationId: variant === 'content' ? 'attachments_downloadContent' : 'attachments_downloadThumbnail',
          summary:
            variant === 'content'
              ? 'The file (a signed URL from an attachment’s `url`; supports Range)'
              : 'The image’s WebP thumbnail (a signed URL from `thumbnail.url`)',
          security: [],
          params: AttachmentParams,
          querystring: query,
          response: {
            200: Type.Unsafe({ description: 'The bytes, with Content-Disposition and nosniff' }),
            ...(variant === 'content' && { 206: Type.Unsafe({ description: 'The range asked for' }) }),
            304: Type.Unsafe({ description: 'Not modified: If-None-Match named its ETag' }),
          },
          errorCodes: [
            'download_url_invalid',
            'download_url_expired',
            'attachment_not_found',
            'range_not_satisfiable',
            'storage_unavailable',
          ],
        },
      },
      async (request, reply) => {
        const download = await services.attachments.download(
          request.params.attachment_id,
          variant,
          request.query.expires,
          request.query.signature,
        );
        return sendDownload(reply, download, {
          range: variant === 'content' ? request.headers.range : undefined,
          'if-none-match': request.headers['if-none-match'],
        });
      },
    );
  }
}
