/**
 * Credentials never reach a log line (docs/server.md): the server's logger censors the api key,
 * the request signature and the Authorization header wherever a request's headers are logged, here
 * at the most verbose level, with request headers included as an operator's serializer would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { loggerOptions, requestLogFields } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { backendUpload, download, pngOf } from '../helpers/attachments.js';
import { SignedClient } from '../helpers/signed-client.js';
import { freshDatabase, type TestDatabase } from '../helpers/test-database.js';
import { userFetch } from '../helpers/user-fetch.js';

const lines: string[] = [];
let server: RunningServer;
let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await freshDatabase();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const options = loggerOptions('trace') as Record<string, unknown>;
  dir = await mkdtemp(join(tmpdir(), 'oichat-logging-'));
  const config = resolveConfig({ port: 0, host: '127.0.0.1', database: db.url, rateLimit: 0 }, {});
  server = await startServer(
    { ...config, attachments: { ...config.attachments, dir } },
    {
      logger: {
        ...options,
        stream,
        serializers: {
          req: (req: FastifyRequest) => ({ ...requestLogFields(req), headers: req.headers }),
        },
      },
    },
  );
});
afterAll(async () => {
  try {
    await server.close();
  } finally {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
});

it('logs requests with their headers, the api key, signature and bearer token censored', async () => {
  const credentials = await server.services.projects.create('logged');
  const client = new SignedClient(server.url, credentials);
  const token = (await client.post('/v1/auth/token', { user_id: 'logged-user' })).body.token as string;
  expect((await userFetch(server.url, token, '/v1/me/rooms')).status).toBe(200);

  const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req?.headers);
  const signed = requests.find((l) => l.req.url === '/v1/auth/token');
  const user = requests.find((l) => l.req.url === '/v1/me/rooms');
  expect(signed.req.headers).toMatchObject({
    'x-oichat-project-id': credentials.project_id,
    'x-oichat-api-key': '[redacted]',
    'x-oichat-signature': '[redacted]',
  });
  expect(user.req.headers).toMatchObject({ authorization: '[redacted]' });

  const everything = lines.join('\n');
  for (const secret of [credentials.api_key, credentials.secret_key, token]) expect(everything).not.toContain(secret);
});

it('logs a signed download URL with its signature censored: the URL is a capability until it expires', async () => {
  const credentials = await server.services.projects.create('logged-downloads');
  const client = new SignedClient(server.url, credentials);
  const room = (await client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body.room_id as string;
  const uploaded = await backendUpload(server.url, credentials, room, 'photo.png', await pngOf(40, 30));
  expect(uploaded.status).toBe(201);
  const { url, thumbnail } = uploaded.body as { url: string; thumbnail: { url: string } };
  for (const signed of [url, thumbnail.url]) expect((await download(signed)).status).toBe(200);

  const signatures = [url, thumbnail.url].map((u) => new URL(u).searchParams.get('signature')!);
  for (const signature of signatures) expect(signature.length).toBeGreaterThan(10);
  const everything = lines.join('\n');
  for (const signature of signatures) expect(everything).not.toContain(signature);
  const downloads = lines
    .map((l) => JSON.parse(l))
    .filter((l) => l.req?.url?.startsWith(`/v1/attachments/${uploaded.body.attachment_id}/`));
  expect(downloads.length).toBeGreaterThanOrEqual(2);
  for (const line of downloads) expect(line.req.url).toMatch(/[?&]signature=\[redacted\]/);
});
