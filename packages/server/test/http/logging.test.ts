/**
 * Credentials never reach a log line (docs/server.md): the server's logger censors the api key,
 * the request signature and the Authorization header wherever a request's headers are logged, here
 * at the most verbose level, with request headers included as an operator's serializer would.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loggerOptions } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { SignedClient } from '../helpers/signed-client.js';
import { freshDatabase, type TestDatabase } from '../helpers/test-database.js';
import { userFetch } from '../helpers/user-fetch.js';

const lines: string[] = [];
let server: RunningServer;
let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const options = loggerOptions('trace') as Record<string, unknown>;
  server = await startServer(resolveConfig({ port: 0, host: '127.0.0.1', database: db.url, rateLimit: 0 }, {}), {
    logger: {
      ...options,
      stream,
      serializers: {
        req: (req: { method: string; url: string; headers: IncomingHttpHeaders }) => ({
          method: req.method,
          url: req.url,
          headers: req.headers,
        }),
      },
    },
  });
});
afterAll(async () => {
  try {
    await server.close();
  } finally {
    await db.drop();
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
