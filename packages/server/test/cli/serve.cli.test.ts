/**
 * `oichat serve` as an operator runs it (the BUILT CLI in child processes): `--cors-origins`
 * decides which browser origins may call the end-user API, and a SIGTERM answers 503 (readiness
 * included) to requests that arrive after it, while the requests and webhook deliveries under way
 * finish before the process exits 0 (docs/server.md, "Shutting down"; docs/deployment.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, cleanUpCommands, createProject, serve, tempDb, waitFor } from '../helpers/cli.js';
import { rawConnect } from '../helpers/raw-socket.js';
import { SignedClient, signDocumented } from '../helpers/signed-client.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

beforeAll(assertCliBuilt);
afterAll(cleanUpCommands);

/** The CORS headers the server answers a browser's preflight for GET `path` from `origin` with. */
async function preflight(url: string, path: string, origin: string) {
  const res = await fetch(`${url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  return { status: res.status, allowOrigin: res.headers.get('access-control-allow-origin') };
}

describe.concurrent('oichat serve', () => {
  it('lets browsers call the end-user API from the --cors-origins only, and the backend API from none', async () => {
    const { db } = await tempDb();
    const s = await serve([
      '--port',
      '0',
      '--database',
      db,
      '--cors-origins',
      'https://app.example.com, https://admin.example.com',
    ]);
    expect(await preflight(s.url, '/v1/me/rooms', 'https://app.example.com')).toMatchObject({
      allowOrigin: 'https://app.example.com',
    });
    expect(await preflight(s.url, '/v1/me', 'https://admin.example.com')).toMatchObject({
      allowOrigin: 'https://admin.example.com',
    });
    expect((await preflight(s.url, '/v1/me/rooms', 'https://evil.example.com')).allowOrigin).toBeNull();
    expect((await preflight(s.url, '/v1/rooms', 'https://app.example.com')).allowOrigin).toBeNull();
    expect(await s.stop()).toEqual({ code: 0, signal: null });
  });

  it('lets any origin call the end-user API without --cors-origins (the default, *)', async () => {
    const { db } = await tempDb();
    const s = await serve(['--port', '0', '--database', db]);
    expect((await preflight(s.url, '/v1/me/rooms', 'https://anywhere.example')).allowOrigin).toBe('*');
    expect((await preflight(s.url, '/v1/rooms', 'https://anywhere.example')).allowOrigin).toBeNull();
    expect(await s.stop()).toEqual({ code: 0, signal: null });
  });

  it('on SIGTERM answers 503 to a request after it (readiness too), finishes the request and the webhook under way, and exits 0', async () => {
    const { db } = await tempDb();
    const creds = await createProject(db);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const receiver = await startReceiver({ respond: () => ({ status: 200, release: released }) });
    try {
      const s = await serve(['--port', '0', '--database', db, '--webhooks-allow-private']);
      const client = new SignedClient(s.url, creds);
      const endpoint = (await client.post('/v1/webhooks', { url: receiver.url, event_types: ['room.created'] })).body;
      expect(endpoint.endpoint_id).toMatch(/^we_/);
      await client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
      await waitFor('the webhook to be under way', () => receiver.requests === 1);

      // A request under way: its headers and part of its body, on a connection of its own.
      const path = '/v1/auth/token';
      const body = JSON.stringify({ user_id: 'in-flight' });
      const ts = Math.floor(Date.now() / 1000).toString();
      const head =
        `POST ${path} HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n` +
        `x-oichat-project-id: ${creds.project_id}\r\nx-oichat-api-key: ${creds.api_key}\r\nx-oichat-timestamp: ${ts}\r\n` +
        `x-oichat-signature: ${signDocumented(creds.secret_key, ts, 'POST', path, body)}\r\n\r\n`;
      const socket = await rawConnect(s.url, { allowHalfOpen: true });
      let answers = '';
      socket.setEncoding('utf8').on('data', (c: string) => (answers += c));
      socket.write(head + body.slice(0, 5));
      await waitFor('the server to have the request', () => s.out().includes(`"url":"${path}"`));

      s.child.kill('SIGTERM');
      await waitFor('the server to start shutting down', () => /shutting down/.test(s.out()));
      // The rest of the body, and a readiness check right behind it on the same connection.
      socket.write(`${body.slice(5)}GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n`);
      await waitFor('both answers', () => (answers.match(/HTTP\/1\.1 \d{3}/g) ?? []).length === 2);
      expect(answers.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 503']);
      expect(answers).toContain('"token"');
      socket.destroy();

      // Still running: the webhook under way holds the exit until it is answered.
      expect(s.child.exitCode).toBeNull();
      release();
      expect(await s.exited).toEqual({ code: 0, signal: null });

      // Restarted, the server has it recorded as delivered: it is not sent again.
      const again = await serve(['--port', '0', '--database', db, '--webhooks-allow-private']);
      const attempts = (await new SignedClient(again.url, creds).get(`/v1/webhooks/${endpoint.endpoint_id}/attempts`))
        .body.data;
      expect(
        attempts.map((a: { status_code: number; delivery_status: string }) => [a.status_code, a.delivery_status]),
      ).toEqual([[200, 'delivered']]);
      expect(await again.stop()).toEqual({ code: 0, signal: null });
      expect(receiver.requests).toBe(1);
    } finally {
      release();
      await receiver.close();
    }
  });
});
