/**
 * Bad input to the message features (issue 12), backend and end user: always a 4xx, naming the
 * field and the rule when it is a validation error; never a 500, never half-written, on either store.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asUser, newRoom, send, tokenOf, type UserCaller } from '../helpers/message-actors.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let alice: UserCaller;
let roomId: string;
let id: string;
let deletedId: string;

beforeAll(async () => {
  t = await startTestServer();
  alice = asUser(t, await tokenOf(t, 'alice'));
  roomId = await newRoom(t, ['alice', 'bob']);
  id = (await send(t, roomId, 'alice', 'original', { metadata: { k: 1 } })).message_id;
  deletedId = (await send(t, roomId, 'alice', 'gone')).message_id;
  await t.client.delete(`/v1/messages/${deletedId}`);
});
afterAll(() => t.close());

const LONG = 'x'.repeat(65);

type Case = [
  caller: 'backend' | 'user',
  method: string,
  /** {id}, {deleted}, {room}, {long} stand for the ids made before the tests (and a 65-character id). */
  path: string,
  body: unknown,
  status: number,
  field?: string,
];

const cases: Case[] = [
  ['backend', 'PATCH', '/v1/messages/{id}', { content: null }, 400, 'content'],
  ['backend', 'PATCH', '/v1/messages/{id}', { metadata: [] }, 400, 'metadata'],
  ['backend', 'PATCH', '/v1/messages/{id}', { metadata: 'x' }, 400, 'metadata'],
  ['backend', 'PATCH', '/v1/messages/{id}', { content: 'a\u0000b' }, 400, 'content'],
  ['backend', 'PATCH', '/v1/messages/{id}', [], 400],
  ['backend', 'PATCH', '/v1/messages/{long}', { content: 'x' }, 400, 'message_id'],
  ['backend', 'PATCH', '/v1/messages/{deleted}', { content: 'x' }, 409],
  ['backend', 'POST', '/v1/messages/{id}/reactions', { user_id: 'alice', type: 5 }, 400, 'type'],
  ['backend', 'POST', '/v1/messages/{id}/reactions', { type: 'x' }, 400, 'user_id'],
  ['backend', 'POST', '/v1/messages/{id}/reactions', { user_id: 'alice', type: 'a\u0000' }, 400, 'type'],
  ['backend', 'DELETE', '/v1/messages/{id}/reactions/x', undefined, 400, 'user_id'],
  ['backend', 'DELETE', '/v1/messages/{id}/reactions/{long}?user_id=alice', undefined, 400, 'type'],
  ['backend', 'DELETE', '/v1/messages/{id}/reactions/%E2%80%A8?user_id=alice', undefined, 400, 'type'],
  ['backend', 'DELETE', '/v1/messages/{id}/reactions/%FF?user_id=alice', undefined, 400],
  ['backend', 'POST', '/v1/messages/{deleted}/pin', undefined, 409],
  ['backend', 'GET', '/v1/messages/{id}/replies?after=1&before=2', undefined, 400, 'before'],
  ['backend', 'GET', '/v1/messages/{id}/replies?limit=0', undefined, 400, 'limit'],
  ['backend', 'GET', '/v1/messages/{id}/replies?after=-1', undefined, 400, 'after'],
  ['backend', 'GET', '/v1/messages/{id}/replies?after=abc', undefined, 400, 'after'],
  ['backend', 'GET', '/v1/rooms/room_nope/pins', undefined, 404],
  ['backend', 'GET', '/v1/messages/search', undefined, 400, 'query'],
  ['backend', 'GET', '/v1/messages/search?query=a&limit=101', undefined, 400, 'limit'],
  ['backend', 'GET', '/v1/messages/search?query=a&cursor=garbage', undefined, 400],
  // A malformed UTF-8 sequence is read as U+FFFD, text like any other (found nowhere).
  ['backend', 'GET', '/v1/messages/search?query=a%00b', undefined, 400], // invalid_url: a NUL in the URL
  ['backend', 'GET', '/v1/messages/search?query=%ED%A0%80', undefined, 200],
  ['backend', 'GET', '/v1/messages/search?query=a&room_id={long}', undefined, 400, 'room_id'],
  [
    'backend',
    'POST',
    '/v1/messages',
    { room_id: '{room}', sender_id: 'alice', content: 'x', parent_id: '{long}' },
    400,
    'parent_id',
  ],
  [
    'backend',
    'POST',
    '/v1/messages',
    { room_id: '{room}', sender_id: 'alice', content: 'x', parent_id: '{deleted}' },
    400,
    'parent_id',
  ],
  [
    'backend',
    'POST',
    '/v1/messages',
    { room_id: '{room}', sender_id: 'alice', content: 'x', mentions: 'bob' },
    400,
    'mentions',
  ],
  [
    'backend',
    'POST',
    '/v1/messages',
    { room_id: '{room}', sender_id: 'alice', content: 'x', mentions: ['bob', 5] },
    400,
    'mentions.1',
  ],
  [
    'backend',
    'POST',
    '/v1/messages',
    { room_id: '{room}', sender_id: 'alice', content: 'x', mentions: [''] },
    400,
    'mentions.0',
  ],
  ['user', 'PATCH', '/v1/me/messages/{id}', {}, 400, 'body'],
  ['user', 'PATCH', '/v1/me/messages/{id}', { content: 'x', sender_id: 'bob' }, 400, 'sender_id'],
  ['user', 'POST', '/v1/me/messages/{id}/reactions', { type: 'x', user_id: 'bob' }, 400, 'user_id'],
  ['user', 'POST', '/v1/me/messages/{deleted}/reactions', { type: 'x' }, 409],
  ['user', 'GET', '/v1/me/messages/search?query=a&sender_id=bob', undefined, 400, 'sender_id'],
  ['user', 'GET', '/v1/me/messages/search?query=a%00', undefined, 400],
  ['user', 'POST', '/v1/me/rooms/{room}/messages', { content: 'x', parent_id: '{deleted}' }, 400, 'parent_id'],
];

/** The case with its ids filled in (they exist only once beforeAll ran). */
const filled = <T>(value: T): T =>
  JSON.parse(
    JSON.stringify(value).replace(/\{(id|deleted|room|long)\}/g, (_, k: string) =>
      k === 'id' ? id : k === 'deleted' ? deletedId : k === 'room' ? roomId : LONG,
    ),
  );

it.each(cases)('%s %s %s → %s', async (caller, method, rawPath, rawBody, status, field) => {
  const [path, body] = [filled(rawPath), rawBody === undefined ? undefined : filled(rawBody)];
  const res =
    caller === 'backend'
      ? await t.client.call(method, path, body === undefined ? {} : { body })
      : await alice.call(method, path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
  if (field !== undefined) expect(res.body.error.details).toContainEqual(expect.objectContaining({ field }));
  // Nothing was half-done: the message is as it was sent.
  expect((await t.client.get(`/v1/messages/${id}`)).body).toMatchObject({ content: 'original', metadata: { k: 1 } });
});
