/**
 * What `content` holds for `image` and `file` messages: an https:// URL (http:// only to a
 * loopback host) until attachments exist, for backend sends and user sends alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';

let t: TestServer;
let roomId: string;
let user: string;
let token: string;

beforeAll(async () => {
  t = await startTestServer();
  user = uniqueUser();
  token = (await t.client.post('/v1/auth/token', { user_id: user })).body.token;
  roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: [user, uniqueUser()] })).body.room_id;
});
afterAll(() => t.close());

const backendSend = (content_type: string, content: string) =>
  t.client.post('/v1/messages', { room_id: roomId, sender_id: user, content_type, content });

async function userSend(content_type: string, content: string) {
  const res = await userFetch(t.url, token, `/v1/me/rooms/${roomId}/messages`, { body: { content_type, content } });
  return { status: res.status, body: (await res.json()) as any };
}

const history = async () => (await t.client.get(`/v1/rooms/${roomId}/messages?limit=100`)).body.data as any[];

describe('content of image and file messages', () => {
  it.each([
    ['image', 'https://cdn.example.com/photos/receipt.png'],
    ['file', 'https://files.example.com/invoice%201234.pdf?sig=abc'],
    ['image', 'http://localhost:3000/dev/cat.png'],
    ['file', 'http://127.0.0.1:9000/bucket/a.txt'],
    ['image', 'http://[::1]:8080/x.png'],
  ])('%s accepts %s, stored as sent', async (type, url) => {
    const res = await backendSend(type, url);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ content_type: type, content: url });
    const mine = await userSend(type, url);
    expect(mine.status).toBe(201);
    expect(mine.body.content).toBe(url);
  });

  it.each([
    ['image', 'not a url'],
    ['image', 'cat.png'],
    ['file', '/relative/path.pdf'],
    ['file', 'ftp://files.example.com/a.pdf'],
    ['image', 'javascript:alert(1)'],
    ['image', 'data:image/png;base64,iVBORw0KGgo='],
    ['image', 'http://cdn.example.com/plain-http.png'],
    ['file', 'http://10.0.0.5/internal.pdf'],
    ['file', 'https://user:secret@files.example.com/a.pdf'],
    ['image', ' https://cdn.example.com/a.png'],
  ])(
    '%s refuses %j with 400 naming content, for the backend and the user, and stores nothing',
    async (type, content) => {
      const before = (await history()).length;
      for (const res of [await backendSend(type, content), await userSend(type, content)]) {
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.details).toEqual([
          expect.objectContaining({ field: 'content', rule: 'fileUrl', message: expect.stringContaining('https://') }),
        ]);
        expect(res.body.error.message).toContain(`content_type "${type}"`);
      }
      expect(await history()).toHaveLength(before);
    },
  );

  it('leaves text, custom and system content free-form', async () => {
    for (const [content_type, sender_id] of [
      ['text', user],
      ['custom', user],
      ['system', 'system'],
    ] as const) {
      const res = await t.client.post('/v1/messages', {
        room_id: roomId,
        sender_id,
        content_type,
        content: 'not a url',
      });
      expect(res.status).toBe(201);
    }
  });
});
