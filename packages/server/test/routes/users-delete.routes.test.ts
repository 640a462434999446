/**
 * DELETE /v1/users/:user_id: the user's tokens are revoked, they leave every room with the events
 * and webhooks leaving makes (the last one out deletes the room), and their messages stay or,
 * with redact_messages=true, are erased everywhere OiChat keeps them: history, the stored
 * events later deliveries and re-sends carry, and what realtime participants are sent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignedClient } from '../helpers/signed-client.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';
import { freePort, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { TestSocket } from '../helpers/ws-client.js';

let t: TestServer;
const sockets: TestSocket[] = [];
const receivers: Receiver[] = [];
beforeAll(async () => {
  // Quick retries, many of them: a delivery to a dead endpoint stays pending for half a minute.
  const retries = Array.from({ length: 300 }, () => '0.1').join(',');
  t = await startTestServer({ webhooksAllowPrivate: true, env: { OICHAT_WEBHOOK_RETRY_SCHEDULE: retries } });
});
afterAll(() => t.close());
afterEach(async () => {
  for (const s of sockets.splice(0)) s.ws.terminate();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** A project of its own with a webhook receiver subscribed to every event (or, `down`, a URL nobody answers). */
async function project({ down = false } = {}) {
  const { client } = await t.newProject();
  const receiver = await startReceiver();
  receivers.push(receiver);
  const url = down ? `http://127.0.0.1:${await freePort()}/hooks` : receiver.url;
  const created = await client.post('/v1/webhooks', { url });
  expect(created.status).toBe(201);
  return { client, receiver, endpointId: created.body.endpoint_id as string };
}

const tokenOf = async (client: SignedClient, userId: string) =>
  (await client.post('/v1/auth/token', { user_id: userId })).body.token as string;
const group = async (client: SignedClient, participants: string[]) =>
  (await client.post('/v1/rooms', { type: 'group', participants })).body.room_id as string;
const send = async (client: SignedClient, roomId: string, sender: string, content: string, extra = {}) => {
  const res = await client.post('/v1/messages', { room_id: roomId, sender_id: sender, content, ...extra });
  expect(res.status).toBe(201);
  return res.body;
};
const connect = async (token: string) => {
  const s = await TestSocket.connect(t.url, token);
  sockets.push(s);
  return s;
};
const history = async (client: SignedClient, roomId: string) =>
  (await client.get(`/v1/rooms/${roomId}/messages`)).body.data as any[];

