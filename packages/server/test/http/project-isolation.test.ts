import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedClient } from '../helpers/signed-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let intruder: SignedClient;
let roomId: string;
beforeAll(async () => {
  t = await startTestServer();
  intruder = (await t.newProject('intruder')).client;
  roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: ['victim', 'agent'], name: 'secret' })).body
    .room_id;
  await t.client.post('/v1/messages', { room_id: roomId, sender_id: 'victim', content: 'private' });
});
afterAll(() => t.close());

describe('project isolation', () => {
  it("answers another project's room exactly as a room that does not exist", async () => {
    const theirs = await intruder.get(`/v1/rooms/${roomId}`);
    const nothing = await intruder.get('/v1/rooms/room_doesnotexist0000000');
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe(nothing.body.error.code);
    expect(theirs.body.error.message).toBe(nothing.body.error.message.replace('room_doesnotexist0000000', roomId));
  });

  it("cannot read, change, message, join, leave or delete another project's room", async () => {
    const attempts = await Promise.all([
      intruder.get(`/v1/rooms/${roomId}/messages?after=0`),
      intruder.patch(`/v1/rooms/${roomId}`, { name: 'pwned' }),
      intruder.post('/v1/messages', { room_id: roomId, sender_id: 'system', content: 'spam' }),
      intruder.post(`/v1/rooms/${roomId}/participants`, { user_id: 'spy' }),
      intruder.delete(`/v1/rooms/${roomId}/participants/victim`),
      intruder.post(`/v1/rooms/${roomId}/leave`, { user_id: 'victim' }),
      intruder.delete(`/v1/rooms/${roomId}`),
    ]);
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('room_not_found');
    }
    const room = (await t.client.get(`/v1/rooms/${roomId}`)).body;
    expect(room).toMatchObject({ name: 'secret', participants: ['victim', 'agent'], message_count: 1 });
  });

  it("does not list another project's rooms for the same user id", async () => {
    const res = await intruder.get('/v1/rooms?user_id=victim');
    expect(res.body.data).toEqual([]);
  });

  it('creates a separate direct room for the same pair in each project', async () => {
    const mine = await t.client.post('/v1/rooms', { type: 'direct', participants: ['p', 'q'] });
    const theirs = await intruder.post('/v1/rooms', { type: 'direct', participants: ['p', 'q'] });
    expect(theirs.status).toBe(201);
    expect(theirs.body.room_id).not.toBe(mine.body.room_id);
  });
});