describe('DELETE /v1/users/:user_id', () => {
  it('revokes the tokens and takes the user out of every room with the events leaving makes; messages stay', async () => {
    const { client, receiver } = await project();
    const [gone, peer, third] = [uniqueUser('gone'), uniqueUser('peer'), uniqueUser('third')];
    const goneToken = await tokenOf(client, gone);
    const peerToken = await tokenOf(client, peer);
    const shared = await group(client, [gone, peer, third]);
    const alone = await group(client, [gone, third]);
    await client.post(`/v1/rooms/${alone}/leave`, { user_id: third });
    const direct = (await client.post('/v1/rooms', { type: 'direct', participants: [gone, peer] })).body.room_id;
    const untouched = await group(client, [peer, third]);
    const said = await send(client, shared, gone, 'my words stay');
    const goneSocket = await connect(goneToken);
    const peerSocket = await connect(peerToken);
    const marker = receiver.received.length;

    const res = await client.delete(`/v1/users/${gone}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user_id: gone,
      deleted_at: expect.any(String),
      rooms_left: 3,
      rooms_deleted: 1,
      messages_redacted: 0,
    });

    // Tokens: REST refuses them, the open socket closes 4003.
    expect((await goneSocket.closed).code).toBe(4003);
    const me = await userFetch(t.url, goneToken, '/v1/me/rooms');
    expect(me.status).toBe(401);
    expect(((await me.json()) as any).error.code).toBe('token_revoked');
    // Rooms: left everywhere, the room they were alone in deleted, the others kept.
    expect((await client.get(`/v1/rooms/${shared}`)).body.participants).toEqual([peer, third]);
    expect((await client.get(`/v1/rooms/${direct}`)).body.participants).toEqual([peer]);
    expect((await client.get(`/v1/rooms/${alone}`)).body.error.code).toBe('room_not_found');
    expect((await client.get(`/v1/rooms?user_id=${gone}`)).body.data).toEqual([]);
    expect((await client.get(`/v1/rooms/${untouched}`)).body.participants).toEqual([peer, third]);
    // The peer hears of each room they share.
    await peerSocket.waitForCount('participant.removed', 2);
    expect(
      peerSocket
        .of('participant.removed')
        .map((f) => [f.room_id, f.user_id])
        .sort(),
    ).toEqual(
      [
        [shared, gone],
        [direct, gone],
      ].sort(),
    );
    // Webhooks: a participant.removed per room, then room.deleted for the one left empty.
    const events = (await receiver.waitFor((all) => all.length >= marker + 4)).slice(marker).map((r) => r.json);
    expect(
      events
        .filter((e) => e.type === 'participant.removed')
        .map((e) => e.data.room_id)
        .sort(),
    ).toEqual([shared, alone, direct].sort());
    expect(events.filter((e) => e.type === 'room.deleted').map((e) => e.data.room.room_id)).toEqual([alone]);
    expect(events.every((e) => e.data.user_id === undefined || e.data.user_id === gone)).toBe(true);
    // Messages stay as they were.
    expect(await history(client, shared)).toEqual([said]);
    // And the user is gone from the users API.
    expect((await client.get(`/v1/users/${gone}`)).body.error.code).toBe('user_not_found');
    expect((await client.get('/v1/users')).body.data.map((u: any) => u.user_id)).not.toContain(gone);
    const again = await client.delete(`/v1/users/${gone}`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('user_not_found');
  });

  it('with redact_messages=true erases content and metadata everywhere: history, pending and re-sent webhooks, realtime', async () => {
    // The endpoint is down at first, so the message.created deliveries wait in the outbox.
    const { client, receiver, endpointId } = await project({ down: true });
    const [gone, peer] = [uniqueUser('gone'), uniqueUser('peer')];
    await tokenOf(client, gone);
    const peerToken = await tokenOf(client, peer);
    const room = await group(client, [gone, peer]);
    const other = await group(client, [gone, peer, uniqueUser()]);
    const first = await send(client, room, gone, 'my card number is 4111', { metadata: { order: '1234' } });
    const theirs = await send(client, room, peer, 'thanks');
    const second = await send(client, room, gone, 'https://cdn.example.com/id.png', { content_type: 'image' });
    const elsewhere = await send(client, other, gone, 'also mine');
    const peerSocket = await connect(peerToken);

    const res = await client.delete(`/v1/users/${gone}?redact_messages=true`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rooms_left: 2, rooms_deleted: 0, messages_redacted: 3 });
    const at = res.body.deleted_at;

    // History keeps every seq; the user's messages are empty, the peer's untouched.
    const erased = (m: any) => ({ ...m, content: '', metadata: {}, redacted_at: at });
    expect(await history(client, room)).toEqual([erased(first), theirs, erased(second)]);
    expect(await history(client, other)).toEqual([erased(elsewhere)]);

    // Realtime: participants are told, per room, whose messages up to which seq were erased.
    const told = await peerSocket.waitFor((f) => f.type === 'messages.redacted' && f.room_id === room);
    expect(told).toEqual({ type: 'messages.redacted', room_id: room, sender_id: gone, up_to_seq: 3, redacted_at: at });
    await peerSocket.waitFor((f) => f.type === 'messages.redacted' && f.room_id === other);

    // Webhooks: the deliveries that were still pending carry the redacted messages, then the
    // room's messages.redacted comes before participant.removed.
    await client.patch(`/v1/webhooks/${endpointId}`, { url: receiver.url });
    const all = await receiver.waitFor((got) => got.filter((r) => r.json.type === 'participant.removed').length === 2);
    const inRoom = all
      .map((r) => r.json)
      .filter((e) => (e.data.message?.room_id ?? e.data.room_id ?? e.data.room?.room_id) === room);
    expect(inRoom.map((e) => e.type)).toEqual([
      'room.created',
      'message.created',
      'message.created',
      'message.created',
      'messages.redacted',
      'participant.removed',
    ]);
    const delivered = inRoom.filter((e) => e.type === 'message.created').map((e) => e.data.message);
    expect(delivered).toEqual([erased(first), theirs, erased(second)]);
    expect(inRoom[4]!.data).toEqual({
      room_id: room,
      sender_id: gone,
      up_to_seq: 3,
      redacted_count: 2,
      redacted_at: at,
    });
    expect(all.some((r) => r.body.includes('4111') || r.body.includes('id.png'))).toBe(false);

    // A re-send of an old event carries the redacted message too.
    const firstEvent = inRoom[1]!;
    const marker = receiver.received.length;
    await client.post(`/v1/webhooks/${endpointId}/resend`, { event_id: firstEvent.id });
    const [resent] = (await receiver.waitFor((got) => got.length > marker)).slice(marker);
    expect(resent!.json.id).toBe(firstEvent.id);
    expect(resent!.json.data.message).toEqual(erased(first));
  });

  it('a user issued a token again is a new user: no rooms, and tokens from before the deletion stay revoked', async () => {
    const { client } = await project();
    const id = uniqueUser();
    await client.post('/v1/auth/token', { user_id: id, user_name: 'Before', role: 'agent' });
    const oldToken = await tokenOf(client, id);
    await group(client, [id, uniqueUser()]);
    expect((await client.delete(`/v1/users/${id}`)).status).toBe(200);
    const newToken = await tokenOf(client, id);
    const user = (await client.get(`/v1/users/${id}`)).body;
    expect(user).toMatchObject({ user_id: id, name: null, role: 'user', info: {} });
    expect((await userFetch(t.url, oldToken, '/v1/me/rooms')).status).toBe(401);
    const fresh = await userFetch(t.url, newToken, '/v1/me/rooms');
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as any).data).toEqual([]);
    const refreshed = await client.post('/v1/auth/refresh', { token: oldToken });
    expect(refreshed.body.error.code).toBe('token_revoked');
  });

  it('two deletions of the same user at once: one deletes, the other is 404, and each room hears once', async () => {
    const { client, receiver } = await project();
    const id = uniqueUser();
    await tokenOf(client, id);
    const rooms = [await group(client, [id, uniqueUser()]), await group(client, [id, uniqueUser()])];
    const marker = receiver.received.length;
    const results = await Promise.all([client.delete(`/v1/users/${id}`), client.delete(`/v1/users/${id}`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 404]);
    // A marker event after the deletions: everything they caused was delivered before it.
    const markerRoom = await group(client, [uniqueUser(), uniqueUser()]);
    const got = await receiver.waitFor((all) =>
      all.some((r) => r.json.type === 'room.created' && r.json.data.room.room_id === markerRoom),
    );
    const removals = got.slice(marker).filter((r) => r.json.type === 'participant.removed');
    expect(removals.map((r) => r.json.data.room_id).sort()).toEqual([...rooms].sort());
  });

  it('400 for a redact_messages that is not a boolean; 404 for a user never issued a token', async () => {
    const bad = await t.client.delete(`/v1/users/${uniqueUser()}?redact_messages=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('redact_messages');
    const revokedOnly = uniqueUser();
    await t.client.post('/v1/auth/revoke', { user_id: revokedOnly });
    for (const id of [uniqueUser(), revokedOnly]) {
      const res = await t.client.delete(`/v1/users/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('user_not_found');
    }
  });
});
